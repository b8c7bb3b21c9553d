package org.tmsct.master.governance;

import com.google.gson.JsonObject;
import org.tmsct.core.bmerkle.BloomParams;

/**
 * A slave chain the consortium has registered: the channel it runs on, the organisation that owns
 * it (whose relay may anchor it), the most slave blocks one anchor may cover ({@code maxRange}),
 * and the shape of its blocks' Bloom filters and bit-sliced index sections, which every anchor of
 * the chain must use.
 */
public record SlaveChain(
        String id,
        String channelName,
        String ownerMsp,
        BloomParams bloomParams,
        int sectionSize,
        int maxRange,
        long version,
        String registeredBy,
        String txId,
        long txTimestamp) {

    public JsonObject toJson() {
        JsonObject bloom = new JsonObject();
        bloom.addProperty("mBits", bloomParams.mBits());
        bloom.addProperty("k", bloomParams.k());
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("channelName", channelName);
        o.addProperty("ownerMsp", ownerMsp);
        o.add("bloomParams", bloom);
        o.addProperty("sectionSize", sectionSize);
        o.addProperty("maxRange", maxRange);
        o.addProperty("version", version);
        o.addProperty("registeredBy", registeredBy);
        o.addProperty("txId", txId);
        o.addProperty("txTimestamp", txTimestamp);
        return o;
    }

    public static SlaveChain fromJson(JsonObject o) {
        JsonObject bloom = o.getAsJsonObject("bloomParams");
        return new SlaveChain(
                o.get("id").getAsString(),
                o.get("channelName").getAsString(),
                o.get("ownerMsp").getAsString(),
                new BloomParams(bloom.get("mBits").getAsInt(), bloom.get("k").getAsInt()),
                o.get("sectionSize").getAsInt(),
                o.has("maxRange")
                        ? o.get("maxRange").getAsInt()
                        : SlaveChainRegistry.DEFAULT_MAX_RANGE,
                o.get("version").getAsLong(),
                o.get("registeredBy").getAsString(),
                o.get("txId").getAsString(),
                o.get("txTimestamp").getAsLong());
    }
}
