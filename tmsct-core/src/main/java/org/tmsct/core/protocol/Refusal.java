package org.tmsct.core.protocol;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A contract's refusal as one line of text: {@code "<CODE>: <what to do>"}, where CODE is upper
 * case letters, digits and underscores (an {@link ErrorCode} name, or a code a newer contract
 * added). Fabric's gateway hands a client only the endorsers' message text, not the chaincode error
 * payload, so the code travels at the head of the message. The contracts format it ({@link
 * #format}) and the gateway side parses it ({@link #parse}); nothing else reads the text.
 */
public record Refusal(String code, String message) {

    /** What an endorser puts before a chaincode's own error message. */
    public static final String PEER_PREFIX = "chaincode response 500, ";

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    private static final Pattern LINE =
            Pattern.compile("^([A-Z][A-Z0-9_]{1,63}): (.*)$", Pattern.DOTALL);

    public Refusal {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("not a refusal code: " + code);
        }
        message = message == null ? "" : message;
    }

    public Refusal(ErrorCode code, String message) {
        this(code.name(), message);
    }

    /** The one-line form a contract throws. */
    public static String format(String code, String message) {
        return new Refusal(code, message).toString();
    }

    /**
     * The refusal in a contract's message, or in an endorser's message that wraps one ({@code
     * "chaincode response 500, CODE: text"}); empty when the text carries no code, such as a peer's
     * own failure (unreachable chaincode server, timeout).
     */
    public static Optional<Refusal> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text;
        int wrapped = t.indexOf(PEER_PREFIX);
        if (wrapped >= 0) {
            t = t.substring(wrapped + PEER_PREFIX.length());
        }
        Matcher m = LINE.matcher(t.strip());
        return m.matches() ? Optional.of(new Refusal(m.group(1), m.group(2))) : Optional.empty();
    }

    /** The code as a known one, if it is. */
    public Optional<ErrorCode> known() {
        return ErrorCode.of(code);
    }

    public boolean is(ErrorCode c) {
        return code.equals(c.name());
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
