package org.tmsct.gateway.ca;

/** A Fabric CA refused a request or could not be reached; the message says which and why. */
public final class CaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CaException(final String message) {
        super(message);
    }
}
