package org.tmsct.slave.common;

import org.tmsct.core.refusal.RecordCodes;

/**
 * The error codes of the slave contract (the payload of its chaincode errors, and the front of
 * their messages). Those the client acts on are defined in {@link RecordCodes}.
 */
public final class ErrorCodes {

    public static final String BAD_REQUEST = RecordCodes.BAD_REQUEST;
    public static final String NOT_CONFIGURED = "NOT_CONFIGURED";
    public static final String NOT_ADMIN = "NOT_ADMIN";
    public static final String WRONG_ORG = "WRONG_ORG";
    public static final String NOT_RELAY = "NOT_RELAY";
    public static final String UNKNOWN_DEVICE = RecordCodes.UNKNOWN_DEVICE;
    public static final String DEVICE_EXISTS = "DEVICE_EXISTS";
    public static final String DEVICE_REVOKED = RecordCodes.DEVICE_REVOKED;
    public static final String BAD_KEY = "BAD_KEY";
    public static final String MISSING_TRANSIENT = RecordCodes.MISSING_TRANSIENT;
    public static final String RECORD_MALFORMED = RecordCodes.RECORD_MALFORMED;
    public static final String RECORD_TOO_LARGE = RecordCodes.RECORD_TOO_LARGE;
    public static final String BAD_SIGNATURE = RecordCodes.BAD_SIGNATURE;
    public static final String WRONG_STAGE = RecordCodes.WRONG_STAGE;
    public static final String DUPLICATE_RECORD = RecordCodes.DUPLICATE_RECORD;
    public static final String UNKNOWN_RECORD = "UNKNOWN_RECORD";
    public static final String ANCHOR_CONFLICT = "ANCHOR_CONFLICT";
    public static final String INTERNAL = "INTERNAL";

    private ErrorCodes() {}
}
