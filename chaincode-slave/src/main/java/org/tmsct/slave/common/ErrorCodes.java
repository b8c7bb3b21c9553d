package org.tmsct.slave.common;

import org.tmsct.core.protocol.ErrorCode;

/**
 * The refusal codes the slave contract uses, as strings. Each is defined once, in {@link
 * ErrorCode}; this class only names the slave's subset.
 */
public final class ErrorCodes {

    public static final String BAD_REQUEST = ErrorCode.BAD_REQUEST.name();
    public static final String NOT_CONFIGURED = ErrorCode.NOT_CONFIGURED.name();
    public static final String NOT_ADMIN = ErrorCode.NOT_ADMIN.name();
    public static final String WRONG_ORG = ErrorCode.WRONG_ORG.name();
    public static final String NOT_RELAY = ErrorCode.NOT_RELAY.name();
    public static final String UNKNOWN_DEVICE = ErrorCode.UNKNOWN_DEVICE.name();
    public static final String DEVICE_EXISTS = ErrorCode.DEVICE_EXISTS.name();
    public static final String DEVICE_REVOKED = ErrorCode.DEVICE_REVOKED.name();
    public static final String BAD_KEY = ErrorCode.BAD_KEY.name();
    public static final String DEVICE_CERT_UNTRUSTED = ErrorCode.DEVICE_CERT_UNTRUSTED.name();
    public static final String MISSING_TRANSIENT = ErrorCode.MISSING_TRANSIENT.name();
    public static final String RECORD_MALFORMED = ErrorCode.RECORD_MALFORMED.name();
    public static final String RECORD_TOO_LARGE = ErrorCode.RECORD_TOO_LARGE.name();
    public static final String BAD_SIGNATURE = ErrorCode.BAD_SIGNATURE.name();
    public static final String WRONG_STAGE = ErrorCode.WRONG_STAGE.name();
    public static final String DUPLICATE_RECORD = ErrorCode.DUPLICATE_RECORD.name();
    public static final String UNKNOWN_RECORD = ErrorCode.UNKNOWN_RECORD.name();
    public static final String ANCHOR_CONFLICT = ErrorCode.ANCHOR_CONFLICT.name();
    public static final String INTERNAL = ErrorCode.INTERNAL.name();

    private ErrorCodes() {}
}
