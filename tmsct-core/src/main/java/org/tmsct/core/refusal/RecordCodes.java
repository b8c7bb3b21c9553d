package org.tmsct.core.refusal;

import java.util.Set;

/**
 * The codes with which the slave contract refuses a record, defined here once for the contract that
 * sends them and the client that acts on them.
 */
public final class RecordCodes {

    public static final String BAD_REQUEST = "BAD_REQUEST";
    public static final String UNKNOWN_DEVICE = "UNKNOWN_DEVICE";
    public static final String DEVICE_REVOKED = "DEVICE_REVOKED";
    public static final String MISSING_TRANSIENT = "MISSING_TRANSIENT";
    public static final String RECORD_MALFORMED = "RECORD_MALFORMED";
    public static final String RECORD_TOO_LARGE = "RECORD_TOO_LARGE";
    public static final String BAD_SIGNATURE = "BAD_SIGNATURE";
    public static final String WRONG_STAGE = "WRONG_STAGE";
    public static final String DUPLICATE_RECORD = "DUPLICATE_RECORD";

    /**
     * Refusals of the record itself by the contract's own checks: sending the same bytes again
     * cannot succeed. Any other code (wrong caller, channel not configured, internal error) says
     * nothing final about the record.
     */
    public static final Set<String> FINAL =
            Set.of(
                    BAD_REQUEST,
                    UNKNOWN_DEVICE,
                    DEVICE_REVOKED,
                    MISSING_TRANSIENT,
                    RECORD_MALFORMED,
                    RECORD_TOO_LARGE,
                    BAD_SIGNATURE,
                    WRONG_STAGE);

    private RecordCodes() {}
}
