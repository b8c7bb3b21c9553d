package org.tmsct.relay.anchor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.tmsct.relay.block.RecordTx;
import org.tmsct.relay.chain.AnchorState;
import org.tmsct.relay.chain.AnchoredRange;
import org.tmsct.relay.chain.ChainException;
import org.tmsct.relay.chain.Confirmation;
import org.tmsct.relay.chain.MasterChain;
import org.tmsct.relay.chain.RecordStatus;
import org.tmsct.relay.chain.SlaveChain;
import org.tmsct.relay.observe.RelayMetrics;

/**
 * ConfirmAnchor on the slave channel: at most one confirmation in flight while the next anchor is
 * made, the slow way when that one does not commit, and at start-up the confirmations a crash left
 * out. The checkpoint is only saved while no confirmation is in flight.
 */
final class Confirmations {

    private record PendingConfirmation(
            Confirmation confirmation, List<RecordTx> records, SlaveChain.PendingCommit commit) {}

    private final String chain;
    private final int recoverDepth;
    private final MasterChain master;
    private final SlaveChain slave;
    private final RelayProgress progress;
    private final Retrying retrying;
    private final RelayMetrics metrics;
    private final Logger log;
    private final Clock clock;

    /** The ConfirmAnchor sent but not yet known to be committed (at most one). */
    private PendingConfirmation pending;

    Confirmations(
            final String chain,
            final int recoverDepth,
            final MasterChain master,
            final SlaveChain slave,
            final RelayProgress progress,
            final Retrying retrying,
            final RelayMetrics metrics,
            final Logger log,
            final Clock clock) {
        this.chain = chain;
        this.recoverDepth = recoverDepth;
        this.master = master;
        this.slave = slave;
        this.progress = progress;
        this.retrying = retrying;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
    }

    /**
     * After a crash between AnchorBlock and ConfirmAnchor (of this relay or another one), the
     * master covers blocks whose records are still PENDING on the slave. A relay has at most one
     * confirmation in flight, so normally only the last one or two anchors can be unconfirmed;
     * walking back until a confirmed one is found also covers anything unusual, up to recoverDepth
     * anchors.
     */
    void recover(final AnchorState state) {
        if (!state.hasAnchors()) {
            return;
        }
        Deque<AnchoredRange> unconfirmed = new ArrayDeque<>();
        long block = state.lastCovered();
        for (int i = 0; i < recoverDepth && block >= 0; i++) {
            final long b = block;
            Optional<AnchoredRange> found =
                    retrying.call("GetAnchor", () -> master.anchorCovering(chain, b));
            if (found.isEmpty()) {
                break;
            }
            AnchoredRange range = found.get();
            if (range.hasRecords()) {
                RecordStatus status =
                        retrying.call(
                                "GetRecord", () -> slave.recordStatus(range.allTxIds().get(0)));
                if (status.state() != RecordStatus.State.PENDING) {
                    break;
                }
                unconfirmed.addFirst(range);
            }
            block = range.firstBlock() - 1;
        }
        for (AnchoredRange range : unconfirmed) {
            log.atInfo()
                    .setMessage("recovering-confirmation")
                    .addKeyValue("slaveBlock", range.blockNumber())
                    .addKeyValue("records", range.allTxIds().size())
                    .addKeyValue("rejected", range.rejected().size())
                    .addKeyValue("masterTxId", range.masterTxId())
                    .log();
            long masterBlock =
                    retrying.call("GetBlockByTxID", () -> master.blockOf(range.masterTxId()));
            confirm(range.confirmation(masterBlock), List.of());
        }
    }

    /**
     * Sends ConfirmAnchor without waiting for its commit, so the next block's AnchorBlock (on
     * master) overlaps with it (on the slave channel). The checkpoint only moves past the block
     * once the confirmation has committed; a crash in between is repaired by the start-up recovery.
     */
    void start(final Confirmation confirmation, final List<RecordTx> records) {
        try {
            pending =
                    new PendingConfirmation(
                            confirmation, records, slave.submitConfirmation(confirmation));
        } catch (ChainException e) {
            metrics.retry("ConfirmAnchor");
            log.atWarn()
                    .setMessage("confirmation-not-sent")
                    .addKeyValue("slaveBlock", confirmation.slaveBlockNumber())
                    .addKeyValue("error", e.getMessage())
                    .log();
            confirm(confirmation, records);
        }
    }

    /**
     * Waits for the confirmation in flight, if any; repairs it the slow way if it did not commit.
     */
    void finishPending() {
        PendingConfirmation p = pending;
        if (p == null) {
            return;
        }
        pending = null;
        try {
            p.commit().await();
            confirmed(p.confirmation(), p.records());
        } catch (ChainException e) {
            log.atWarn()
                    .setMessage("confirmation-not-committed")
                    .addKeyValue("slaveBlock", p.confirmation().slaveBlockNumber())
                    .addKeyValue("error", e.getMessage())
                    .log();
            if (e.kind() == ChainException.Kind.CONFLICT) {
                metrics.conflict("ConfirmAnchor");
            } else {
                metrics.retry("ConfirmAnchor");
            }
            confirm(p.confirmation(), p.records());
        }
        saveCheckpoint();
    }

    /**
     * Saves the checkpoint, unless a confirmation is in flight (its block is not done until it
     * commits).
     */
    void saveCheckpoint() {
        if (pending == null) {
            progress.save();
        }
    }

    /** ConfirmAnchor until the slave shows the records ANCHORED (by this relay or by another). */
    void confirm(final Confirmation confirmation, final List<RecordTx> records) {
        for (int conflicts = 1; ; ) {
            try {
                retrying.call(
                        "ConfirmAnchor",
                        () -> {
                            slave.confirmAnchor(confirmation);
                            return null;
                        });
                confirmed(confirmation, records);
                return;
            } catch (ChainException e) {
                if (e.kind() == ChainException.Kind.CONFLICT) {
                    metrics.conflict("ConfirmAnchor");
                }
                RecordStatus status =
                        retrying.call(
                                "GetRecord", () -> slave.recordStatus(confirmation.anyTxId()));
                if (status.isSettled()) {
                    if (!confirmation.masterTxId().equals(status.masterTxId())) {
                        log.atError()
                                .setMessage("confirmation-differs")
                                .addKeyValue("slaveBlock", confirmation.slaveBlockNumber())
                                .addKeyValue("masterTxId", confirmation.masterTxId())
                                .addKeyValue("slaveSays", status.masterTxId())
                                .log();
                    }
                    log.atInfo()
                            .setMessage("confirmed-by-another")
                            .addKeyValue("slaveBlock", confirmation.slaveBlockNumber())
                            .addKeyValue("error", e.getMessage())
                            .log();
                    progress.confirmedThrough(confirmation.slaveBlockNumber());
                    return;
                }
                if (e.kind() == ChainException.Kind.CONFLICT) {
                    retrying.backOff(conflicts++);
                } else {
                    retrying.rejected(
                            "ConfirmAnchor",
                            "slave block " + confirmation.slaveBlockNumber(),
                            e.getMessage());
                }
            }
        }
    }

    private void confirmed(final Confirmation confirmation, final List<RecordTx> records) {
        Instant now = clock.instant();
        metrics.confirmed();
        records.forEach(r -> metrics.recordLatency(seconds(r.submitted(), now)));
        progress.confirmedThrough(confirmation.slaveBlockNumber());
        log.atInfo()
                .setMessage("confirmed")
                .addKeyValue("slaveBlock", confirmation.slaveBlockNumber())
                .addKeyValue("records", confirmation.size())
                .addKeyValue("rejected", confirmation.rejected().size())
                .addKeyValue("masterTxId", confirmation.masterTxId())
                .addKeyValue("masterBlock", confirmation.masterBlockNumber())
                .addKeyValue(
                        "latencyMs",
                        records.stream()
                                .map(RecordTx::submitted)
                                .min(Instant::compareTo)
                                .map(t -> Duration.between(t, now).toMillis())
                                .orElse(null))
                .log();
    }

    private static double seconds(final Instant from, final Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
