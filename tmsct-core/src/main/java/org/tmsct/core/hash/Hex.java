package org.tmsct.core.hash;

/** Lowercase hexadecimal encoding, the only form used in TMSCT's JSON documents. */
public final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    /** Lowercase hex of {@code bytes}. */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * Decodes lowercase hex. Uppercase is rejected on purpose: a digest has exactly one accepted
     * spelling, so two documents naming the same digest are byte-identical.
     *
     * @throws IllegalArgumentException if {@code hex} has odd length or a character outside
     *     [0-9a-f]
     */
    public static byte[] decode(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("hex string is null");
        }
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("hex string has odd length " + hex.length());
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((nibble(hex, 2 * i) << 4) | nibble(hex, 2 * i + 1));
        }
        return out;
    }

    /** True if {@code s} is exactly {@code byteLength * 2} lowercase hex characters. */
    public static boolean isLowerHex(String s, int byteLength) {
        if (s == null || s.length() != byteLength * 2) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static int nibble(String hex, int pos) {
        char c = hex.charAt(pos);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        throw new IllegalArgumentException(
                "not a lowercase hex digit at index " + pos + ": '" + c + "'");
    }
}
