package org.tmsct.relay.chain;

/** A slave record's anchoring status as the slave contract reports it (GetRecord). */
public record RecordStatus(State state, String masterTxId) {

    public enum State {
        PENDING,
        ANCHORED,
        REJECTED,
        UNKNOWN
    }

    public static RecordStatus pending() {
        return new RecordStatus(State.PENDING, null);
    }

    public static RecordStatus anchored(final String masterTxId) {
        return new RecordStatus(State.ANCHORED, masterTxId);
    }

    public static RecordStatus rejected(final String masterTxId) {
        return new RecordStatus(State.REJECTED, masterTxId);
    }

    public static RecordStatus unknown() {
        return new RecordStatus(State.UNKNOWN, null);
    }

    public boolean isAnchored() {
        return state == State.ANCHORED;
    }

    /** ANCHORED or REJECTED: a ConfirmAnchor has settled it. */
    public boolean isSettled() {
        return state == State.ANCHORED || state == State.REJECTED;
    }
}
