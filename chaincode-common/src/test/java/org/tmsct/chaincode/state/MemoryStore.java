package org.tmsct.chaincode.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory {@link StateStore} with Fabric's transaction semantics: writes are buffered until
 * {@link #commit}, so a transaction never reads its own writes (as on a real peer), and {@link
 * #rollback} drops them (as a refused transaction would).
 */
public final class MemoryStore implements StateStore {

    private static final String MAX = Character.toString(0x10FFFF);

    private final TreeMap<String, byte[]> committed = new TreeMap<>();
    private final TreeMap<String, byte[]> pending = new TreeMap<>();
    private final TreeMap<String, List<Revision>> history = new TreeMap<>();
    private int writes;
    private int reads;

    @Override
    public byte[] get(String key) {
        reads++;
        byte[] v = committed.get(key);
        // as a peer does: a missing key reads as an empty value, never null
        return v == null ? new byte[0] : v.clone();
    }

    @Override
    public void put(String key, byte[] value) {
        pending.put(key, value.length == 0 ? new byte[0] : value.clone());
        writes++;
    }

    /** A deletion waiting for commit. */
    private static final byte[] DELETED = new byte[0];

    @Override
    public void delete(String key) {
        pending.put(key, DELETED);
        writes++;
    }

    @Override
    public List<KeyValue> byPrefix(String compositePrefix, int limit) {
        List<KeyValue> all = byPrefix(compositePrefix);
        return all.subList(0, Math.min(limit, all.size()));
    }

    @Override
    public List<KeyValue> byPrefix(String compositePrefix) {
        if (!compositePrefix.startsWith("\u0000")) {
            throw new IllegalArgumentException("not a composite key prefix: " + compositePrefix);
        }
        return copy(committed.subMap(compositePrefix, true, compositePrefix + MAX, false));
    }

    @Override
    public List<KeyValue> byRange(String startInclusive, String endExclusive) {
        if (startInclusive.startsWith("\u0000") || endExclusive.startsWith("\u0000")) {
            throw new IllegalArgumentException("Fabric refuses composite keys in a simple range");
        }
        return copy(committed.subMap(startInclusive, true, endExclusive, false));
    }

    @Override
    public List<KeyValue> byRange(String startInclusive, String endExclusive, int limit) {
        List<KeyValue> all = byRange(startInclusive, endExclusive);
        return all.subList(0, Math.min(limit, all.size()));
    }

    /** Number of committed keys read so far (gets and range results), to check query costs. */
    public int reads() {
        return reads;
    }

    @Override
    public List<Revision> history(String key) {
        return List.copyOf(history.getOrDefault(key, List.of()));
    }

    /** Applies the buffered writes as transaction {@code txId}. */
    public void commit(String txId, long timestampMillis) {
        for (Map.Entry<String, byte[]> e : pending.entrySet()) {
            boolean deleted = e.getValue() == DELETED;
            if (deleted) {
                committed.remove(e.getKey());
            } else {
                committed.put(e.getKey(), e.getValue());
            }
            history.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                    .add(
                            new Revision(
                                    txId, timestampMillis, deleted, deleted ? null : e.getValue()));
        }
        pending.clear();
    }

    public void rollback() {
        pending.clear();
    }

    /** The open transaction's writes, key by key (hex values), to compare two executions. */
    public TreeMap<String, String> pendingSnapshot() {
        TreeMap<String, String> out = new TreeMap<>();
        pending.forEach((k, v) -> out.put(k, java.util.HexFormat.of().formatHex(v)));
        return out;
    }

    /** Number of keys written by the open transaction. */
    public int pendingWrites() {
        return pending.size();
    }

    /** Every committed key, for layout assertions. */
    public List<String> keys() {
        return new ArrayList<>(committed.keySet());
    }

    public int totalWrites() {
        return writes;
    }

    private List<KeyValue> copy(Map<String, byte[]> range) {
        reads += range.size();
        List<KeyValue> out = new ArrayList<>();
        range.forEach((k, v) -> out.add(new KeyValue(k, v.clone())));
        return out;
    }
}
