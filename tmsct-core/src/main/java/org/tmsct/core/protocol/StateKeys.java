package org.tmsct.core.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Ledger keys that more than one component reads: the contracts write them, and the relay and the
 * mirror find them in the write sets of the blocks they follow. Composite keys use Fabric's
 * encoding (U+0000, the object type, then each attribute followed by U+0000).
 */
public final class StateKeys {

    /**
     * Slave: the object type of a record's attestation (signed commitment, disclosures, device
     * certificate), one key per record id.
     */
    public static final String RECORD_ATTESTATION = "ratt";

    /** Master: a trace code's entry, {@code trace~tid~seq}, whose value is the trace entry JSON. */
    public static final String MASTER_TRACE = "trace";

    /** Master: a trace code's summary (its product type), {@code tid~tid}. */
    public static final String MASTER_TID = "tid";

    /**
     * Master: an accepted AnchorBlock is kept under {@code anchor/<chain>/<block>} (a simple key,
     * read by block range); the value is the anchor record JSON.
     */
    public static final String MASTER_ANCHOR_PREFIX = "anchor/";

    /** Master: a genealogy edge "from went into to", {@code gen-down~from~to}. */
    public static final String GENEALOGY_DOWN = "gen-down";

    /** Slave: a registered device, {@code device~deviceId}, whose value is the device JSON. */
    public static final String SLAVE_DEVICE = "device";

    private static final char DELIMITER = '\u0000';
    private static final int MAX_UNICODE_CODE_POINT = 0x10FFFF;

    private StateKeys() {}

    /** The key of the attestation of record {@code recordId}. */
    public static String recordAttestation(String recordId) {
        return composite(RECORD_ATTESTATION, recordId);
    }

    /**
     * The composite key (or, with fewer attributes, key prefix) of {@code objectType} and {@code
     * attributes}.
     *
     * @throws IllegalArgumentException if a part is empty or holds U+0000 or U+10FFFF, which Fabric
     *     refuses
     */
    public static String composite(String objectType, String... attributes) {
        StringBuilder key = new StringBuilder().append(DELIMITER);
        append(key, objectType);
        for (String attribute : attributes) {
            append(key, attribute);
        }
        return key.toString();
    }

    private static void append(StringBuilder key, String part) {
        if (part == null || part.isEmpty()) {
            throw new IllegalArgumentException("composite key parts must not be empty");
        }
        if (part.indexOf(DELIMITER) >= 0
                || part.codePoints().anyMatch(c -> c == MAX_UNICODE_CODE_POINT)) {
            throw new IllegalArgumentException("composite key part holds U+0000 or U+10FFFF");
        }
        key.append(part).append(DELIMITER);
    }

    /**
     * The object type and attributes of a composite key, or an empty list for a simple key (one
     * that does not start with U+0000).
     */
    public static List<String> split(String key) {
        if (key.isEmpty() || key.charAt(0) != DELIMITER) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        int start = 1;
        for (int i = 1; i < key.length(); i++) {
            if (key.charAt(i) == DELIMITER) {
                parts.add(key.substring(start, i));
                start = i + 1;
            }
        }
        return List.copyOf(parts);
    }
}
