package org.tmsct.web;

/**
 * Every error the trace server answers with, once: the stable code a client matches on, and its
 * HTTP status. The body is always {@code {"error": CODE, "message": "..."}}.
 */
public enum WebError {
    /** A trace code that is empty, too long, or holds characters a trace code cannot have. */
    BAD_TRACE_CODE(400),
    /** A malformed parameter or request. */
    BAD_REQUEST(400),
    /** A request body that is not the JSON expected. */
    BAD_JSON(400),
    /** An event stream asked for without {@code Accept: text/event-stream}. */
    NOT_ACCEPTABLE(406),
    PAYLOAD_TOO_LARGE(413),
    /** No product with this trace code is anchored on master. */
    UNKNOWN_TID(404),
    NOT_FOUND(404),
    /** A staff-only resource asked for without a session. */
    UNAUTHENTICATED(401),
    /** A login certificate that no organisation's CA issued (forged, or self-signed). */
    CERT_UNTRUSTED(401),
    CERT_EXPIRED(401),
    /** A login certificate on its organisation's revocation list. */
    CERT_REVOKED(401),
    /** A login whose signature the certificate's key did not make. */
    BAD_SIGNATURE(401),
    /** A login signed too long ago (or in the future). */
    STALE_LOGIN(401),
    /** A login message seen before. */
    REPLAYED(401),
    /** Authenticated, but not allowed: another organisation's staff, or not an admin. */
    FORBIDDEN(403),
    /** The Fabric network did not answer (peer down, deadline exceeded). */
    NETWORK_UNAVAILABLE(503),
    INTERNAL(500);

    public final int status;

    WebError(final int status) {
        this.status = status;
    }
}
