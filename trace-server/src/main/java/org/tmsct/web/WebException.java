package org.tmsct.web;

/** A request that ends in one of the {@link WebError}s, with a message for people. */
public final class WebException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public final transient WebError error;

    public WebException(final WebError error, final String message) {
        super(message);
        this.error = error;
    }
}
