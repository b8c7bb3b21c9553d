package org.tmsct.master.anchor;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.core.commitment.EntryAttestation;
import org.tmsct.master.common.ErrorCodes;

/**
 * The {@code attestations} member of an AnchorBlock document: one {@link EntryAttestation} (or
 * null) per entry, in the order of {@code entries}. It sits beside the entries, not in them, so the
 * entries' JSON, the Merkle leaves and the filter stay what they were. A missing or unreadable
 * attestation rejects its entry alone ({@link EntryVerifier}); only a list of the wrong shape
 * refuses the whole anchor.
 */
public final class AnchorAttestations {

    /** The member's name in the AnchorBlock document. */
    public static final String MEMBER = "attestations";

    /** One entry's attestation, or why it cannot be read (both null: none was sent). */
    public record Item(EntryAttestation attestation, String unreadable) {}

    private AnchorAttestations() {}

    /** The attestations of an AnchorBlock document with {@code entryCount} entries. */
    public static List<Item> parse(String anchorJson, int entryCount) {
        JsonObject o = Json.requestObject(anchorJson, "anchor");
        List<Item> out = new ArrayList<>(entryCount);
        JsonElement value = o.get(MEMBER);
        if (value == null || value.isJsonNull()) {
            for (int i = 0; i < entryCount; i++) {
                out.add(new Item(null, null));
            }
            return out;
        }
        if (!value.isJsonArray() || value.getAsJsonArray().size() != entryCount) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "anchor: \""
                            + MEMBER
                            + "\" must be an array with one attestation (or null) per entry ("
                            + entryCount
                            + ")");
        }
        JsonArray array = value.getAsJsonArray();
        for (JsonElement e : array) {
            if (e == null || e.isJsonNull()) {
                out.add(new Item(null, null));
                continue;
            }
            if (!e.isJsonObject()) {
                out.add(new Item(null, "not a JSON object"));
                continue;
            }
            try {
                out.add(new Item(EntryAttestation.fromJson(e.getAsJsonObject()), null));
            } catch (RuntimeException ex) {
                out.add(new Item(null, ex.getMessage()));
            }
        }
        return out;
    }
}
