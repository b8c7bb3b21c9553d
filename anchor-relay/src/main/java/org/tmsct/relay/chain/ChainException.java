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

    public ChainException(
            final Kind kind, final String operation, final String message, final Throwable cause) {
        super(operation + ": " + message, cause);
        this.kind = kind;
        this.operation = operation;
    }

    public ChainException(final Kind kind, final String operation, final String message) {
        this(kind, operation, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The contract function or service called (AnchorBlock, ConfirmAnchor, deliver, ...). */
    public String operation() {
        return operation;
    }
}
