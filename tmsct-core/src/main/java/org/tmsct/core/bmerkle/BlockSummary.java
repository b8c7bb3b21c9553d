package org.tmsct.core.bmerkle;

import com.google.gson.JsonObject;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import org.tmsct.core.bloom.BloomFilter;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.merkle.MerkleProof;
import org.tmsct.core.merkle.MerkleTree;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.JsonFields;
import org.tmsct.core.record.RecordFormatException;

/**
 * The B-Merkle summary of one anchored slave block: a Merkle root over the block's anchor entries
 * (proves what is in the block) and a Bloom filter over their trace codes (says quickly what is
 * not). Every master-chain endorser rebuilds it from the entries and compares.
 *
 * <p>{@link #build} makes one pass over the entries: each entry's {@link AnchorEntry#leafBytes()}
 * is hashed into the Merkle tree while its tid is inserted into the filter.
 *
 * <p>JSON form (the anchor record stored on the master chain), canonically encoded: {@code
 * {"blockHash":"<64 hex>","blockNumber":<int>,"bloom":"<base64 of BloomFilter.toBytes()>",
 * "entryCount":<int>,"merkleRoot":"<64 hex>","slaveChainId":"..."}}.
 */
public final class BlockSummary {

    /** Maximum length of a slave chain id in characters. */
    public static final int MAX_CHAIN_ID_LENGTH = 128;

    private static final String DOCUMENT = "block summary";

    private final String slaveChainId;
    private final long blockNumber;
    private final String blockHash;
    private final byte[] merkleRoot;
    private final BloomFilter filter;
    private final int entryCount;

    /** Present only on summaries built from entries; needed for proofs. */
    private final MerkleTree tree;

    private BlockSummary(
            String slaveChainId,
            long blockNumber,
            String blockHash,
            byte[] merkleRoot,
            BloomFilter filter,
            int entryCount,
            MerkleTree tree) {
        this.slaveChainId = checkChainId(slaveChainId);
        if (blockNumber < 0 || blockNumber > JsonFields.MAX_SAFE_INTEGER) {
            throw new RecordFormatException(
                    DOCUMENT
                            + ": blockNumber must be between 0 and "
                            + JsonFields.MAX_SAFE_INTEGER
                            + ", got "
                            + blockNumber);
        }
        if (!Hex.isLowerHex(blockHash, Sha256.LENGTH)) {
            throw new RecordFormatException(
                    DOCUMENT + ": blockHash must be 64 lowercase hex characters (SHA-256)");
        }
        this.blockNumber = blockNumber;
        this.blockHash = blockHash;
        this.merkleRoot = merkleRoot;
        this.filter = filter;
        this.entryCount = entryCount;
        this.tree = tree;
    }

    /**
     * Summarises slave block {@code blockNumber} of chain {@code slaveChainId} from its anchor
     * entries, in block order.
     *
     * @param blockHashHex the slave block's header hash, 64 lowercase hex characters
     * @param params the chain's filter shape
     */
    public static BlockSummary build(
            String slaveChainId,
            long blockNumber,
            String blockHashHex,
            List<AnchorEntry> entries,
            BloomParams params) {
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(params, "params");
        BloomFilter filter = params.newFilter();
        byte[][] leafHashes = new byte[entries.size()][];
        for (int i = 0; i < leafHashes.length; i++) {
            AnchorEntry entry = Objects.requireNonNull(entries.get(i), "entry " + i);
            leafHashes[i] = MerkleTree.leafHash(entry.leafBytes());
            filter.add(entry.tid());
        }
        MerkleTree tree = MerkleTree.fromLeafHashes(leafHashes);
        return new BlockSummary(
                slaveChainId, blockNumber, blockHashHex, tree.root(), filter, entries.size(), tree);
    }

    /** Parses the JSON form strictly. The result answers queries but cannot produce proofs. */
    public static BlockSummary fromJson(String json) {
        return fromJson(JsonFields.parseObject(json, DOCUMENT));
    }

    /** Builds a summary from its parsed JSON form. */
    public static BlockSummary fromJson(JsonObject object) {
        JsonFields.rejectUnknown(
                object,
                DOCUMENT,
                "blockHash",
                "blockNumber",
                "bloom",
                "entryCount",
                "merkleRoot",
                "slaveChainId");
        String chainId = JsonFields.requireString(object, "slaveChainId", DOCUMENT);
        long number =
                JsonFields.requireLong(
                        object, "blockNumber", 0, JsonFields.MAX_SAFE_INTEGER, DOCUMENT);
        String blockHash = JsonFields.requireString(object, "blockHash", DOCUMENT);
        int count =
                (int) JsonFields.requireLong(object, "entryCount", 0, Integer.MAX_VALUE, DOCUMENT);
        String rootHex = JsonFields.requireString(object, "merkleRoot", DOCUMENT);
        if (!Hex.isLowerHex(rootHex, Sha256.LENGTH)) {
            throw new RecordFormatException(
                    DOCUMENT + ": merkleRoot must be 64 lowercase hex characters");
        }
        BloomFilter filter;
        try {
            filter = BloomFilter.fromBase64(JsonFields.requireString(object, "bloom", DOCUMENT));
        } catch (RecordFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(DOCUMENT + ": field \"bloom\": " + e.getMessage(), e);
        }
        byte[] root = Hex.decode(rootHex);
        if (count == 0
                && (!MessageDigest.isEqual(root, MerkleTree.emptyRoot())
                        || filter.bitCount() != 0)) {
            throw new RecordFormatException(
                    DOCUMENT
                            + ": an empty block must have the empty Merkle root and an empty filter");
        }
        return new BlockSummary(chainId, number, blockHash, root, filter, count, null);
    }

    /**
     * True if {@code proof} shows that {@code entry} is a leaf of the tree with root {@code root}.
     */
    public static boolean verify(AnchorEntry entry, MerkleProof proof, byte[] root) {
        return proof.verify(entry.leafBytes(), root);
    }

    /** True if {@code proof} shows that {@code entry} is in this block. */
    public boolean verify(AnchorEntry entry, MerkleProof proof) {
        return proof.treeSize() == entryCount && verify(entry, proof, merkleRoot);
    }

    /** False if no entry of this block has trace code {@code tid}; true if one probably has. */
    public boolean mightContain(String tid) {
        return filter.mightContain(tid);
    }

    /**
     * The inclusion proof of entry {@code entryIndex}.
     *
     * @throws IllegalStateException on a summary read from JSON (it has no entries to prove)
     */
    public MerkleProof proof(int entryIndex) {
        if (tree == null) {
            throw new IllegalStateException(
                    "this summary was read from JSON; build it from the block's entries to make proofs");
        }
        return tree.proof(entryIndex);
    }

    public String slaveChainId() {
        return slaveChainId;
    }

    public long blockNumber() {
        return blockNumber;
    }

    /** The slave block's header hash, lowercase hex. */
    public String blockHash() {
        return blockHash;
    }

    /** The Merkle root over the entries' leaf bytes (a copy). */
    public byte[] merkleRoot() {
        return merkleRoot.clone();
    }

    public String merkleRootHex() {
        return Hex.encode(merkleRoot);
    }

    /** The Bloom filter over the entries' trace codes (a copy). */
    public BloomFilter filter() {
        return filter.copy();
    }

    /** The shape of the filter. */
    public BloomParams params() {
        return BloomParams.of(filter);
    }

    public int entryCount() {
        return entryCount;
    }

    /** The JSON form, canonically encoded. */
    public String toJson() {
        return CanonicalJson.canonicalString(toJsonObject());
    }

    /** The JSON form as a fresh gson object. */
    public JsonObject toJsonObject() {
        JsonObject object = new JsonObject();
        object.addProperty("blockHash", blockHash);
        object.addProperty("blockNumber", blockNumber);
        object.addProperty("bloom", filter.toBase64());
        object.addProperty("entryCount", entryCount);
        object.addProperty("merkleRoot", merkleRootHex());
        object.addProperty("slaveChainId", slaveChainId);
        return object;
    }

    /**
     * Equal when every field of the JSON form is equal (whether proofs are available does not
     * matter).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof BlockSummary other
                && blockNumber == other.blockNumber
                && entryCount == other.entryCount
                && slaveChainId.equals(other.slaveChainId)
                && blockHash.equals(other.blockHash)
                && MessageDigest.isEqual(merkleRoot, other.merkleRoot)
                && filter.equals(other.filter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(slaveChainId, blockNumber, blockHash, entryCount, filter);
    }

    @Override
    public String toString() {
        return "BlockSummary["
                + slaveChainId
                + " #"
                + blockNumber
                + ", entries="
                + entryCount
                + ", root="
                + merkleRootHex()
                + ", "
                + filter
                + "]";
    }

    private static String checkChainId(String id) {
        if (id == null || id.isEmpty()) {
            throw new RecordFormatException(DOCUMENT + ": slaveChainId is missing or empty");
        }
        if (id.length() > MAX_CHAIN_ID_LENGTH) {
            throw new RecordFormatException(
                    DOCUMENT
                            + ": slaveChainId has "
                            + id.length()
                            + " characters, more than the maximum of "
                            + MAX_CHAIN_ID_LENGTH);
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                throw new RecordFormatException(
                        DOCUMENT + ": slaveChainId has a control character at index " + i);
            }
        }
        return id;
    }
}
