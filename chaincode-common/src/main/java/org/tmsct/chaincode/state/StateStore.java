package org.tmsct.chaincode.state;

import java.util.List;

/**
 * The few ledger operations the domain classes need, with no Fabric types in sight.
 *
 * <p>Semantics follow Fabric's: a read returns committed state only (a transaction never sees its
 * own writes), ranges come back sorted by key, and only key and composite-key ranges exist (no rich
 * queries), so everything works on LevelDB.
 */
public interface StateStore {

    /** The value under {@code key}, or null if there is none. */
    byte[] get(String key);

    void put(String key, byte[] value);

    /** Removes {@code key}; its history keeps what it held. */
    void delete(String key);

    /**
     * Every entry whose key starts with {@code compositePrefix} (made by {@link Keys#composite}),
     * sorted by key.
     */
    List<KeyValue> byPrefix(String compositePrefix);

    /** The first {@code limit} entries of {@link #byPrefix}; the rest is not read. */
    List<KeyValue> byPrefix(String compositePrefix, int limit);

    /**
     * Entries with simple keys in [{@code startInclusive}, {@code endExclusive}), sorted by key.
     */
    List<KeyValue> byRange(String startInclusive, String endExclusive);

    /** The first {@code limit} entries of {@link #byRange}; the rest of the range is not read. */
    List<KeyValue> byRange(String startInclusive, String endExclusive, int limit);

    /** Every committed value the key has had, oldest first. */
    List<Revision> history(String key);
}
