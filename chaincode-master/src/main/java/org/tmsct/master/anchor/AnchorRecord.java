package org.tmsct.master.anchor;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.merkle.MerkleTree;
import org.tmsct.core.record.AnchorEntry;

/**
 * One accepted AnchorBlock: slave blocks {@code firstBlock..blockNumber} of a chain and the Merkle
 * leaves of the entries it accepted, which the root and the filter cover, in leaf order; {@code
 * rejected} are those master refused one by one, kept only to say why. An entry's content is stored
 * once, in its trace entry; here each leaf keeps only its slave transaction, trace code and leaf
 * hash, enough to find a trace code in the anchor and to rebuild a proof. The Bloom filter is
 * stored beside it (bloom/...), so a per-block filter scan does not read the leaves.
 */
public record AnchorRecord(
        String slaveChainId,
        String productType,
        long firstBlock,
        long blockNumber,
        String blockHash,
        String merkleRoot,
        List<Leaf> leaves,
        List<RejectedEntry> rejected,
        String ownerMsp,
        String masterTxId,
        long txTimestamp) {

    /** An accepted entry's Merkle leaf: its slave transaction, trace code and leaf hash (hex). */
    public record Leaf(String txId, String tid, String hash) {

        public static Leaf of(AnchorEntry entry) {
            return new Leaf(
                    entry.txId(), entry.tid(), Hex.encode(MerkleTree.leafHash(entry.leafBytes())));
        }

        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("txId", txId);
            o.addProperty("tid", tid);
            o.addProperty("hash", hash);
            return o;
        }

        static Leaf fromJson(JsonObject o) {
            return new Leaf(
                    o.get("txId").getAsString(),
                    o.get("tid").getAsString(),
                    o.get("hash").getAsString());
        }
    }

    public AnchorRecord {
        leaves = List.copyOf(leaves);
        rejected = List.copyOf(rejected);
    }

    /** The leaves of {@code entries}, in order. */
    public static List<Leaf> leavesOf(List<AnchorEntry> entries) {
        return entries.stream().map(Leaf::of).toList();
    }

    /** Position of the entry carried by slave transaction {@code txId}, or -1. */
    public int indexOf(String txId) {
        for (int i = 0; i < leaves.size(); i++) {
            if (leaves.get(i).txId().equals(txId)) {
                return i;
            }
        }
        return -1;
    }

    public boolean containsTid(String tid) {
        return leaves.stream().anyMatch(l -> l.tid().equals(tid));
    }

    /** The Merkle tree over the leaves, whose root is {@link #merkleRoot()}. */
    public MerkleTree tree() {
        byte[][] hashes = new byte[leaves.size()][];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = Hex.decode(leaves.get(i).hash());
        }
        return MerkleTree.fromLeafHashes(hashes);
    }

    public JsonObject toJson() {
        JsonArray array = new JsonArray();
        leaves.forEach(l -> array.add(l.toJson()));
        JsonObject o = new JsonObject();
        o.addProperty("slaveChainId", slaveChainId);
        o.addProperty("productType", productType);
        o.addProperty("firstBlock", firstBlock);
        o.addProperty("blockNumber", blockNumber);
        o.addProperty("blockHash", blockHash);
        o.addProperty("merkleRoot", merkleRoot);
        o.addProperty("entryCount", leaves.size());
        o.add("leaves", array);
        o.add("rejected", RejectedEntry.toJson(rejected));
        o.addProperty("ownerMsp", ownerMsp);
        o.addProperty("masterTxId", masterTxId);
        o.addProperty("txTimestamp", txTimestamp);
        return o;
    }

    /** Reads a stored record, also one written before leaves (its entries whole). */
    public static AnchorRecord fromJson(JsonObject o) {
        List<Leaf> leaves = new ArrayList<>();
        if (o.has("leaves")) {
            for (JsonElement e : o.getAsJsonArray("leaves")) {
                leaves.add(Leaf.fromJson(e.getAsJsonObject()));
            }
        } else {
            for (JsonElement e : o.getAsJsonArray("entries")) {
                leaves.add(Leaf.of(AnchorEntry.fromJson(e.getAsJsonObject())));
            }
        }
        return new AnchorRecord(
                o.get("slaveChainId").getAsString(),
                o.get("productType").getAsString(),
                o.get("firstBlock").getAsLong(),
                o.get("blockNumber").getAsLong(),
                o.get("blockHash").getAsString(),
                o.get("merkleRoot").getAsString(),
                leaves,
                RejectedEntry.listFrom(o.get("rejected")),
                o.get("ownerMsp").getAsString(),
                o.get("masterTxId").getAsString(),
                o.get("txTimestamp").getAsLong());
    }
}
