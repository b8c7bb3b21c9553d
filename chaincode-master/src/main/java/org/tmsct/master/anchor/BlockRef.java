package org.tmsct.master.anchor;

import com.google.gson.JsonObject;

/** A slave block: chain and number. */
public record BlockRef(String slaveChainId, long blockNumber) {

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("slaveChainId", slaveChainId);
        o.addProperty("blockNumber", blockNumber);
        return o;
    }

    public static BlockRef fromJson(JsonObject o) {
        return new BlockRef(o.get("slaveChainId").getAsString(), o.get("blockNumber").getAsLong());
    }
}
