package org.tmsct.relay.anchor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.relay.block.BlockFormatException;
import org.tmsct.relay.block.RecordTx;
import org.tmsct.relay.block.SlaveBlock;
import org.tmsct.relay.chain.AnchorOutcome;
import org.tmsct.relay.chain.AnchorState;
import org.tmsct.relay.chain.AnchoredRange;
import org.tmsct.relay.chain.ChainException;
import org.tmsct.relay.chain.Confirmation;
import org.tmsct.relay.chain.MasterChain;
import org.tmsct.relay.chain.RecordStatus;
import org.tmsct.relay.chain.Rejection;
import org.tmsct.relay.chain.SlaveChain;
import org.tmsct.relay.checkpoint.AnchorCheckpoint;
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

    /** Abandons the current pass; the next one starts again from the master's state. */
    static final class Resync extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Resync(final String reason) {
            super(reason, null, false, false);
        }
    }

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

    /** A stop was requested while the relay waited. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stop requested", null, false, false);
        }
    }

    private final Settings settings;
    private final String chain;
    private final MasterChain master;
    private final SlaveChain slave;
    private final CheckpointStore checkpoints;
    private final RelayMetrics metrics;
    private final RelayHealth health;
    private final Logger log;
    private final StopSignal stop;
    private final Clock clock;

    private volatile SlaveChain.BlockStream openStream;
    private BloomParams params;
    private int maxRange = MasterChain.DEFAULT_MAX_RANGE;

    /** Set once the master's anchors are found to differ from the slave blocks; never cleared. */
    private volatile String divergence;

    /** The highest block the master is known to cover (-1: none). */
    private long knownCovered = AnchorState.NONE;

    /** Consecutive failed passes, for the backoff between passes. */
    private int failedPasses;

    /** The ConfirmAnchor sent but not yet known to be committed (at most one). */
    private PendingConfirmation pending;

    /** Every record up to this block is anchored and confirmed (-1: none). */
    private long confirmedThrough = AnchorState.NONE;

    /** Every block up to this one has been read in this pass. */
    private long scannedThrough = AnchorState.NONE;

    private record PendingConfirmation(
            Confirmation confirmation, List<RecordTx> records, SlaveChain.PendingCommit commit) {}

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
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.health = health;
        this.log = log;
        this.stop = stop;
        this.clock = clock;
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
                    pauseOrStop(settings.rejectionRetry());
                    continue;
                }
                passAndHandleFailure();
            } catch (Stopped e) {
                break;
            }
        }
        closeStream();
        try {
            finishPendingConfirmation();
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
        } catch (Diverged e) {
            divergence = e.getMessage();
        } catch (Resync e) {
            metrics.resync();
            log.atInfo().setMessage("resync").addKeyValue("reason", e.getMessage()).log();
        } catch (ChainException e) {
            if (stop.stopRequested()) {
                throw new Stopped();
            }
            if (e.kind() == ChainException.Kind.REJECTED) {
                rejected(e.operation(), "start of pass", e.getMessage());
            } else {
                failedPasses++;
                metrics.retry(e.operation());
                health.retrying(e.operation(), e.getMessage());
                Duration wait = settings.backoff().delay(failedPasses);
                log.atWarn()
                        .setMessage("retry")
                        .addKeyValue("operation", e.operation())
                        .addKeyValue("attempt", failedPasses)
                        .addKeyValue("delayMs", wait.toMillis())
                        .addKeyValue("error", e.getMessage())
                        .log();
                pauseOrStop(wait);
            }
        } catch (BlockFormatException e) {
            if (stop.stopRequested()) {
                throw new Stopped();
            }
            rejected("read block", "slave block", e.getMessage());
        } catch (Stopped e) {
            throw e;
        } catch (RuntimeException e) {
            if (stop.stopRequested()) {
                throw new Stopped();
            }
            // A bug or an unexpected answer: never die silently and never skip; report and start
            // over.
            failedPasses++;
            metrics.retry("relay");
            health.retrying("relay", e.toString());
            Duration wait = settings.backoff().delay(failedPasses);
            log.atError()
                    .setMessage("unexpected-failure")
                    .addKeyValue("error", e.toString())
                    .addKeyValue("attempt", failedPasses)
                    .addKeyValue("delayMs", wait.toMillis())
                    .log();
            pauseOrStop(wait);
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
        finishPendingConfirmation();
        params = call("GetSlaveChain", () -> master.bloomParams(chain));
        maxRange = Math.max(1, call("GetSlaveChain", () -> master.maxRange(chain)));
        AnchorState state = call("GetAnchorState", () -> master.anchorState(chain));
        noteCovered(state.lastCovered());
        recoverConfirmations(state);
        follow(state);
    }

    /**
     * After a crash between AnchorBlock and ConfirmAnchor (of this relay or another one), the
     * master covers blocks whose records are still PENDING on the slave. A relay has at most one
     * confirmation in flight, so normally only the last one or two anchors can be unconfirmed;
     * walking back until a confirmed one is found also covers anything unusual, up to recoverDepth
     * anchors.
     */
    private void recoverConfirmations(final AnchorState state) {
        if (!state.hasAnchors()) {
            return;
        }
        Deque<AnchoredRange> unconfirmed = new ArrayDeque<>();
        long block = state.lastCovered();
        for (int i = 0; i < settings.recoverDepth() && block >= 0; i++) {
            final long b = block;
            Optional<AnchoredRange> found =
                    call("GetAnchor", () -> master.anchorCovering(chain, b));
            if (found.isEmpty()) {
                break;
            }
            AnchoredRange range = found.get();
            if (range.hasRecords()) {
                RecordStatus status =
                        call("GetRecord", () -> slave.recordStatus(range.allTxIds().get(0)));
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
            long masterBlock = call("GetBlockByTxID", () -> master.blockOf(range.masterTxId()));
            confirm(range.confirmation(masterBlock), List.of());
        }
    }

    private void follow(final AnchorState state) {
        long rangeFirst = state.hasAnchors() ? state.lastCovered() + 1 : settings.firstBlock();
        confirmedThrough = state.lastCovered();
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
        long next = rangeFirst;
        scannedThrough = Math.max(next, resume) - 1;
        metrics.lag().processed(next - 1);
        final long start = next;
        SlaveChain.BlockStream stream = call("deliver", () -> slave.follow(start));
        openStream = stream;
        log.atInfo()
                .setMessage("following")
                .addKeyValue("fromBlock", next)
                .addKeyValue("rangeFirst", rangeFirst)
                .addKeyValue("lastAnchoredBlock", confirmedThrough)
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
                    finishPendingConfirmation();
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

                if (range.hasRecords()
                        && !range.canTake(
                                block,
                                maxRange,
                                settings.maxBatchRecords(),
                                settings.maxBatchBytes())) {
                    range = anchorGathered(range);
                }
                range.add(block);
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
                    scannedThrough = Math.max(scannedThrough, block.number());
                    metrics.lag().processed(block.number());
                } else {
                    metrics.emptyBlock();
                    log.atDebug()
                            .setMessage("folded-empty-block")
                            .addKeyValue("block", block.number())
                            .addKeyValue("transactions", block.transactionCount())
                            .addKeyValue("nextRangeStarts", range.firstBlock())
                            .log();
                    scannedThrough = Math.max(scannedThrough, block.number());
                    metrics.lag().processed(block.number());
                }
                saveCheckpoint();
                next = block.number() + 1;
                failedPasses = 0;
                health.ok();
            }
            finishPendingConfirmation();
        } finally {
            openStream = null;
        }
    }

    /** Anchors and confirms the records gathered in {@code range}; returns the next range. */
    private GatheredRange anchorGathered(final GatheredRange range) {
        AnchorBatch batch = range.toBatch(chain, settings.productType(), params, false);
        anchorAndConfirm(batch);
        scannedThrough = Math.max(scannedThrough, batch.blockNumber());
        metrics.lag().processed(batch.blockNumber());
        saveCheckpoint();
        return new GatheredRange(batch.blockNumber() + 1);
    }

    /** Anchors a range advance; nothing to confirm on the slave channel. */
    private void advance(final AnchorBatch batch) {
        AnchorOutcome outcome = anchor(batch);
        finishPendingConfirmation();
        if (outcome instanceof AnchorOutcome.Anchored) {
            confirmedThrough = Math.max(confirmedThrough, batch.blockNumber());
        } else {
            confirmAnchoredElsewhere(batch);
        }
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

    private void anchorAndConfirm(final AnchorBatch batch) {
        AnchorOutcome outcome = anchor(batch);
        // At most one confirmation in flight: the previous one settles before the next is sent.
        finishPendingConfirmation();
        if (outcome instanceof AnchorOutcome.Anchored a) {
            // Entries master refused one by one are marked REJECTED on the slave channel, with
            // master's reason; the rest of the block, and every later block, goes on.
            Set<String> refused = new HashSet<>();
            a.rejected().forEach(r -> refused.add(r.txId()));
            startConfirmation(
                    new Confirmation(
                            batch.blockNumber(),
                            batch.txIds().stream().filter(id -> !refused.contains(id)).toList(),
                            a.rejected(),
                            a.masterTxId(),
                            a.masterBlock()),
                    batch.records());
        } else {
            confirmAnchoredElsewhere(batch);
        }
    }

    /**
     * Sends ConfirmAnchor without waiting for its commit, so the next block's AnchorBlock (on
     * master) overlaps with it (on the slave channel). The checkpoint only moves past the block
     * once the confirmation has committed; a crash in between is repaired by the start-up recovery.
     */
    private void startConfirmation(final Confirmation confirmation, final List<RecordTx> records) {
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
    private void finishPendingConfirmation() {
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
    private void saveCheckpoint() {
        if (pending == null) {
            checkpoints.save(
                    new AnchorCheckpoint(
                            chain,
                            confirmedThrough,
                            Math.max(confirmedThrough, scannedThrough),
                            clock.millis()));
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

    private static final Pattern CONTIGUITY_REFUSAL =
            Pattern.compile("block (\\d+) of \\S+ expected, got (\\d+)");
    private static final int STALE_ENDORSER_RETRIES = 8;

    private AnchorOutcome anchor(final AnchorBatch batch) {
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
                AnchorOutcome outcome = call("AnchorBlock", () -> master.anchor(batch));
                if (outcome instanceof AnchorOutcome.Anchored a) {
                    noteCovered(batch.blockNumber());
                    // records_anchored counts what master accepted; rejections are counted apart
                    metrics.anchorSubmitted(
                            batch.txIds().size() - a.rejected().size(),
                            seconds(started, clock.instant()));
                    log.atInfo()
                            .setMessage("anchored")
                            .addKeyValue("firstBlock", batch.firstBlock())
                            .addKeyValue("block", batch.blockNumber())
                            .addKeyValue("records", batch.txIds().size())
                            .addKeyValue("blockHash", batch.lastBlock().headerHash())
                            .addKeyValue("merkleRoot", batch.summary().merkleRootHex())
                            .addKeyValue("masterTxId", a.masterTxId())
                            .addKeyValue("masterBlock", a.masterBlock())
                            .addKeyValue(
                                    "commitMs",
                                    Duration.between(started, clock.instant()).toMillis())
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
                AnchorState state = call("GetAnchorState", () -> master.anchorState(chain));
                noteCovered(state.lastCovered());
                if (e.kind() == ChainException.Kind.CONFLICT) {
                    metrics.conflict("AnchorBlock");
                }
                if (knownCovered >= batch.blockNumber()) {
                    continue;
                }
                if (state.hasAnchors() && state.lastCovered() + 1 != batch.firstBlock()) {
                    throw new Resync(
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
                    pauseOrStop(settings.backoff().delay(conflicts++));
                    continue;
                }
                if (staleEndorser(e, batch) && staleRetries++ < STALE_ENDORSER_RETRIES) {
                    metrics.retry("AnchorBlock");
                    log.atWarn()
                            .setMessage("anchor-stale-endorser")
                            .addKeyValue("block", batch.blockNumber())
                            .addKeyValue("error", e.getMessage())
                            .log();
                    pauseOrStop(settings.backoff().delay(staleRetries));
                    continue;
                }
                rejected(
                        "AnchorBlock",
                        "slave blocks " + batch.firstBlock() + ".." + batch.blockNumber(),
                        e.getMessage());
                throw new Resync(
                        "trying the refused range "
                                + batch.firstBlock()
                                + ".."
                                + batch.blockNumber()
                                + " again");
            }
        }
    }

    /**
     * The master covers the batch's blocks already (another relay, or this one before a restart,
     * may have cut them into other ranges): check each of the master's anchors over them against
     * what this relay read, and make sure the slave shows their records settled.
     */
    private void confirmAnchoredElsewhere(final AnchorBatch batch) {
        long from = batch.firstBlock();
        while (from <= batch.blockNumber()) {
            final long b = from;
            Optional<AnchoredRange> found =
                    call("GetAnchor", () -> master.anchorCovering(chain, b));
            if (found.isEmpty()) {
                confirmedThrough = Math.max(confirmedThrough, batch.blockNumber());
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
                throw new Resync(
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
                throw new Resync(
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
            settleElsewhere(range, batch);
            from = range.blockNumber() + 1;
        }
    }

    /** Confirms an anchor made by someone else unless the slave shows it settled already. */
    private void settleElsewhere(final AnchoredRange range, final AnchorBatch batch) {
        if (range.hasRecords()) {
            RecordStatus status =
                    call("GetRecord", () -> slave.recordStatus(range.allTxIds().get(0)));
            if (status.state() == RecordStatus.State.PENDING) {
                long masterBlock = call("GetBlockByTxID", () -> master.blockOf(range.masterTxId()));
                Set<String> ids = new HashSet<>(range.allTxIds());
                confirm(
                        range.confirmation(masterBlock),
                        batch.records().stream().filter(r -> ids.contains(r.txId())).toList());
            }
        }
        confirmedThrough = Math.max(confirmedThrough, range.blockNumber());
    }

    /** ConfirmAnchor until the slave shows the records ANCHORED (by this relay or by another). */
    private void confirm(final Confirmation confirmation, final List<RecordTx> records) {
        for (int conflicts = 1; ; ) {
            try {
                call(
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
                        call("GetRecord", () -> slave.recordStatus(confirmation.anyTxId()));
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
                    confirmedThrough = Math.max(confirmedThrough, confirmation.slaveBlockNumber());
                    return;
                }
                if (e.kind() == ChainException.Kind.CONFLICT) {
                    pauseOrStop(settings.backoff().delay(conflicts++));
                } else {
                    rejected(
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
        confirmedThrough = Math.max(confirmedThrough, confirmation.slaveBlockNumber());
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

    /**
     * Runs a call, retrying transient failures with backoff until it succeeds or a stop is
     * requested.
     */
    private <T> T call(final String operation, final Supplier<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                T result = action.get();
                if (attempt > 1) {
                    log.atInfo()
                            .setMessage("recovered")
                            .addKeyValue("operation", operation)
                            .addKeyValue("attempts", attempt)
                            .log();
                }
                health.succeeded(operation);
                return result;
            } catch (ChainException e) {
                if (e.kind() != ChainException.Kind.TRANSIENT || stop.stopRequested()) {
                    throw e;
                }
                metrics.retry(operation);
                health.retrying(operation, e.getMessage());
                Duration wait = settings.backoff().delay(attempt);
                log.atWarn()
                        .setMessage("retry")
                        .addKeyValue("operation", operation)
                        .addKeyValue("attempt", attempt)
                        .addKeyValue("delayMs", wait.toMillis())
                        .addKeyValue("error", e.getMessage())
                        .log();
                pauseOrStop(wait);
            }
        }
    }

    /** Logs loudly, counts, reports on /health, and waits before the caller tries again. */
    private void rejected(final String operation, final String what, final String error) {
        metrics.rejection(operation);
        health.rejected(operation, what, error);
        log.atError()
                .setMessage("rejected")
                .addKeyValue("operation", operation)
                .addKeyValue("what", what)
                .addKeyValue("error", error)
                .addKeyValue("retryInMs", settings.rejectionRetry().toMillis())
                .log();
        pauseOrStop(settings.rejectionRetry());
    }

    private void pauseOrStop(final Duration wait) {
        if (!stop.pause(wait)) {
            throw new Stopped();
        }
    }

    private void noteCovered(final long block) {
        knownCovered = Math.max(knownCovered, block);
        metrics.covered(knownCovered);
    }

    private static double seconds(final Instant from, final Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
