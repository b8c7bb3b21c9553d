package org.tmsct.master.anchor;

import com.google.gson.JsonObject;

/**
 * How far a slave chain is anchored: blocks {@code firstCovered..lastCovered} are accounted for
 * (-1/-1 before the first anchor), by {@code anchoredBlocks} AnchorBlock transactions, of which
 * {@code blocksWithEntries} carried records ({@code entries} in all).
 */
public record ChainAnchorState(
        String slaveChainId,
        long firstCovered,
        long lastCovered,
        long anchoredBlocks,
        long blocksWithEntries,
        long entries,
        String lastAnchorTxId) {

    public static ChainAnchorState empty(String chainId) {
        return new ChainAnchorState(chainId, -1, -1, 0, 0, 0, "");
    }

    public boolean hasAnchors() {
        return anchoredBlocks > 0;
    }

    /**
     * The state after one more anchor of blocks {@code first..last} with {@code entryCount}
     * entries.
     */
    public ChainAnchorState advance(long first, long last, int entryCount, String masterTxId) {
        return new ChainAnchorState(
                slaveChainId,
                hasAnchors() ? firstCovered : first,
                last,
                anchoredBlocks + 1,
                blocksWithEntries + (entryCount > 0 ? 1 : 0),
                entries + entryCount,
                masterTxId);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("slaveChainId", slaveChainId);
        o.addProperty("firstCovered", firstCovered);
        o.addProperty("lastCovered", lastCovered);
        o.addProperty("anchoredBlocks", anchoredBlocks);
        o.addProperty("blocksWithEntries", blocksWithEntries);
        o.addProperty("entries", entries);
        o.addProperty("lastAnchorTxId", lastAnchorTxId);
        return o;
    }

    public static ChainAnchorState fromJson(JsonObject o) {
        return new ChainAnchorState(
                o.get("slaveChainId").getAsString(),
                o.get("firstCovered").getAsLong(),
                o.get("lastCovered").getAsLong(),
                o.get("anchoredBlocks").getAsLong(),
                o.get("blocksWithEntries").getAsLong(),
                o.get("entries").getAsLong(),
                o.get("lastAnchorTxId").getAsString());
    }
}
