package org.tmsct.relay.chain;

/** A failed call to a channel, sorted by what the relay should do about it. */
public final class ChainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /**
         * Unreachable peer or orderer, timeout, endorsement not collected: try the same step again
         * later.
         */
        TRANSIENT,
        /**
         * Another transaction wrote the same keys first (MVCC/phantom conflict): re-read, then
         * decide.
         */
        CONFLICT,
        /**
         * The contract refused the request: retrying the same request will not help until something
         * changes.
         */
        REJECTED
    }

    private final Kind kind;
    private final String operation;
    private final String code;

    public ChainException(
            final Kind kind, final String operation, final String message, final Throwable cause) {
        this(kind, operation, null, message, cause);
    }

    private ChainException(
            final Kind kind,
            final String operation,
            final String code,
            final String message,
            final Throwable cause) {
        super(operation + ": " + message, cause);
        this.kind = kind;
        this.operation = operation;
        this.code = code;
    }

    /** A refusal by the contract, with its code ({@link org.tmsct.core.protocol.ErrorCode}). */
    public static ChainException rejected(
            final String operation,
            final String code,
            final String message,
            final Throwable cause) {
        return new ChainException(Kind.REJECTED, operation, code, message, cause);
    }

    public ChainException(final Kind kind, final String operation, final String message) {
        this(kind, operation, message, null);
    }

    /** The contract's refusal code; null unless REJECTED by the contract itself. */
    public String code() {
        return code;
    }

    /** Whether the contract refused with this code. */
    public boolean refusedWith(final org.tmsct.core.protocol.ErrorCode c) {
        return kind == Kind.REJECTED && c.name().equals(code);
    }

    public Kind kind() {
        return kind;
    }

    /** The contract function or service called (AnchorBlock, ConfirmAnchor, deliver, ...). */
    public String operation() {
        return operation;
    }
}
