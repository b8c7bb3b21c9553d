package org.tmsct.relay.anchor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.relay.chain.AnchorOutcome;
import org.tmsct.relay.chain.AnchorState;
import org.tmsct.relay.chain.ChainException;
import org.tmsct.relay.chain.MasterChain;
import org.tmsct.relay.chain.Rejection;
import org.tmsct.relay.observe.RelayMetrics;

/**
 * AnchorBlock on master, and what the relay knows the master covers. A batch the master is known to
 * cover is answered ALREADY_ANCHORED without a write. After a conflict or refusal the master's
 * anchor state decides: someone else got there first (already anchored), the relay's range no
 * longer follows the master's (a resync), a conflict (retried with backoff), a stale endorsing peer
 * (retried a few times), or a real refusal (reported, then a resync).
 */
final class MasterAnchoring {

    private static final Pattern CONTIGUITY_REFUSAL =
            Pattern.compile("block (\\d+) of \\S+ expected, got (\\d+)");
    private static final int STALE_ENDORSER_RETRIES = 8;

    private final String chain;
    private final MasterChain master;
    private final Retrying retrying;
    private final RelayMetrics metrics;
    private final Logger log;
    private final Clock clock;

    /** The highest block the master is known to cover (-1: none). */
    private long knownCovered = AnchorState.NONE;

    MasterAnchoring(
            final String chain,
            final MasterChain master,
            final Retrying retrying,
            final RelayMetrics metrics,
            final Logger log,
            final Clock clock) {
        this.chain = chain;
        this.master = master;
        this.retrying = retrying;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
    }

    /** The master covers at least up to {@code block}. */
    void noteCovered(final long block) {
        knownCovered = Math.max(knownCovered, block);
        metrics.covered(knownCovered);
    }

    AnchorOutcome anchor(final AnchorBatch batch) {
        int staleRetries = 0;
        for (int conflicts = 1; ; ) {
            if (knownCovered >= batch.blockNumber()) {
                metrics.anchorFoundAnchored();
                log.atInfo()
                        .setMessage("already-anchored")
                        .addKeyValue("firstBlock", batch.firstBlock())
                        .addKeyValue("block", batch.blockNumber())
                        .addKeyValue("records", batch.txIds().size())
                        .addKeyValue("masterCoversThrough", knownCovered)
                        .log();
                return new AnchorOutcome.AlreadyAnchored(knownCovered, null);
            }
            Instant started = clock.instant();
            try {
                AnchorOutcome outcome = retrying.call("AnchorBlock", () -> master.anchor(batch));
                if (outcome instanceof AnchorOutcome.Anchored a) {
                    noteCovered(batch.blockNumber());
                    anchored(batch, a, started);
                    return outcome;
                }
                // ALREADY_ANCHORED: noted, then answered at the top of the loop.
                noteCovered(
                        Math.max(
                                batch.blockNumber(),
                                ((AnchorOutcome.AlreadyAnchored) outcome).lastCovered()));
            } catch (ChainException e) {
                // CONFLICT or REJECTED: the master's state says whether someone else got there
                // first.
                AnchorState state =
                        retrying.call("GetAnchorState", () -> master.anchorState(chain));
                noteCovered(state.lastCovered());
                if (e.kind() == ChainException.Kind.CONFLICT) {
                    metrics.conflict("AnchorBlock");
                }
                if (knownCovered >= batch.blockNumber()) {
                    continue;
                }
                if (state.hasAnchors() && state.lastCovered() + 1 != batch.firstBlock()) {
                    throw new Retrying.Resync(
                            "the master covers "
                                    + chain
                                    + " through block "
                                    + state.lastCovered()
                                    + " but this relay's range starts at "
                                    + batch.firstBlock());
                }
                if (e.kind() == ChainException.Kind.CONFLICT) {
                    log.atWarn()
                            .setMessage("anchor-conflict")
                            .addKeyValue("block", batch.blockNumber())
                            .addKeyValue("error", e.getMessage())
                            .log();
                    retrying.backOff(conflicts++);
                    continue;
                }
                if (staleEndorser(e, batch) && staleRetries++ < STALE_ENDORSER_RETRIES) {
                    metrics.retry("AnchorBlock");
                    log.atWarn()
                            .setMessage("anchor-stale-endorser")
                            .addKeyValue("block", batch.blockNumber())
                            .addKeyValue("error", e.getMessage())
                            .log();
                    retrying.backOff(staleRetries);
                    continue;
                }
                retrying.rejected(
                        "AnchorBlock",
                        "slave blocks " + batch.firstBlock() + ".." + batch.blockNumber(),
                        e.getMessage());
                throw new Retrying.Resync(
                        "trying the refused range "
                                + batch.firstBlock()
                                + ".."
                                + batch.blockNumber()
                                + " again");
            }
        }
    }

    /** Counts and logs a committed anchor and each entry master refused in it. */
    private void anchored(
            final AnchorBatch batch, final AnchorOutcome.Anchored a, final Instant started) {
        // records_anchored counts what master accepted; rejections are counted apart
        metrics.anchorSubmitted(
                batch.txIds().size() - a.rejected().size(), seconds(started, clock.instant()));
        log.atInfo()
                .setMessage("anchored")
                .addKeyValue("firstBlock", batch.firstBlock())
                .addKeyValue("block", batch.blockNumber())
                .addKeyValue("records", batch.txIds().size())
                .addKeyValue("blockHash", batch.lastBlock().headerHash())
                .addKeyValue("merkleRoot", batch.summary().merkleRootHex())
                .addKeyValue("masterTxId", a.masterTxId())
                .addKeyValue("masterBlock", a.masterBlock())
                .addKeyValue("commitMs", Duration.between(started, clock.instant()).toMillis())
                .addKeyValue("rejected", a.rejected().size())
                .log();
        for (Rejection r : a.rejected()) {
            metrics.recordRejected(r.code());
            log.atWarn()
                    .setMessage("record-rejected")
                    .addKeyValue("block", batch.blockNumber())
                    .addKeyValue("txId", r.txId())
                    .addKeyValue("code", r.code())
                    .addKeyValue("reason", r.reason())
                    .addKeyValue("action", "marked REJECTED on the slave channel")
                    .log();
        }
    }

    /**
     * A contiguity refusal that names an earlier block than the one the master (read just after it)
     * expects came from an endorsing peer that had not yet committed this relay's previous anchor:
     * the commit status came from another peer. That is transient, so it is retried, not reported.
     */
    private static boolean staleEndorser(final ChainException e, final AnchorBatch batch) {
        if (!e.refusedWith(ErrorCode.BLOCK_GAP) && !e.refusedWith(ErrorCode.BLOCK_OVERLAP)) {
            return false;
        }
        // The code says what happened; the numbers are read from the refusal's text.
        Matcher m = CONTIGUITY_REFUSAL.matcher(String.valueOf(e.getMessage()));
        return m.find()
                && Long.parseLong(m.group(1)) < batch.firstBlock()
                && Long.parseLong(m.group(2)) == batch.firstBlock();
    }

    private static double seconds(final Instant from, final Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
