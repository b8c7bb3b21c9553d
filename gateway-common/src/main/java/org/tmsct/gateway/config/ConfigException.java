package org.tmsct.gateway.config;

/** A problem with the local configuration that the user can fix; printed as one line. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(final String message) {
        super(message);
    }
}
