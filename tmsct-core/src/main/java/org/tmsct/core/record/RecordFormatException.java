package org.tmsct.core.record;

/**
 * A document does not have the form TMSCT expects: malformed or non-strict JSON, a missing or
 * invalid field, an input over a size limit, or a value that has no canonical encoding.
 *
 * <p>It extends {@link IllegalArgumentException} because in every case the caller passed bad input;
 * contracts can map it straight to a "bad request" answer.
 */
public class RecordFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /** A format error without a known position. */
    public RecordFormatException(String message) {
        this(message, -1, -1, null);
    }

    /** A format error without a known position, caused by {@code cause}. */
    public RecordFormatException(String message, Throwable cause) {
        this(message, -1, -1, cause);
    }

    /** A format error at a 1-based line and column of the input (-1 where unknown). */
    public RecordFormatException(String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    /** 1-based line of the input where the problem was found, or -1 if unknown. */
    public int line() {
        return line;
    }

    /** 1-based column of the input where the problem was found, or -1 if unknown. */
    public int column() {
        return column;
    }
}
