package org.tmsct.core.record;

/**
 * Rules for a trace code (TID), the product identifier every record and anchor entry carries.
 *
 * <p>A TID is 1 to {@value #MAX_LENGTH} characters, each printable ASCII other than space
 * (U+0021..U+007E). The rule is deliberately ASCII-only: whether a non-ASCII character counts as
 * "printable" depends on the Unicode tables of the JVM, and validation must give the same verdict
 * on every endorser. Trace codes in practice (GS1 keys, serial numbers, UUIDs) are ASCII anyway.
 */
public final class TraceId {

    /** Maximum length of a TID in characters. */
    public static final int MAX_LENGTH = 128;

    private TraceId() {}

    /** True if {@code tid} satisfies the rules above. */
    public static boolean isValid(String tid) {
        return problem(tid) == null;
    }

    /**
     * Returns {@code tid} unchanged if it is valid.
     *
     * @throws RecordFormatException saying what is wrong with it otherwise
     */
    public static String validate(String tid) {
        String problem = problem(tid);
        if (problem != null) {
            throw new RecordFormatException("invalid tid: " + problem);
        }
        return tid;
    }

    private static String problem(String tid) {
        if (tid == null) {
            return "tid is missing";
        }
        if (tid.isEmpty()) {
            return "tid is empty";
        }
        if (tid.length() > MAX_LENGTH) {
            return "tid has "
                    + tid.length()
                    + " characters, more than the maximum of "
                    + MAX_LENGTH;
        }
        for (int i = 0; i < tid.length(); i++) {
            char c = tid.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return String.format(
                        "character U+%04X at index %d is not printable ASCII (U+0021..U+007E)",
                        (int) c, i);
            }
        }
        return null;
    }
}
