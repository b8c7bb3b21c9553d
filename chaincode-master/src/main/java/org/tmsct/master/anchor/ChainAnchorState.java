package org.tmsct.master.anchor;

import com.google.gson.JsonObject;

/**
 * How far a slave chain is anchored: blocks {@code firstCovered..lastCovered} are accounted for
 * (-1/-1 before the first anchor), by {@code anchoredBlocks} AnchorBlock transactions, of which
 * {@code blocksWithEntries} carried records ({@code entries} in all). {@code lastBlockHash} is the
 * header hash of block {@code lastCovered}, to which the next anchor's first header must link.
 */
public record ChainAnchorState(
        String slaveChainId,
        long firstCovered,
        long lastCovered,
        long anchoredBlocks,
        long blocksWithEntries,
        long entries,
        String lastAnchorTxId,
        String lastBlockHash) {

    public static ChainAnchorState empty(String chainId) {
        return new ChainAnchorState(chainId, -1, -1, 0, 0, 0, "", "");
    }

    public boolean hasAnchors() {
        return anchoredBlocks > 0;
    }

    /**
     * The state after one more anchor of blocks {@code first..last} with {@code entryCount}
     * entries.
     */
    public ChainAnchorState advance(
            long first, long last, int entryCount, String masterTxId, String blockHash) {
        return new ChainAnchorState(
                slaveChainId,
                hasAnchors() ? firstCovered : first,
                last,
                anchoredBlocks + 1,
                blocksWithEntries + (entryCount > 0 ? 1 : 0),
                entries + entryCount,
                masterTxId,
                blockHash);
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
        o.addProperty("lastBlockHash", lastBlockHash);
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
                o.get("lastAnchorTxId").getAsString(),
                o.has("lastBlockHash") ? o.get("lastBlockHash").getAsString() : "");
    }
}
