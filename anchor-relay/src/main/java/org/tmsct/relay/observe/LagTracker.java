package org.tmsct.relay.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far the relay is behind its slave channel, in blocks and in seconds. The age is that of the
 * oldest block not yet processed: from the moment the relay first knew the block existed (the
 * height probe or the block stream), or earlier if the block's records say they were made earlier.
 * Only the observations that raised the highest known block are kept; the oldest unprocessed block
 * was first known at the first of them at or above its number.
 */
public final class LagTracker {

    private final TreeMap<Long, Instant> firstKnown = new TreeMap<>();
    private long highestSeen = -1;
    private long lastProcessed = -1;

    /** Block {@code highest} (and so every block before it) exists as of {@code at}. */
    public synchronized void seen(final long highest, final Instant at) {
        if (highest > highestSeen) {
            highestSeen = highest;
            if (highest > lastProcessed) {
                firstKnown.put(highest, at);
            }
        }
    }

    /**
     * Block {@code number} holds a record made at {@code madeAt}, earlier than the relay may have
     * seen it.
     */
    public synchronized void madeAt(final long number, final Instant madeAt) {
        seen(number, madeAt);
        Map.Entry<Long, Instant> e = firstKnown.ceilingEntry(number);
        if (e != null && madeAt.isBefore(e.getValue())) {
            firstKnown.put(number, madeAt);
        }
    }

    /** Every block up to {@code number} is processed (anchored and confirmed, or folded). */
    public synchronized void processed(final long number) {
        if (number > lastProcessed) {
            lastProcessed = number;
            firstKnown.headMap(number, true).clear();
        }
        if (number > highestSeen) {
            highestSeen = number;
        }
    }

    public synchronized long highestSeen() {
        return highestSeen;
    }

    public synchronized long lastProcessed() {
        return lastProcessed;
    }

    public synchronized long lagBlocks() {
        return Math.max(0, highestSeen - lastProcessed);
    }

    public synchronized Duration lagTime(final Instant now) {
        if (highestSeen <= lastProcessed) {
            return Duration.ZERO;
        }
        Map.Entry<Long, Instant> oldest = firstKnown.ceilingEntry(lastProcessed + 1);
        if (oldest == null || oldest.getValue().isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(oldest.getValue(), now);
    }
}
