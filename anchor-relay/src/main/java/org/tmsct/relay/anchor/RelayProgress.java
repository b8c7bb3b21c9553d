package org.tmsct.relay.anchor;

import java.time.Clock;
import org.slf4j.Logger;
import org.tmsct.relay.chain.AnchorState;
import org.tmsct.relay.checkpoint.AnchorCheckpoint;
import org.tmsct.relay.checkpoint.CheckpointStore;

/**
 * How far the relay has got in this pass: what is anchored and confirmed, what has been read, and
 * the local checkpoint that keeps both. Shared by the relay's parts, all on the relay's thread.
 */
final class RelayProgress {

    private final String chain;
    private final CheckpointStore checkpoints;
    private final Logger log;
    private final Clock clock;

    /** Every record up to this block is anchored and confirmed (-1: none). */
    private long confirmedThrough = AnchorState.NONE;

    /** Every block up to this one has been read in this pass. */
    private long scannedThrough = AnchorState.NONE;

    RelayProgress(
            final String chain,
            final CheckpointStore checkpoints,
            final Logger log,
            final Clock clock) {
        this.chain = chain;
        this.checkpoints = checkpoints;
        this.log = log;
        this.clock = clock;
    }

    long confirmedThrough() {
        return confirmedThrough;
    }

    /** Every record up to {@code block} is anchored and confirmed. */
    void confirmedThrough(final long block) {
        confirmedThrough = Math.max(confirmedThrough, block);
    }

    /** Every block up to {@code block} has been read in this pass. */
    void scannedThrough(final long block) {
        scannedThrough = Math.max(scannedThrough, block);
    }

    /**
     * Starts a pass from the master's state: what it covers counts as confirmed, and the local
     * checkpoint says how much of the range starting at {@code rangeFirst} was already read.
     */
    void startPass(final long masterCovered, final long rangeFirst) {
        confirmedThrough = masterCovered;
        AnchorCheckpoint local = checkpoints.load().orElse(null);
        if (local != null
                && local.slaveChainId().equals(chain)
                && local.lastCovered() > confirmedThrough) {
            log.atWarn()
                    .setMessage("checkpoint-ahead-of-master")
                    .addKeyValue("checkpointLastCovered", local.lastCovered())
                    .addKeyValue("masterLastCovered", confirmedThrough)
                    .addKeyValue("action", "following the master")
                    .log();
        }
        // Every anchor carries the headers of its whole range, so the relay reads from the range's
        // first block even when its checkpoint says the blocks before `resume` hold no records.
        long resume = AnchorCheckpoint.resumeBlock(local, chain, confirmedThrough, rangeFirst);
        scannedThrough = Math.max(rangeFirst, resume) - 1;
    }

    /** Saves the checkpoint; the caller makes sure no confirmation is in flight. */
    void save() {
        checkpoints.save(
                new AnchorCheckpoint(
                        chain,
                        confirmedThrough,
                        Math.max(confirmedThrough, scannedThrough),
                        clock.millis()));
    }
}
