package org.tmsct.gateway.block;

/** A block, or a valid transaction in it, is not what Fabric writes. */
public class BlockReadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BlockReadException(String message) {
        super(message);
    }

    public BlockReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
