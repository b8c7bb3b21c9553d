package org.tmsct.web.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The nonces of accepted logins, each remembered for a while, at most {@code max} of them.
 *
 * <p>When full, the oldest nonce is forgotten even if it has not expired; its login could then be
 * replayed while its timestamp is still fresh. To close that gap, the cache also refuses every
 * login whose timestamp is not after the newest timestamp it has forgotten early: under a flood
 * some honest logins are refused (they retry with a new timestamp), but no replay gets through.
 */
final class NonceCache {
    private record Seen(long seenAt, long timestamp) {}

    private final long memoryMillis;
    private final int max;
    private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>();
    private long forgottenUpTo = Long.MIN_VALUE;

    NonceCache(final long memoryMillis, final int max) {
        if (memoryMillis <= 0 || max <= 0) {
            throw new IllegalArgumentException("memory and max must be positive");
        }
        this.memoryMillis = memoryMillis;
        this.max = max;
    }

    /** Records {@code nonce}; false if it was seen (or may have been) within the memory. */
    synchronized boolean firstUse(final String nonce, final long timestamp, final long now) {
        // insertion order is (nearly) time order: expired entries are at the head
        final Iterator<Map.Entry<String, Seen>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (now - it.next().getValue().seenAt() < memoryMillis) {
                break;
            }
            it.remove();
        }
        if (timestamp <= forgottenUpTo || seen.containsKey(nonce)) {
            return false;
        }
        if (seen.size() >= max) {
            final Iterator<Seen> oldest = seen.values().iterator();
            forgottenUpTo = Math.max(forgottenUpTo, oldest.next().timestamp());
            oldest.remove();
        }
        seen.put(nonce, new Seen(now, timestamp));
        return true;
    }

    synchronized int size() {
        return seen.size();
    }
}
