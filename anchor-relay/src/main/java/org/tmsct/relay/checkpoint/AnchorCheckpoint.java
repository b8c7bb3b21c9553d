package org.tmsct.relay.checkpoint;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The relay's local progress: every slave block up to {@code lastCovered} is anchored on master and
 * its records confirmed on the slave channel, and blocks {@code lastCovered+1..scannedThrough} were
 * read and hold no records (they wait to be folded into the next anchor's range).
 *
 * <p>The master's anchor state is the source of truth; this file only lets a restart skip
 * re-reading the empty blocks after the last anchor. It is trusted only when its lastCovered equals
 * the master's, so a stale or lost file costs a re-read, never a lost or doubled block.
 */
public record AnchorCheckpoint(
        String slaveChainId, long lastCovered, long scannedThrough, long updatedAtMillis) {

    public AnchorCheckpoint {
        if (scannedThrough < lastCovered) {
            throw new IllegalArgumentException(
                    "scannedThrough " + scannedThrough + " is before lastCovered " + lastCovered);
        }
    }

    /**
     * The block to start reading at, given the master's last covered block and the first block of
     * the pending range (master lastCovered + 1, or the configured first block before any anchor).
     */
    public static long resumeBlock(
            final AnchorCheckpoint local,
            final String slaveChainId,
            final long masterLastCovered,
            final long rangeFirst) {
        if (local == null
                || !local.slaveChainId.equals(slaveChainId)
                || local.lastCovered != masterLastCovered) {
            return rangeFirst;
        }
        return Math.max(rangeFirst, local.scannedThrough + 1);
    }

    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("slaveChainId", slaveChainId);
        o.addProperty("lastCovered", lastCovered);
        o.addProperty("scannedThrough", scannedThrough);
        o.addProperty("updatedAtMillis", updatedAtMillis);
        return o.toString();
    }

    public static AnchorCheckpoint fromJson(final String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        return new AnchorCheckpoint(
                o.get("slaveChainId").getAsString(),
                o.get("lastCovered").getAsLong(),
                o.get("scannedThrough").getAsLong(),
                o.get("updatedAtMillis").getAsLong());
    }
}
