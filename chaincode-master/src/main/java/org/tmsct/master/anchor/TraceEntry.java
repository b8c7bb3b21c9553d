package org.tmsct.master.anchor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One step of a product's life as the master chain knows it: a record anchored from a slave chain.
 * {@code seq} numbers a trace code's entries in anchoring order across all chains; {@code
 * txTimestamp} is the timestamp of the master transaction that anchored it.
 */
public record TraceEntry(
        String tid,
        long seq,
        String stage,
        String slaveChainId,
        String ownerMsp,
        String productType,
        SortedMap<String, JsonElement> keyData,
        String dataHash,
        long slaveBlockNumber,
        String slaveTxId,
        int entryIndex,
        String masterTxId,
        long txTimestamp) {

    /** The anchored slave block that holds this entry. */
    public BlockRef blockRef() {
        return new BlockRef(slaveChainId, slaveBlockNumber);
    }

    public JsonObject toJson() {
        JsonObject kd = new JsonObject();
        keyData.forEach((k, v) -> kd.add(k, v.deepCopy()));
        JsonObject o = new JsonObject();
        o.addProperty("tid", tid);
        o.addProperty("seq", seq);
        o.addProperty("stage", stage);
        o.addProperty("slaveChainId", slaveChainId);
        o.addProperty("ownerMsp", ownerMsp);
        o.addProperty("productType", productType);
        o.add("keyData", kd);
        o.addProperty("dataHash", dataHash);
        o.addProperty("slaveBlockNumber", slaveBlockNumber);
        o.addProperty("slaveTxId", slaveTxId);
        o.addProperty("entryIndex", entryIndex);
        o.addProperty("masterTxId", masterTxId);
        o.addProperty("txTimestamp", txTimestamp);
        return o;
    }

    public static TraceEntry fromJson(JsonObject o) {
        TreeMap<String, JsonElement> kd = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("keyData").entrySet()) {
            kd.put(e.getKey(), e.getValue());
        }
        return new TraceEntry(
                o.get("tid").getAsString(),
                o.get("seq").getAsLong(),
                o.get("stage").getAsString(),
                o.get("slaveChainId").getAsString(),
                o.get("ownerMsp").getAsString(),
                o.get("productType").getAsString(),
                kd,
                o.get("dataHash").getAsString(),
                o.get("slaveBlockNumber").getAsLong(),
                o.get("slaveTxId").getAsString(),
                o.get("entryIndex").getAsInt(),
                o.get("masterTxId").getAsString(),
                o.get("txTimestamp").getAsLong());
    }
}
