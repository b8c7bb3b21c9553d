package org.tmsct.core.protocol;

/**
 * Ledger keys that more than one component reads: the slave contract writes them, and the relay
 * finds them in the write sets of the blocks it anchors. Composite keys use Fabric's encoding
 * (U+0000, the object type, then each attribute followed by U+0000).
 */
public final class StateKeys {

    /**
     * Slave: the object type of a record's attestation (signed commitment, disclosures, device
     * certificate), one key per record id.
     */
    public static final String RECORD_ATTESTATION = "ratt";

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
}
