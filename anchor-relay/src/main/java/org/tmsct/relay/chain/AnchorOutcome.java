package org.tmsct.relay.chain;

/** What the master answered to one AnchorBlock. */
public sealed interface AnchorOutcome {

    /**
     * This relay's transaction committed: the block is anchored by {@code masterTxId} in master
     * block {@code masterBlock}.
     */
    record Anchored(String masterTxId, long masterBlock) implements AnchorOutcome {}

    /**
     * The master already covers the block (another relay, or an earlier life of this one, got there
     * first); nothing was submitted. {@code masterTxId} is the covering anchor's, when the master
     * said.
     */
    record AlreadyAnchored(long lastCovered, String masterTxId) implements AnchorOutcome {}
}
