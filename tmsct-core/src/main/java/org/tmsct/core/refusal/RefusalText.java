package org.tmsct.core.refusal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a contract's refusal code travels to clients. The Fabric Gateway hands a client only the
 * message of a chaincode error, never its payload, so the contracts put the code at the front of
 * the message as {@code [CODE] message}; clients read it back here instead of matching the prose.
 */
public final class RefusalText {

    /** A code is upper-case letters, digits and underscores, starting with a letter. */
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private static final Pattern LEADING = Pattern.compile("^\\[(" + CODE.pattern() + ")\\] ");

    private RefusalText() {}

    /** The message as a contract sends it: {@code [CODE] message}. */
    public static String format(final String code, final String message) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("not a refusal code: " + code);
        }
        return "[" + code + "] " + (message == null ? "" : message);
    }

    /** The code at the front of a contract's message, if it has one. */
    public static Optional<String> code(final String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = LEADING.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
