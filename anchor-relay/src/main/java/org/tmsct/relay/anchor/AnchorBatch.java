package org.tmsct.relay.anchor;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.List;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.relay.block.SlaveBlock;

/**
 * One AnchorBlock: slave blocks {@code firstBlock..block.number()}, of which only the last carries
 * records (the empty blocks before it are folded in), with that block's B-Merkle summary, the
 * serialized headers of every block of the range and the orderer's signatures on the last one. A
 * range advance ends with a block without records and carries no entries: the relay sends one when
 * a run of blocks without records reaches the chain's maxRange.
 */
public final class AnchorBatch {

    private final String slaveChainId;
    private final String productType;
    private final long firstBlock;
    private final SlaveBlock block;
    private final BlockSummary summary;
    private final List<String> headers;

    /** A range whose last block carries records, without headers (tests of the loop). */
    public AnchorBatch(
            final String slaveChainId,
            final String productType,
            final long firstBlock,
            final SlaveBlock block,
            final BloomParams params) {
        this(slaveChainId, productType, firstBlock, List.of(), block, params, false);
    }

    /**
     * @param headers the serialized headers (hex) of blocks {@code firstBlock..block.number()}, in
     *     order, or none (tests)
     * @param advance whether this is a range advance (block without records)
     */
    public AnchorBatch(
            final String slaveChainId,
            final String productType,
            final long firstBlock,
            final List<String> headers,
            final SlaveBlock block,
            final BloomParams params,
            final boolean advance) {
        if (firstBlock > block.number()) {
            throw new IllegalArgumentException(
                    "range " + firstBlock + ".." + block.number() + " is empty");
        }
        if (!headers.isEmpty() && headers.size() != block.number() - firstBlock + 1) {
            throw new IllegalArgumentException(
                    headers.size()
                            + " headers for the range "
                            + firstBlock
                            + ".."
                            + block.number());
        }
        if (!advance && !block.hasRecords()) {
            throw new IllegalArgumentException(
                    "block "
                            + block.number()
                            + " has no records; it is folded into the next range");
        }
        this.slaveChainId = slaveChainId;
        this.productType = productType;
        if (advance && block.hasRecords()) {
            throw new IllegalArgumentException(
                    "block " + block.number() + " has records; a range advance carries none");
        }
        this.firstBlock = firstBlock;
        this.block = block;
        this.headers = List.copyOf(headers);
        this.summary =
                BlockSummary.build(
                        slaveChainId, block.number(), block.headerHash(), block.entries(), params);
    }

    public String slaveChainId() {
        return slaveChainId;
    }

    public long firstBlock() {
        return firstBlock;
    }

    public long blockNumber() {
        return block.number();
    }

    public SlaveBlock block() {
        return block;
    }

    /** A range advance: no records, nothing to confirm on the slave channel. */
    public boolean isAdvance() {
        return !block.hasRecords();
    }

    public List<String> headers() {
        return headers;
    }

    public List<String> txIds() {
        return block.txIds();
    }

    public BlockSummary summary() {
        return summary;
    }

    /** The AnchorBlock argument. */
    public String toJson() {
        JsonArray entries = new JsonArray();
        block.entries().forEach(e -> entries.add(e.toJsonObject()));
        // beside the entries, not in them: the Merkle leaves stay the entries' JSON
        JsonArray attestations = new JsonArray();
        block.attestations()
                .forEach(a -> attestations.add(a == null ? JsonNull.INSTANCE : a.deepCopy()));
        JsonObject o = new JsonObject();
        o.addProperty("slaveChainId", slaveChainId);
        o.addProperty("productType", productType);
        o.addProperty("firstBlock", firstBlock);
        o.addProperty("blockNumber", block.number());
        o.addProperty("blockHash", block.headerHash());
        o.add("entries", entries);
        o.addProperty("merkleRoot", summary.merkleRootHex());
        o.addProperty("bloomFilter", summary.filter().toBase64());
        // bounded anchors: the range's headers and the orderer's signatures on the last one
        JsonArray hs = new JsonArray();
        headers.forEach(hs::add);
        o.add("headers", hs);
        o.addProperty("ordererSignatures", block.ordererSignaturesHex());
        if (!block.signerIdentities().isEmpty()) {
            JsonObject ids = new JsonObject();
            block.signerIdentities()
                    .forEach((id, identity) -> ids.addProperty(id.toString(), identity));
            o.add("signerIdentities", ids);
        }
        o.add("attestations", attestations);
        return o.toString();
    }

    @Override
    public String toString() {
        return slaveChainId
                + " blocks "
                + firstBlock
                + ".."
                + block.number()
                + " ("
                + block.records().size()
                + " records)";
    }
}
