package org.tmsct.master.anchor;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.tmsct.core.record.AnchorEntry;

/**
 * One accepted AnchorBlock: slave blocks {@code firstBlock..blockNumber} of a chain, where block
 * {@code blockNumber} carried {@code entries} (possibly none) and the earlier ones carried no
 * records. {@code entries} are the accepted ones, which the Merkle root and the filter cover;
 * {@code rejected} are those master refused one by one, kept only to say why. The entries are kept
 * in block order, which is the order of the Merkle leaves, so a proof can be rebuilt from this
 * record alone. The block's Bloom filter is stored beside it (bloom/...), so a per-block filter
 * scan does not read the entries.
 */
public record AnchorRecord(
        String slaveChainId,
        String productType,
        long firstBlock,
        long blockNumber,
        String blockHash,
        String merkleRoot,
        List<AnchorEntry> entries,
        List<RejectedEntry> rejected,
        String ownerMsp,
        String masterTxId,
        long txTimestamp) {

    public AnchorRecord {
        entries = List.copyOf(entries);
        rejected = List.copyOf(rejected);
    }

    /** Position of the entry carried by slave transaction {@code txId}, or -1. */
    public int indexOf(String txId) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).txId().equals(txId)) {
                return i;
            }
        }
        return -1;
    }

    public boolean containsTid(String tid) {
        return entries.stream().anyMatch(e -> e.tid().equals(tid));
    }

    public JsonObject toJson() {
        JsonArray array = new JsonArray();
        entries.forEach(e -> array.add(e.toJsonObject()));
        JsonObject o = new JsonObject();
        o.addProperty("slaveChainId", slaveChainId);
        o.addProperty("productType", productType);
        o.addProperty("firstBlock", firstBlock);
        o.addProperty("blockNumber", blockNumber);
        o.addProperty("blockHash", blockHash);
        o.addProperty("merkleRoot", merkleRoot);
        o.addProperty("entryCount", entries.size());
        o.add("entries", array);
        o.add("rejected", RejectedEntry.toJson(rejected));
        o.addProperty("ownerMsp", ownerMsp);
        o.addProperty("masterTxId", masterTxId);
        o.addProperty("txTimestamp", txTimestamp);
        return o;
    }

    public static AnchorRecord fromJson(JsonObject o) {
        List<AnchorEntry> entries = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("entries")) {
            entries.add(AnchorEntry.fromJson(e.getAsJsonObject()));
        }
        return new AnchorRecord(
                o.get("slaveChainId").getAsString(),
                o.get("productType").getAsString(),
                o.get("firstBlock").getAsLong(),
                o.get("blockNumber").getAsLong(),
                o.get("blockHash").getAsString(),
                o.get("merkleRoot").getAsString(),
                entries,
                RejectedEntry.listFrom(o.get("rejected")),
                o.get("ownerMsp").getAsString(),
                o.get("masterTxId").getAsString(),
                o.get("txTimestamp").getAsLong());
    }
}
