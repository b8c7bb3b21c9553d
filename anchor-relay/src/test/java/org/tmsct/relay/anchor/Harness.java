package org.tmsct.relay.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.tmsct.relay.Fixtures;
import org.tmsct.relay.block.SlaveBlock;
import org.tmsct.relay.chain.AnchoredRange;
import org.tmsct.relay.checkpoint.AnchorCheckpoint;
import org.tmsct.relay.checkpoint.CheckpointStore;
import org.tmsct.relay.observe.CapturedLog;
import org.tmsct.relay.observe.RelayHealth;
import org.tmsct.relay.observe.RelayMetrics;
import org.tmsct.relay.retry.Backoff;
import org.tmsct.relay.retry.StopSignal;

/**
 * One slave channel, its master, a checkpoint that survives "restarts", and relays to run on them.
 */
final class Harness {

    static final String CHAIN = "raw-material";
    static final Duration REJECTION_RETRY = Duration.ofSeconds(15);

    final FakeMaster master = new FakeMaster();
    final FakeSlave slave = new FakeSlave();
    final MemoryCheckpoints checkpoints = new MemoryCheckpoints(slave);
    final CapturedLog log = new CapturedLog("DEBUG");
    final Clock clock = Clock.fixed(Fixtures.T0.plusSeconds(3600), ZoneOffset.UTC);

    /**
     * The relay's record bound per anchor. 1 anchors each record-bearing block on its own, as soon
     * as it is read (what most tests here pin down); more lets the relay gather blocks.
     */
    int maxBatchRecords = 1;

    /** The parts of one relay run. */
    final class Run {
        final RelayHealth health = new RelayHealth(clock, Duration.ofSeconds(60));
        final RelayMetrics metrics = new RelayMetrics(CHAIN, "relay-test", clock, health);
        final ImmediateStop stop = new ImmediateStop();
        final AnchorRelay relay;

        Run() {
            relay =
                    new AnchorRelay(
                            new AnchorRelay.Settings(
                                    CHAIN,
                                    "default",
                                    0,
                                    new Backoff(
                                            Duration.ofMillis(250),
                                            Duration.ofSeconds(10),
                                            () -> 0.5),
                                    REJECTION_RETRY,
                                    64,
                                    maxBatchRecords,
                                    AnchorRelay.Settings.DEFAULT_MAX_BATCH_BYTES),
                            master,
                            slave,
                            checkpoints,
                            metrics,
                            health,
                            log.logger(),
                            stop,
                            clock);
        }

        /** Runs until the slave channel has nothing more to deliver (or a Crash escapes). */
        Run run() {
            slave.whenIdle = stop::requestStop;
            relay.run();
            return this;
        }
    }

    Run newRun() {
        return new Run();
    }

    /**
     * Runs, and after every simulated crash starts a fresh relay on the same channels and
     * checkpoint.
     */
    Run runSurvivingCrashes() {
        for (int i = 0; i < 10; i++) {
            try {
                return newRun().run();
            } catch (Crash crash) {
                // kill -9: nothing of the relay survives but the checkpoint file and the ledgers
            }
        }
        throw new AssertionError("still crashing after 10 restarts");
    }

    String log() {
        return log.text();
    }

    /**
     * Every record is anchored exactly once, the anchors tile the chain from block 0 without gap or
     * overlap, each anchor holds exactly the records of its blocks (and, without batching, ends at
     * its only record-bearing block), and every record is settled on the slave with the master
     * transaction that anchored it.
     */
    void assertExactlyOnceAndConfirmed() {
        List<SlaveBlock> withRecords = slave.recordBlocks();
        if (maxBatchRecords == 1) {
            assertEquals(
                    withRecords.size(),
                    master.anchors.size(),
                    "anchors: " + master.anchors.keySet());
        }
        long expectedFirst = 0;
        Set<String> anchored = new java.util.HashSet<>();
        for (AnchoredRange range : master.anchors.values()) {
            assertEquals(
                    expectedFirst,
                    range.firstBlock(),
                    "ranges must be contiguous: " + master.anchors.values());
            List<String> inRange = new ArrayList<>();
            for (long b = range.firstBlock(); b <= range.blockNumber(); b++) {
                inRange.addAll(slave.blocks.get((int) b).txIds());
            }
            assertEquals(Set.copyOf(inRange), Set.copyOf(range.allTxIds()), range.toString());
            if (maxBatchRecords == 1) {
                SlaveBlock last = slave.blocks.get((int) range.blockNumber());
                assertTrue(
                        last.hasRecords(),
                        "range " + range + " must end at a record-bearing block");
            }
            for (String txId : range.allTxIds()) {
                assertTrue(anchored.add(txId), txId + " anchored twice");
                assertEquals(
                        range.masterTxId(),
                        slave.anchoredBy.get(txId),
                        "record " + txId + " not confirmed");
            }
            for (var r : range.rejected()) {
                assertEquals(
                        r.code(), slave.rejectedWith.get(r.txId()), r.txId() + " not REJECTED");
            }
            expectedFirst = range.blockNumber() + 1;
        }
        SlaveBlock lastRecordBlock = withRecords.get(withRecords.size() - 1);
        assertTrue(master.lastCovered >= lastRecordBlock.number(), "covered " + master.lastCovered);
        for (SlaveBlock b : withRecords) {
            assertTrue(anchored.containsAll(b.txIds()), "block " + b.number() + " not anchored");
        }
    }

    /**
     * A checkpoint store in memory that can crash while saving, and that checks on every save what
     * a checkpoint promises: records up to lastCovered are confirmed, and the blocks after it that
     * were scanned hold none.
     */
    static final class MemoryCheckpoints implements CheckpointStore {
        AnchorCheckpoint saved;
        Crash.Plan crash = Crash.Plan.none();
        final List<AnchorCheckpoint> history = new ArrayList<>();
        private final FakeSlave slave;

        MemoryCheckpoints(final FakeSlave slave) {
            this.slave = slave;
        }

        @Override
        public synchronized Optional<AnchorCheckpoint> load() {
            return Optional.ofNullable(saved);
        }

        @Override
        public synchronized void save(final AnchorCheckpoint checkpoint) {
            crash.hit("checkpoint-save");
            synchronized (slave) {
                for (SlaveBlock b : slave.blocks) {
                    if (b.number() <= checkpoint.lastCovered()) {
                        b.txIds()
                                .forEach(
                                        tx ->
                                                assertTrue(
                                                        slave.anchoredBy.containsKey(tx),
                                                        "checkpoint "
                                                                + checkpoint
                                                                + " claims unconfirmed record "
                                                                + tx));
                    } else if (b.number() <= checkpoint.scannedThrough()) {
                        assertTrue(
                                !b.hasRecords(),
                                "checkpoint "
                                        + checkpoint
                                        + " skips records in block "
                                        + b.number());
                    }
                }
            }
            saved = checkpoint;
            history.add(checkpoint);
        }
    }

    /** A stop signal whose pauses return at once (no test waits for real time) and are recorded. */
    static final class ImmediateStop implements StopSignal {
        final List<Duration> pauses = new ArrayList<>();
        Consumer<Duration> onPause = d -> {};
        private boolean stopped;

        void requestStop() {
            stopped = true;
        }

        @Override
        public boolean stopRequested() {
            return stopped;
        }

        @Override
        public boolean pause(final Duration duration) {
            pauses.add(duration);
            onPause.accept(duration);
            if (pauses.size() > 1000) {
                throw new AssertionError("the relay is spinning: " + pauses.size() + " pauses");
            }
            return !stopped;
        }
    }
}
