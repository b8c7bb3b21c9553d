package org.tmsct.chaincode.state;

import org.tmsct.core.protocol.StateKeys;

/**
 * State key construction. Composite keys use Fabric's own encoding ({@link StateKeys#composite}),
 * so a prefix of attributes selects exactly the keys that share them, whatever characters the
 * attributes hold.
 */
public final class Keys {

    private Keys() {}

    /**
     * The composite key (or, with fewer attributes, key prefix) of {@code objectType} and {@code
     * attributes}.
     *
     * @throws IllegalArgumentException if a part is empty or holds U+0000 or U+10FFFF, which Fabric
     *     refuses
     */
    public static String composite(String objectType, String... attributes) {
        return StateKeys.composite(objectType, attributes);
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
}
