package org.tmsct.relay.anchor;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.tmsct.relay.block.SlaveBlock;
import org.tmsct.relay.chain.AnchoredRange;
import org.tmsct.relay.chain.MasterChain;
import org.tmsct.relay.chain.RecordStatus;
import org.tmsct.relay.chain.SlaveChain;
import org.tmsct.relay.observe.RelayHealth;
import org.tmsct.relay.observe.RelayMetrics;

/**
 * A batch the master covers already (another relay, or this one before a restart, may have cut its
 * blocks into other ranges): each of the master's anchors over it is checked against what this
 * relay read, and its records confirmed on the slave channel unless they are settled there.
 */
final class AnchoredElsewhere {

    /**
     * The master holds an anchor of this relay's blocks that differs from what the relay read
     * (another block hash, another range end, other records). Anchors never change, so retrying
     * cannot help: the relay stops anchoring the chain, says so on /health and in its metrics, and
     * waits for an operator.
     */
    static final class Diverged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Diverged(final String reason) {
            super(reason, null, false, false);
        }
    }

    private final String chain;
    private final MasterChain master;
    private final SlaveChain slave;
    private final Confirmations confirmations;
    private final RelayProgress progress;
    private final Retrying retrying;
    private final RelayMetrics metrics;
    private final RelayHealth health;
    private final Logger log;

    AnchoredElsewhere(
            final String chain,
            final MasterChain master,
            final SlaveChain slave,
            final Confirmations confirmations,
            final RelayProgress progress,
            final Retrying retrying,
            final RelayMetrics metrics,
            final RelayHealth health,
            final Logger log) {
        this.chain = chain;
        this.master = master;
        this.slave = slave;
        this.confirmations = confirmations;
        this.progress = progress;
        this.retrying = retrying;
        this.metrics = metrics;
        this.health = health;
        this.log = log;
    }

    /**
     * Checks each of the master's anchors over the batch's blocks against what this relay read, and
     * makes sure the slave shows their records settled.
     */
    void checkAndConfirm(final AnchorBatch batch) {
        long from = batch.firstBlock();
        while (from <= batch.blockNumber()) {
            final long b = from;
            Optional<AnchoredRange> found =
                    retrying.call("GetAnchor", () -> master.anchorCovering(chain, b));
            if (found.isEmpty()) {
                progress.confirmedThrough(batch.blockNumber());
                log.atError()
                        .setMessage("block-not-covered")
                        .addKeyValue("block", b)
                        .addKeyValue("records", batch.txIdsOfBlocks(b, batch.blockNumber()).size())
                        .addKeyValue(
                                "reason",
                                "the master's first anchor of this chain starts after this block, so it can never be anchored")
                        .log();
                return;
            }
            AnchoredRange range = found.get();
            if (range.firstBlock() != b) {
                throw new Retrying.Resync(
                        "the master's anchor covering block "
                                + b
                                + " starts at block "
                                + range.firstBlock()
                                + ", not where this relay's range starts");
            }
            // What this relay read must be what the master holds: the same records in the blocks
            // the anchor covers and, where the relay read the anchor's last block, its hash.
            if (range.blockNumber() > batch.blockNumber()) {
                List<String> ours = batch.txIdsOfBlocks(b, batch.blockNumber());
                if (!new HashSet<>(range.allTxIds()).containsAll(ours)) {
                    throw diverged(
                            batch,
                            range,
                            "records of blocks "
                                    + b
                                    + ".."
                                    + batch.blockNumber()
                                    + " are missing from the master's anchor");
                }
                throw new Retrying.Resync(
                        "the master's anchor of blocks "
                                + range.firstBlock()
                                + ".."
                                + range.blockNumber()
                                + " reaches past this relay's batch (ending at "
                                + batch.blockNumber()
                                + "); following on from the master's state");
            }
            SlaveBlock end = batch.block(range.blockNumber()).orElse(null);
            if (end == null) {
                throw diverged(
                        batch,
                        range,
                        "the master's anchor ends at block "
                                + range.blockNumber()
                                + ", a block this relay's batch does not hold");
            }
            if (!range.blockHash().isEmpty() && !range.blockHash().equals(end.headerHash())) {
                throw diverged(
                        batch,
                        range,
                        "the master anchored block hash "
                                + range.blockHash()
                                + ", the slave channel's block "
                                + end.number()
                                + " hashes to "
                                + end.headerHash());
            }
            List<String> ours = batch.txIdsOfBlocks(b, range.blockNumber());
            if (!new HashSet<>(range.allTxIds()).equals(new HashSet<>(ours))) {
                throw diverged(
                        batch,
                        range,
                        "the master holds "
                                + range.allTxIds().size()
                                + " entries for blocks "
                                + b
                                + ".."
                                + range.blockNumber()
                                + ", the slave channel "
                                + ours.size()
                                + " records");
            }
            settle(range, batch);
            from = range.blockNumber() + 1;
        }
    }

    /** Confirms an anchor made by someone else unless the slave shows it settled already. */
    private void settle(final AnchoredRange range, final AnchorBatch batch) {
        if (range.hasRecords()) {
            RecordStatus status =
                    retrying.call("GetRecord", () -> slave.recordStatus(range.allTxIds().get(0)));
            if (status.state() == RecordStatus.State.PENDING) {
                long masterBlock =
                        retrying.call("GetBlockByTxID", () -> master.blockOf(range.masterTxId()));
                Set<String> ids = new HashSet<>(range.allTxIds());
                confirmations.confirm(
                        range.confirmation(masterBlock),
                        batch.records().stream().filter(r -> ids.contains(r.txId())).toList());
            }
        }
        progress.confirmedThrough(range.blockNumber());
    }

    /**
     * Stops anchoring the chain: the master's anchor of this relay's blocks is not what the slave
     * channel holds.
     */
    private Diverged diverged(
            final AnchorBatch batch, final AnchoredRange range, final String why) {
        String reason =
                "the master's anchor of slave blocks "
                        + range.firstBlock()
                        + ".."
                        + range.blockNumber()
                        + " (master tx "
                        + range.masterTxId()
                        + ") differs from the slave channel's blocks "
                        + batch.firstBlock()
                        + ".."
                        + batch.blockNumber()
                        + ": "
                        + why;
        metrics.divergence();
        health.diverged("AnchorBlock", reason);
        log.atError()
                .setMessage("anchor-diverged")
                .addKeyValue("firstBlock", batch.firstBlock())
                .addKeyValue("block", batch.blockNumber())
                .addKeyValue("masterFirstBlock", range.firstBlock())
                .addKeyValue("masterBlock", range.blockNumber())
                .addKeyValue("masterTxId", range.masterTxId())
                .addKeyValue("reason", why)
                .addKeyValue("action", "stopped anchoring this chain; an operator must look")
                .log();
        return new Diverged(reason);
    }
}
