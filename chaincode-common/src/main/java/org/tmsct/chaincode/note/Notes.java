package org.tmsct.chaincode.note;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.core.protocol.ErrorCode;

/**
 * Free-form text notes kept on a channel, which is how the scripts and the end-to-end tests check
 * that a channel and its contract work. Only members of the channel's consortium may write one (the
 * contract says who is a member), within a size limit, and a note belongs to the organisation that
 * first wrote it: no other organisation can overwrite it.
 */
public final class Notes {

    /** Notes live under their own simple-key prefix, apart from every domain key. */
    static final String PREFIX = "note~";

    public static final int MAX_KEY_LENGTH = 256;

    /** Room for a whole signed record (at most 64 KiB) and its signature, as the baseline uses. */
    public static final int MAX_VALUE_BYTES = 128 * 1024;

    public static final String NOT_MEMBER = ErrorCode.NOT_MEMBER.name();
    public static final String NOTE_TOO_LARGE = ErrorCode.NOTE_TOO_LARGE.name();
    public static final String NOTE_OWNED = ErrorCode.NOTE_OWNED.name();

    private final StateStore store;

    public Notes(StateStore store) {
        this.store = store;
    }

    /**
     * Writes {@code value} under {@code key} for {@code mspId}; {@code member} says whether that
     * organisation is a member of the channel.
     */
    public void put(String mspId, boolean member, String key, String value) {
        if (key == null || key.isBlank()) {
            throw new ContractError(Json.BAD_REQUEST, "note key must not be empty");
        }
        Json.checkName(key, "note key", MAX_KEY_LENGTH);
        if (!member) {
            throw new ContractError(
                    NOT_MEMBER,
                    mspId
                            + " is not a member of this channel's consortium, so it may not write notes");
        }
        int size = value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_VALUE_BYTES) {
            throw new ContractError(
                    NOTE_TOO_LARGE,
                    "note "
                            + key
                            + " is "
                            + size
                            + " bytes, more than the maximum of "
                            + MAX_VALUE_BYTES);
        }
        JsonObject current = stored(key);
        if (current != null && !current.get("owner").getAsString().equals(mspId)) {
            throw new ContractError(
                    NOTE_OWNED,
                    "note "
                            + key
                            + " belongs to "
                            + current.get("owner").getAsString()
                            + "; "
                            + mspId
                            + " may not overwrite it (use another key)");
        }
        JsonObject note = new JsonObject();
        note.addProperty("owner", mspId);
        note.addProperty("value", value == null ? "" : value);
        store.put(PREFIX + key, Json.bytes(note));
    }

    /** The committed note's text, or empty if there is none. */
    public Optional<String> get(String key) {
        JsonObject note = stored(key);
        return note == null ? Optional.empty() : Optional.of(note.get("value").getAsString());
    }

    /** The organisation that owns the note, or empty. */
    public Optional<String> owner(String key) {
        JsonObject note = stored(key);
        return note == null ? Optional.empty() : Optional.of(note.get("owner").getAsString());
    }

    private JsonObject stored(String key) {
        byte[] value = store.get(PREFIX + key);
        return value == null || value.length == 0 ? null : Json.stored(value);
    }
}
