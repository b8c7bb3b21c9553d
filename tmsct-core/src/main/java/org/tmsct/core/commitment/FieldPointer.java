package org.tmsct.core.commitment;

/**
 * Names of the committed members of a raw record, as RFC 6901 JSON Pointers into its JSON form:
 * {@code /tid}, {@code /stage} and {@code /fields/<name>}. A pointer names one place in the record,
 * so a field called "tid" ({@code /fields/tid}) can never pass for the trace code.
 */
public final class FieldPointer {

    /** The trace code. */
    public static final String TID = "/tid";

    /** The stage. */
    public static final String STAGE = "/stage";

    private static final String FIELDS = "/fields/";

    private FieldPointer() {}

    /**
     * The pointer of field {@code name}: {@code ~} becomes {@code ~0}, {@code /} becomes {@code
     * ~1}.
     */
    public static String field(String name) {
        return FIELDS + name.replace("~", "~0").replace("/", "~1");
    }

    /**
     * The field name a pointer of {@link #field} names, or null if {@code pointer} is not such a
     * pointer (the envelope pointers, or a badly escaped one).
     */
    public static String fieldName(String pointer) {
        if (pointer == null || !pointer.startsWith(FIELDS)) {
            return null;
        }
        String escaped = pointer.substring(FIELDS.length());
        StringBuilder name = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '/') {
                return null; // a deeper pointer: fields are committed whole
            }
            if (c == '~') {
                char next = i + 1 < escaped.length() ? escaped.charAt(i + 1) : 0;
                if (next != '0' && next != '1') {
                    return null;
                }
                name.append(next == '0' ? '~' : '/');
                i++;
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }
}
