package org.tmsct.master.common;

import org.tmsct.core.protocol.ErrorCode;

/**
 * The refusal codes the master contract uses, as strings. Each is defined once, in {@link
 * ErrorCode}; this class only names the master's subset.
 */
public final class ErrorCodes {

    public static final String BAD_REQUEST = ErrorCode.BAD_REQUEST.name();
    public static final String NOT_ADMIN = ErrorCode.NOT_ADMIN.name();
    public static final String WRONG_ORG = ErrorCode.WRONG_ORG.name();
    public static final String NOT_RELAY = ErrorCode.NOT_RELAY.name();
    public static final String UNKNOWN_CHAIN = ErrorCode.UNKNOWN_CHAIN.name();
    public static final String CHAIN_LOCKED = ErrorCode.CHAIN_LOCKED.name();
    public static final String UNKNOWN_PRODUCT_TYPE = ErrorCode.UNKNOWN_PRODUCT_TYPE.name();
    public static final String BLOCK_GAP = ErrorCode.BLOCK_GAP.name();
    public static final String BLOCK_OVERLAP = ErrorCode.BLOCK_OVERLAP.name();
    public static final String MERKLE_ROOT_MISMATCH = ErrorCode.MERKLE_ROOT_MISMATCH.name();
    public static final String BLOOM_MISMATCH = ErrorCode.BLOOM_MISMATCH.name();
    public static final String DUPLICATE_TX = ErrorCode.DUPLICATE_TX.name();
    public static final String STAGE_NOT_IN_PROCESS = ErrorCode.STAGE_NOT_IN_PROCESS.name();
    public static final String STAGE_WRONG_CHAIN = ErrorCode.STAGE_WRONG_CHAIN.name();
    public static final String FIELDS_NOT_ALLOWED = ErrorCode.FIELDS_NOT_ALLOWED.name();
    public static final String STAGE_OUT_OF_ORDER = ErrorCode.STAGE_OUT_OF_ORDER.name();
    public static final String TID_PRODUCT_MISMATCH = ErrorCode.TID_PRODUCT_MISMATCH.name();
    public static final String UNKNOWN_TID = ErrorCode.UNKNOWN_TID.name();
    // lot links and recalls
    public static final String UNKNOWN_INPUT = ErrorCode.UNKNOWN_INPUT.name();
    public static final String GENEALOGY_CYCLE = ErrorCode.GENEALOGY_CYCLE.name();
    public static final String GENEALOGY_TOO_LARGE = ErrorCode.GENEALOGY_TOO_LARGE.name();
    public static final String NOT_LOT_OWNER = ErrorCode.NOT_LOT_OWNER.name();
    public static final String NOT_ANCHORED = ErrorCode.NOT_ANCHORED.name();
    public static final String TX_NOT_IN_BLOCK = ErrorCode.TX_NOT_IN_BLOCK.name();
    public static final String INTERNAL = ErrorCode.INTERNAL.name();

    // bounded anchors: slave block headers and the orderer's signature
    public static final String RANGE_TOO_LARGE = ErrorCode.RANGE_TOO_LARGE.name();
    public static final String HEADER_CHAIN_BROKEN = ErrorCode.HEADER_CHAIN_BROKEN.name();
    public static final String ORDERER_SIGNATURE_MISSING =
            ErrorCode.ORDERER_SIGNATURE_MISSING.name();
    public static final String ORDERER_SIGNATURE_INVALID =
            ErrorCode.ORDERER_SIGNATURE_INVALID.name();
    public static final String ORDERER_NOT_REGISTERED = ErrorCode.ORDERER_NOT_REGISTERED.name();
    public static final String ENTRY_OUTSIDE_RANGE = ErrorCode.ENTRY_OUTSIDE_RANGE.name();
    // the device's signed commitment of one entry
    public static final String DEVICE_SIGNATURE_INVALID = ErrorCode.DEVICE_SIGNATURE_INVALID.name();
    public static final String DEVICE_CERT_UNTRUSTED = ErrorCode.DEVICE_CERT_UNTRUSTED.name();
    public static final String DEVICE_CERT_EXPIRED = ErrorCode.DEVICE_CERT_EXPIRED.name();
    public static final String SIGNING_TIME_OUTSIDE_WINDOW =
            ErrorCode.SIGNING_TIME_OUTSIDE_WINDOW.name();
    public static final String DISCLOSURE_INVALID = ErrorCode.DISCLOSURE_INVALID.name();
    public static final String DEVICE_REVOKED = ErrorCode.DEVICE_REVOKED.name();

    // governance: members, proposals and approvals
    public static final String NOT_MEMBER = ErrorCode.NOT_MEMBER.name();
    public static final String NO_MEMBERS = ErrorCode.NO_MEMBERS.name();
    public static final String MEMBERS_ALREADY_SET = ErrorCode.MEMBERS_ALREADY_SET.name();
    public static final String UNKNOWN_PROPOSAL = ErrorCode.UNKNOWN_PROPOSAL.name();
    public static final String PROPOSAL_MISMATCH = ErrorCode.PROPOSAL_MISMATCH.name();
    public static final String OWNER_LOCKED = ErrorCode.OWNER_LOCKED.name();
    public static final String NO_DEVICE_CA = ErrorCode.NO_DEVICE_CA.name();

    private ErrorCodes() {}
}
