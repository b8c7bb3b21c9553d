package org.tmsct.relay.chain;

import java.util.List;

/** What the master answered to one AnchorBlock. */
public sealed interface AnchorOutcome {

    /**
     * This relay's transaction committed: the block is anchored by {@code masterTxId} in master
     * block {@code masterBlock}; {@code rejected} are the entries master refused one by one.
     */
    record Anchored(String masterTxId, long masterBlock, List<Rejection> rejected)
            implements AnchorOutcome {

        public Anchored {
            rejected = List.copyOf(rejected);
        }

        /** Every entry of the block was accepted. */
        public Anchored(String masterTxId, long masterBlock) {
            this(masterTxId, masterBlock, List.of());
        }
    }

    /**
     * The master already covers the block (another relay, or an earlier life of this one, got there
     * first); nothing was submitted. {@code masterTxId} is the covering anchor's, when the master
     * said.
     */
    record AlreadyAnchored(long lastCovered, String masterTxId) implements AnchorOutcome {}
}
