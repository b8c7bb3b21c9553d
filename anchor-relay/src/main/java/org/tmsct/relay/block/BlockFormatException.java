package org.tmsct.relay.block;

/**
 * A block that cannot be read as Fabric writes them; never retried, since the bytes will not
 * change.
 */
public final class BlockFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BlockFormatException(final String message) {
        super(message);
    }

    public BlockFormatException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
