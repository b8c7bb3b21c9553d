package org.tmsct.slave.config;

import com.google.gson.JsonObject;
import java.util.List;
import org.tmsct.chaincode.common.Json;

/**
 * A slave channel's configuration: the organisation that owns it, the supply-chain stage its
 * records belong to, and the record fields it shares with the master chain (the key data).
 *
 * @param version 1 for the first Configure, +1 for every later one
 */
public record ChannelConfig(
        String ownerMsp,
        String stage,
        List<String> keyFields,
        long version,
        String txId,
        long txTimestamp) {

    public ChannelConfig {
        keyFields = List.copyOf(keyFields);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("ownerMsp", ownerMsp);
        o.addProperty("stage", stage);
        o.add("keyFields", Json.array(keyFields));
        o.addProperty("version", version);
        o.addProperty("txId", txId);
        o.addProperty("txTimestamp", txTimestamp);
        return o;
    }

    public static ChannelConfig fromJson(JsonObject o) {
        return new ChannelConfig(
                o.get("ownerMsp").getAsString(),
                o.get("stage").getAsString(),
                Json.strings(o.getAsJsonArray("keyFields")),
                o.get("version").getAsLong(),
                o.get("txId").getAsString(),
                o.get("txTimestamp").getAsLong());
    }
}
