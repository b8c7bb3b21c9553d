package org.tmsct.core.epcis;

/**
 * An EPCIS document or event that TMSCT cannot take in: malformed JSON, a missing or mistyped
 * member, an identifier that is no valid trace code, an event that belongs to another stage.
 *
 * <p>The message starts with the JSON path of the offending value ({@code
 * $.epcisBody.eventList[2].eventTime: ...}), so whoever sent the document knows where to look.
 */
public class EpcisFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String jsonPath;

    /** A problem at {@code jsonPath}, e.g. {@code $.epcisBody.eventList[0].epcList[1]}. */
    public EpcisFormatException(String jsonPath, String problem) {
        this(jsonPath, problem, null);
    }

    public EpcisFormatException(String jsonPath, String problem, Throwable cause) {
        super(jsonPath + ": " + problem, cause);
        this.jsonPath = jsonPath;
    }

    /** Where the problem is, as a JSON path starting at {@code $}, the document root. */
    public String jsonPath() {
        return jsonPath;
    }
}
