package org.tmsct.chaincode.state;

/**
 * State key construction. Composite keys use Fabric's own encoding (U+0000, the object type, then
 * each attribute followed by U+0000), so a prefix of attributes selects exactly the keys that share
 * them, whatever characters the attributes hold.
 */
public final class Keys {

    private static final char DELIMITER = '\u0000';
    private static final int MAX_UNICODE_CODE_POINT = 0x10FFFF;

    private Keys() {}

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

    /** {@code value} as a fixed-width decimal so that string order is numeric order. */
    public static String pad(long value, int width) {
        if (value < 0) {
            throw new IllegalArgumentException("cannot pad a negative number: " + value);
        }
        String digits = Long.toString(value);
        if (digits.length() > width) {
            throw new IllegalArgumentException(value + " has more than " + width + " digits");
        }
        return "0".repeat(width - digits.length()) + digits;
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
