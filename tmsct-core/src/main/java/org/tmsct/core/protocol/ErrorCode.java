package org.tmsct.core.protocol;

import java.util.Optional;

/**
 * Every refusal code of the two contracts. A refusal reaches a client as {@code "<CODE>: <text>"}
 * ({@link Refusal}), so the relay and the client decide on the code, never on the text.
 */
public enum ErrorCode {
    // Both contracts.
    BAD_REQUEST,
    NOT_ADMIN,
    WRONG_ORG,
    NOT_RELAY,
    INTERNAL,

    // Slave contract.
    NOT_CONFIGURED,
    UNKNOWN_DEVICE,
    DEVICE_EXISTS,
    DEVICE_REVOKED,
    BAD_KEY,
    MISSING_TRANSIENT,
    RECORD_MALFORMED,
    RECORD_TOO_LARGE,
    BAD_SIGNATURE,
    WRONG_STAGE,
    DUPLICATE_RECORD,
    UNKNOWN_RECORD,
    ANCHOR_CONFLICT,

    // Master contract: registry, ranges and the block summary (refuse a whole anchor).
    UNKNOWN_CHAIN,
    CHAIN_LOCKED,
    UNKNOWN_PRODUCT_TYPE,
    BLOCK_GAP,
    BLOCK_OVERLAP,
    MERKLE_ROOT_MISMATCH,
    BLOOM_MISMATCH,
    DUPLICATE_TX,

    // Master contract: bounded anchors (the slave block headers of a range and the orderer's
    // signature on the last one; refuse a whole anchor).
    RANGE_TOO_LARGE,
    HEADER_CHAIN_BROKEN,
    ORDERER_SIGNATURE_MISSING,
    ORDERER_SIGNATURE_INVALID,
    ORDERER_NOT_REGISTERED,
    ENTRY_OUTSIDE_RANGE,

    // Master contract: rules of one entry (refuse that entry alone; the slave may check early).
    STAGE_NOT_IN_PROCESS,
    STAGE_WRONG_CHAIN,
    FIELDS_NOT_ALLOWED,
    STAGE_OUT_OF_ORDER,
    TID_PRODUCT_MISMATCH,

    // Master contract: the lot links of one entry (refuse that entry alone).
    UNKNOWN_INPUT,
    GENEALOGY_CYCLE,
    GENEALOGY_TOO_LARGE,

    // Master contract: the device's signed commitment of one entry (refuse that entry alone).
    DEVICE_SIGNATURE_INVALID,
    DEVICE_CERT_UNTRUSTED,
    DEVICE_CERT_EXPIRED,
    SIGNING_TIME_OUTSIDE_WINDOW,
    DISCLOSURE_INVALID,

    // Master contract: queries.
    UNKNOWN_TID,
    NOT_ANCHORED,
    TX_NOT_IN_BLOCK,

    // Master contract: recall marks.
    NOT_LOT_OWNER,

    // Master contract: governance (members, proposals, approvals).
    NOT_MEMBER,
    NO_MEMBERS,
    MEMBERS_ALREADY_SET,
    UNKNOWN_PROPOSAL,
    PROPOSAL_MISMATCH,
    OWNER_LOCKED,
    NO_DEVICE_CA,

    // Both contracts: notes.
    NOTE_TOO_LARGE,
    NOTE_OWNED;

    /** The known code with this name, if any. */
    public static Optional<ErrorCode> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (ErrorCode c : values()) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
