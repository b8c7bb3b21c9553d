package org.tmsct.master.common;

/** The error codes of the master contract (the payload of its chaincode errors). */
public final class ErrorCodes {

    public static final String BAD_REQUEST = "BAD_REQUEST";
    public static final String NOT_ADMIN = "NOT_ADMIN";
    public static final String WRONG_ORG = "WRONG_ORG";
    public static final String NOT_RELAY = "NOT_RELAY";
    public static final String UNKNOWN_CHAIN = "UNKNOWN_CHAIN";
    public static final String CHAIN_LOCKED = "CHAIN_LOCKED";
    public static final String UNKNOWN_PRODUCT_TYPE = "UNKNOWN_PRODUCT_TYPE";
    public static final String BLOCK_GAP = "BLOCK_GAP";
    public static final String BLOCK_OVERLAP = "BLOCK_OVERLAP";
    public static final String MERKLE_ROOT_MISMATCH = "MERKLE_ROOT_MISMATCH";
    public static final String BLOOM_MISMATCH = "BLOOM_MISMATCH";
    public static final String DUPLICATE_TX = "DUPLICATE_TX";
    public static final String STAGE_NOT_IN_PROCESS = "STAGE_NOT_IN_PROCESS";
    public static final String STAGE_WRONG_CHAIN = "STAGE_WRONG_CHAIN";
    public static final String FIELDS_NOT_ALLOWED = "FIELDS_NOT_ALLOWED";
    public static final String STAGE_OUT_OF_ORDER = "STAGE_OUT_OF_ORDER";
    public static final String TID_PRODUCT_MISMATCH = "TID_PRODUCT_MISMATCH";
    public static final String UNKNOWN_TID = "UNKNOWN_TID";
    public static final String NOT_ANCHORED = "NOT_ANCHORED";
    public static final String TX_NOT_IN_BLOCK = "TX_NOT_IN_BLOCK";
    public static final String INTERNAL = "INTERNAL";

    // governance: members, proposals and approvals
    public static final String NOT_MEMBER = "NOT_MEMBER";
    public static final String NO_MEMBERS = "NO_MEMBERS";
    public static final String MEMBERS_ALREADY_SET = "MEMBERS_ALREADY_SET";
    public static final String UNKNOWN_PROPOSAL = "UNKNOWN_PROPOSAL";
    public static final String PROPOSAL_MISMATCH = "PROPOSAL_MISMATCH";
    public static final String OWNER_LOCKED = "OWNER_LOCKED";
    public static final String NO_DEVICE_CA = "NO_DEVICE_CA";

    private ErrorCodes() {}
}
