package org.tmsct.relay.anchor;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.relay.block.BlockFormatException;
import org.tmsct.relay.block.SlaveBlock;
import org.tmsct.relay.chain.AnchorOutcome;
import org.tmsct.relay.chain.AnchorState;
import org.tmsct.relay.chain.ChainException;
import org.tmsct.relay.chain.Confirmation;
import org.tmsct.relay.chain.MasterChain;
import org.tmsct.relay.chain.SlaveChain;
import org.tmsct.relay.checkpoint.CheckpointStore;
import org.tmsct.relay.observe.RelayHealth;
import org.tmsct.relay.observe.RelayMetrics;
import org.tmsct.relay.retry.Backoff;
import org.tmsct.relay.retry.StopSignal;

/**
 * The anchor node of one slave channel. Each pass reads the master's anchor state (the source of
 * truth for "last slave block covered"), confirms on the slave channel whatever the master has
 * anchored but the slave still shows PENDING, then follows the slave blocks from just after the
 * last covered one. A block without records is folded into the next range; a block with records
 * ends the range: one AnchorBlock on master (firstBlock..blockNumber), its commit, one
 * ConfirmAnchor on the slave channel, and only then the local checkpoint moves.
 *
 * <p>Exactly once follows from the master's contiguity check rather than from local state: a
 * restarted relay or a second relay can only ever propose the next range, and a range the master
 * already covers is answered ALREADY_ANCHORED without a write. Confirmations are replay-safe on the
 * slave, so re-confirming after a crash is harmless.
 *
 * <p>This class holds the follow loop; AnchorBlock is {@link MasterAnchoring}, ConfirmAnchor is
 * {@link Confirmations}, anchors made by someone else are checked by {@link AnchoredElsewhere},
 * retries and waits are {@link Retrying}, and {@link RelayProgress} holds how far the relay got.
 */
public final class AnchorRelay {

    /**
     * @param slaveChainId the chain id on master (the slave channel's name)
     * @param productType the process the anchors are for
     * @param firstBlock where the first range of a chain starts while the master has no anchor of
     *     it
     * @param backoff waits between retries of transient failures
     * @param rejectionRetry wait before trying a refused request again
     * @param recoverDepth how many of the latest anchors to check for missing confirmations on
     *     start-up
     * @param maxBatchRecords at most this many records in one anchor
     * @param maxBatchBytes at most about this many bytes of entries and attestations in one anchor
     */
    public record Settings(
            String slaveChainId,
            String productType,
            long firstBlock,
            Backoff backoff,
            Duration rejectionRetry,
            int recoverDepth,
            int maxBatchRecords,
            long maxBatchBytes) {

        public static final int DEFAULT_MAX_BATCH_RECORDS = 500;
        public static final long DEFAULT_MAX_BATCH_BYTES = 2L * 1024 * 1024;

        public Settings {
            if (maxBatchRecords < 1 || maxBatchBytes < 1) {
                throw new IllegalArgumentException("a batch must hold at least one record");
            }
        }

        /** With the default batch bounds. */
        public Settings(
                String slaveChainId,
                String productType,
                long firstBlock,
                Backoff backoff,
                Duration rejectionRetry,
                int recoverDepth) {
            this(
                    slaveChainId,
                    productType,
                    firstBlock,
                    backoff,
                    rejectionRetry,
                    recoverDepth,
                    DEFAULT_MAX_BATCH_RECORDS,
                    DEFAULT_MAX_BATCH_BYTES);
        }
    }

    private final Settings settings;
    private final String chain;
    private final MasterChain master;
    private final SlaveChain slave;
    private final RelayMetrics metrics;
    private final RelayHealth health;
    private final Logger log;
    private final StopSignal stop;
    private final Clock clock;

    private final Retrying retrying;
    private final RelayProgress progress;
    private final MasterAnchoring anchoring;
    private final Confirmations confirmations;
    private final AnchoredElsewhere anchoredElsewhere;

    private volatile SlaveChain.BlockStream openStream;
    private BloomParams params;
    private int maxRange = MasterChain.DEFAULT_MAX_RANGE;

    /** Set once the master's anchors are found to differ from the slave blocks; never cleared. */
    private volatile String divergence;

    public AnchorRelay(
            final Settings settings,
            final MasterChain master,
            final SlaveChain slave,
            final CheckpointStore checkpoints,
            final RelayMetrics metrics,
            final RelayHealth health,
            final Logger log,
            final StopSignal stop,
            final Clock clock) {
        this.settings = settings;
        this.chain = settings.slaveChainId();
        this.master = master;
        this.slave = slave;
        this.metrics = metrics;
        this.health = health;
        this.log = log;
        this.stop = stop;
        this.clock = clock;
        this.retrying =
                new Retrying(
                        settings.backoff(), settings.rejectionRetry(), stop, metrics, health, log);
        this.progress = new RelayProgress(chain, checkpoints, log, clock);
        this.anchoring = new MasterAnchoring(chain, master, retrying, metrics, log, clock);
        this.confirmations =
                new Confirmations(
                        chain,
                        settings.recoverDepth(),
                        master,
                        slave,
                        progress,
                        retrying,
                        metrics,
                        log,
                        clock);
        this.anchoredElsewhere =
                new AnchoredElsewhere(
                        chain,
                        master,
                        slave,
                        confirmations,
                        progress,
                        retrying,
                        metrics,
                        health,
                        log);
    }

    /**
     * Runs until a stop is requested. Never returns because of a failure: it says what is wrong and
     * retries.
     */
    public void run() {
        while (!stop.stopRequested()) {
            try {
                if (divergence != null) {
                    // stopped anchoring this chain: keep saying why until an operator steps in
                    retrying.pauseOrStop(settings.rejectionRetry());
                    continue;
                }
                passAndHandleFailure();
            } catch (Retrying.Stopped e) {
                break;
            }
        }
        closeStream();
        try {
            confirmations.finishPending();
        } catch (RuntimeException e) {
            log.atWarn()
                    .setMessage("confirmation-abandoned")
                    .addKeyValue("error", e.toString())
                    .addKeyValue("action", "the next start confirms it")
                    .log();
        }
        health.stopping();
        log.atInfo()
                .setMessage("stopped")
                .addKeyValue("lastProcessedBlock", metrics.lag().lastProcessed())
                .addKeyValue("lastAnchoredBlock", metrics.lastCovered())
                .log();
    }

    /**
     * One pass; a failure is reported and waited out here (a stop during the wait throws Stopped).
     */
    private void passAndHandleFailure() {
        try {
            pass();
        } catch (AnchoredElsewhere.Diverged e) {
            divergence = e.getMessage();
        } catch (Retrying.Resync e) {
            metrics.resync();
            log.atInfo().setMessage("resync").addKeyValue("reason", e.getMessage()).log();
        } catch (ChainException e) {
            retrying.passFailed(e);
        } catch (BlockFormatException e) {
            retrying.passFailed(e);
        } catch (Retrying.Stopped e) {
            throw e;
        } catch (RuntimeException e) {
            retrying.passFailedUnexpectedly(e);
        }
    }

    /** Wakes a relay that is waiting for the next block, so that it sees the stop request. */
    public void closeStream() {
        SlaveChain.BlockStream stream = openStream;
        if (stream != null) {
            stream.close();
        }
    }

    private void pass() {
        confirmations.finishPending();
        params = retrying.call("GetSlaveChain", () -> master.bloomParams(chain));
        maxRange = Math.max(1, retrying.call("GetSlaveChain", () -> master.maxRange(chain)));
        AnchorState state = retrying.call("GetAnchorState", () -> master.anchorState(chain));
        anchoring.noteCovered(state.lastCovered());
        confirmations.recover(state);
        follow(state);
    }

    private void follow(final AnchorState state) {
        long rangeFirst = state.hasAnchors() ? state.lastCovered() + 1 : settings.firstBlock();
        progress.startPass(state.lastCovered(), rangeFirst);
        long next = rangeFirst;
        metrics.lag().processed(next - 1);
        final long start = next;
        SlaveChain.BlockStream stream = retrying.call("deliver", () -> slave.follow(start));
        openStream = stream;
        log.atInfo()
                .setMessage("following")
                .addKeyValue("fromBlock", next)
                .addKeyValue("rangeFirst", rangeFirst)
                .addKeyValue("lastAnchoredBlock", progress.confirmedThrough())
                .addKeyValue("bloomBits", params.mBits())
                .addKeyValue("bloomK", params.k())
                .log();
        health.following();
        GatheredRange range = new GatheredRange(rangeFirst);
        try (stream) {
            String expectedPrevious = null;
            while (!stop.stopRequested()) {
                SlaveBlock block = stream.poll();
                if (block == null) {
                    if (range.hasRecords()) {
                        // Nothing more is waiting: anchor every record gathered so far at once.
                        range = anchorGathered(range);
                        continue;
                    }
                    // Nothing to anchor or read right now: settle the confirmation in flight and
                    // record progress.
                    confirmations.finishPending();
                    block = stream.next();
                }
                if (block.number() != next) {
                    throw new ChainException(
                            ChainException.Kind.TRANSIENT,
                            "deliver",
                            "expected block "
                                    + next
                                    + " but the stream sent block "
                                    + block.number());
                }
                if (expectedPrevious != null && !expectedPrevious.equals(block.previousHash())) {
                    metrics.hashChainBreak();
                    log.atError()
                            .setMessage("hash-chain-break")
                            .addKeyValue("block", block.number())
                            .addKeyValue("previousHash", block.previousHash())
                            .addKeyValue("computedHashOfPrevious", expectedPrevious)
                            .log();
                }
                expectedPrevious = block.headerHash();
                metrics.lag().seen(block.number(), clock.instant());
                final SlaveBlock current = block;
                block.oldestRecord().ifPresent(t -> metrics.lag().madeAt(current.number(), t));

                long bytes = GatheredRange.bytesOf(block);
                if (range.hasRecords()
                        && !range.canTake(
                                block,
                                bytes,
                                maxRange,
                                settings.maxBatchRecords(),
                                settings.maxBatchBytes())) {
                    range = anchorGathered(range);
                }
                range.add(block, bytes);
                if (range.hasRecords()) {
                    if (range.isFull(
                            maxRange, settings.maxBatchRecords(), settings.maxBatchBytes())) {
                        range = anchorGathered(range);
                    }
                } else if (range.blockCount() >= maxRange) {
                    // A run of blocks without records as long as master allows in one anchor: a
                    // range advance, so the next range (with records) stays within the bound.
                    metrics.emptyBlock();
                    advance(range.toBatch(chain, settings.productType(), params, true));
                    range = new GatheredRange(block.number() + 1);
                    progress.scannedThrough(block.number());
                    metrics.lag().processed(block.number());
                } else {
                    metrics.emptyBlock();
                    log.atDebug()
                            .setMessage("folded-empty-block")
                            .addKeyValue("block", block.number())
                            .addKeyValue("transactions", block.transactionCount())
                            .addKeyValue("nextRangeStarts", range.firstBlock())
                            .log();
                    progress.scannedThrough(block.number());
                    metrics.lag().processed(block.number());
                }
                confirmations.saveCheckpoint();
                next = block.number() + 1;
                retrying.passProgressed();
                health.ok();
            }
            confirmations.finishPending();
        } finally {
            openStream = null;
        }
    }

    /** Anchors and confirms the records gathered in {@code range}; returns the next range. */
    private GatheredRange anchorGathered(final GatheredRange range) {
        AnchorBatch batch = range.toBatch(chain, settings.productType(), params, false);
        anchorAndConfirm(batch);
        progress.scannedThrough(batch.blockNumber());
        metrics.lag().processed(batch.blockNumber());
        confirmations.saveCheckpoint();
        return new GatheredRange(batch.blockNumber() + 1);
    }

    /** Anchors a range advance; nothing to confirm on the slave channel. */
    private void advance(final AnchorBatch batch) {
        AnchorOutcome outcome = anchoring.anchor(batch);
        confirmations.finishPending();
        if (outcome instanceof AnchorOutcome.Anchored) {
            progress.confirmedThrough(batch.blockNumber());
        } else {
            anchoredElsewhere.checkAndConfirm(batch);
        }
    }

    private void anchorAndConfirm(final AnchorBatch batch) {
        AnchorOutcome outcome = anchoring.anchor(batch);
        // At most one confirmation in flight: the previous one settles before the next is sent.
        confirmations.finishPending();
        if (outcome instanceof AnchorOutcome.Anchored a) {
            // Entries master refused one by one are marked REJECTED on the slave channel, with
            // master's reason; the rest of the block, and every later block, goes on.
            Set<String> refused = new HashSet<>();
            a.rejected().forEach(r -> refused.add(r.txId()));
            confirmations.start(
                    new Confirmation(
                            batch.blockNumber(),
                            batch.txIds().stream().filter(id -> !refused.contains(id)).toList(),
                            a.rejected(),
                            a.masterTxId(),
                            a.masterBlock()),
                    batch.records());
        } else {
            anchoredElsewhere.checkAndConfirm(batch);
        }
    }
}
