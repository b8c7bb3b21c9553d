package org.tmsct.chaincode.note;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.tmsct.chaincode.state.StateStore;

/**
 * Free-form text notes kept on a channel: no rules, just a value that commits and reads back, which
 * is how the scripts and the end-to-end tests check that a channel and its contract work.
 */
public final class Notes {

    /** Notes live under their own simple-key prefix, apart from every domain key. */
    static final String PREFIX = "note~";

    private final StateStore store;

    public Notes(StateStore store) {
        this.store = store;
    }

    public void put(String key, String value) {
        store.put(PREFIX + key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The committed note, or empty if there is none (an empty value counts as none). */
    public Optional<String> get(String key) {
        byte[] value = store.get(PREFIX + key);
        if (value == null || value.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new String(value, StandardCharsets.UTF_8));
    }
}
