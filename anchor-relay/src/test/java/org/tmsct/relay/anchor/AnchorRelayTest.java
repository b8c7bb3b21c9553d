package org.tmsct.relay.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.relay.Fixtures;
import org.tmsct.relay.block.SlaveBlock;
import org.tmsct.relay.chain.ChainException;
import org.tmsct.relay.checkpoint.AnchorCheckpoint;
import org.tmsct.relay.observe.RelayHealth;

class AnchorRelayTest {

    private final Harness h = new Harness();

    @Test
    void anchorsEveryRecordBlockOnceAndFoldsEmptyBlocksIntoTheNextRange() {
        h.slave.append(0, 2, 0, 0, 1); // genesis, records, two empty blocks, records

        Harness.Run run = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals(
                List.of(0L, 2L),
                h.master.anchors.values().stream().map(r -> r.firstBlock()).toList());
        assertEquals(
                List.of(1L, 4L),
                h.master.anchors.values().stream().map(r -> r.blockNumber()).toList());
        assertEquals(2, run.metrics.anchorsSubmitted());
        assertEquals(2, run.metrics.confirmations());
        // Each confirmation made an empty block (5 and 6); both were read and left for the next
        // range.
        assertEquals(7, h.slave.blocks.size());
        assertEquals(
                new AnchorCheckpoint(Harness.CHAIN, 4, 6, h.clock.millis()), h.checkpoints.saved);
        assertEquals(6, run.metrics.lag().lastProcessed());
        assertEquals(4, run.metrics.lastCovered());
        assertEquals(
                RelayHealth.Status.STOPPING,
                run.health.snapshot(run.metrics.lag(), 4, Harness.CHAIN).status());
    }

    @Test
    void theRelaysOwnConfirmationBlocksAreFoldedNeverAnchoredOnTheirOwn() {
        h.slave.append(0, 1).thenArrive(1).thenArrive(0, 3).thenArrive(2);

        Harness.Run run = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals(4, h.master.anchors.size());
        assertEquals(
                4,
                h.master.endorsements,
                "one AnchorBlock per record-bearing block, none for confirmation blocks");
        // Every range after the first starts with the confirmation block of the previous anchor.
        h.master.anchors.values().stream()
                .skip(1)
                .forEach(r -> assertFalse(h.slave.blocks.get((int) r.firstBlock()).hasRecords()));
        assertEquals(4, run.metrics.confirmations());
    }

    @Test
    void aBlockWithManyRecordsIsOneAnchor() {
        h.slave.append(0, 250);
        h.newRun().run();
        h.assertExactlyOnceAndConfirmed();
        assertEquals(250, h.master.anchors.firstEntry().getValue().txIds().size());
    }

    @ParameterizedTest(name = "killed at {0} (occurrence {1})")
    @CsvSource({
        "anchor-endorsed, 1",
        "anchor-endorsed, 3",
        "anchor-committed, 1",
        "anchor-committed, 2",
        "anchor-committed, 4",
        "confirm-endorsed, 1",
        "confirm-endorsed, 3",
        "confirm-committed, 1",
        "confirm-committed, 2",
        "checkpoint-save, 1",
        "checkpoint-save, 2",
        "checkpoint-save, 5",
        "checkpoint-save, 9",
    })
    void killedAtAnyStepAndRestartedItNeitherLosesNorDoublesABlock(
            final String point, final int occurrence) {
        h.slave.append(0, 2, 0, 1, 1).thenArrive(0, 3).thenArrive(1);
        Crash.Plan plan = new Crash.Plan(point, occurrence);
        h.master.crash = plan;
        h.slave.crash = plan;
        h.checkpoints.crash = plan;

        h.runSurvivingCrashes();

        assertTrue(plan.fired(), "the crash point was never reached");
        h.assertExactlyOnceAndConfirmed();
        assertEquals(5, h.master.anchors.size());
    }

    @Test
    void killedBetweenAnchorAndConfirmTheRestartConfirmsBeforeAnythingElse() {
        h.slave.append(0, 2, 1);
        h.master.crash = new Crash.Plan("anchor-committed", 1);
        try {
            h.newRun().run();
        } catch (Crash expected) {
            // killed with block 1 anchored but not confirmed
        }
        assertEquals(1, h.master.anchors.size());
        assertTrue(h.slave.anchoredBy.isEmpty());

        Harness.Run restarted = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertTrue(h.log().contains("\"event\":\"recovering-confirmation\""), h.log());
        assertEquals(1, restarted.metrics.anchorsSubmitted(), "block 1 must not be anchored again");
        assertEquals(2, restarted.metrics.confirmations());
    }

    @Test
    void aLostOrStaleCheckpointFileOnlyCostsARereadBecauseTheMasterIsTheSourceOfTruth() {
        h.slave.append(0, 1, 0, 0, 2, 0);
        h.newRun().run();
        int anchors = h.master.anchors.size();

        h.checkpoints.saved = null;
        h.slave.thenArrive(0, 1);
        h.newRun().run();
        h.checkpoints.saved = new AnchorCheckpoint(Harness.CHAIN, 1, 3, 0); // far behind the master
        h.slave.thenArrive(1);
        Harness.Run third = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals(anchors + 2, h.master.anchors.size());
        assertEquals(0, third.metrics.anchorsFoundAnchored());
    }

    @Test
    void aCheckpointThatAgreesWithTheMasterIsKeptWhileTheRangeIsReadAgainForItsHeaders() {
        h.slave.append(0, 1, 0, 0, 0);
        h.newRun().run();
        assertEquals(
                new AnchorCheckpoint(Harness.CHAIN, 1, 5, h.clock.millis()), h.checkpoints.saved);

        h.slave.thenArrive(2);
        int savesBefore = h.checkpoints.history.size();
        h.newRun().run();
        List<Long> read =
                h.checkpoints.history.stream()
                        .skip(savesBefore)
                        .map(AnchorCheckpoint::scannedThrough)
                        .toList();

        // every anchor carries the headers of its whole range, so blocks 2..5 are read again; the
        // checkpoint never moves back
        assertEquals(List.of(5L, 5L, 5L, 5L, 6L, 7L), read, "reads the range 2..7 again");
        h.assertExactlyOnceAndConfirmed();
        assertEquals(2, h.master.anchors.get(6L).firstBlock());
    }

    @Test
    void losingTheRaceToAnotherRelayMeansConfirmingItsAnchorNotAnchoringAgain() {
        h.slave.append(0, 1, 0, 2, 1);
        h.master.raceAndWin.add(
                3L); // another relay commits block 3 first; ours fails with an MVCC conflict

        Harness.Run run = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals("other-relay-3", h.master.anchors.get(3L).masterTxId());
        assertEquals("other-relay-3", h.slave.anchoredBy.get("tx-3-0"));
        assertEquals(2, run.metrics.anchorsSubmitted());
        assertEquals(1, run.metrics.anchorsFoundAnchored());
        assertEquals(
                3,
                run.metrics.confirmations(),
                "the winner died before confirming, so this relay confirmed its anchor");
    }

    @Test
    void anotherRelayAheadIsFollowedWithoutWritingAnything() {
        h.slave.append(0, 1, 0, 2, 1, 0);
        // Another relay anchored and confirmed blocks 0..4 already, this one starts from an old
        // checkpoint.
        for (SlaveBlock b : h.slave.recordBlocks()) {
            long first = h.master.lastCovered + 1;
            h.master.commit(first, b.number(), b.entries(), "other-" + b.number());
            b.txIds().forEach(tx -> h.slave.anchoredBy.put(tx, "other-" + b.number()));
        }
        h.checkpoints.saved = new AnchorCheckpoint(Harness.CHAIN, -1, 0, 0);

        Harness.Run run = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals(0, run.metrics.anchorsSubmitted());
        assertEquals(0, run.metrics.confirmations());
        assertEquals(
                0,
                h.master.endorsements,
                "the master's state says it all; no AnchorBlock is even endorsed");
    }

    @Test
    void anAlreadyAnchoredAnswerLeadsToTheMastersAnchorAndItsConfirmation() {
        h.slave.append(0, 1, 0, 2);
        Harness.Run first = h.newRun();
        // Between this relay reading the master's state and endorsing, another relay anchors block
        // 1 and dies.
        h.master.anchorFailures.add(
                new ChainException(
                        ChainException.Kind.TRANSIENT, "AnchorBlock", "peer unreachable"));
        first.stop.onPause =
                d -> {
                    if (h.master.anchors.isEmpty()) {
                        h.master.commit(0, 1, h.slave.blocks.get(1).entries(), "other-1");
                    }
                };
        first.run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals("other-1", h.slave.anchoredBy.get("tx-1-0"));
        assertEquals(1, first.metrics.anchorsFoundAnchored());
        assertEquals(1, first.metrics.anchorsSubmitted());
    }

    @Test
    void transientFailuresAreRetriedWithGrowingBackoff() {
        h.slave.append(0, 1, 1);
        for (int i = 0; i < 3; i++) {
            h.master.anchorFailures.add(
                    new ChainException(
                            ChainException.Kind.TRANSIENT, "AnchorBlock", "endorsement timeout"));
        }
        h.slave.confirmFailures.add(
                new ChainException(ChainException.Kind.TRANSIENT, "ConfirmAnchor", "orderer down"));
        h.slave.confirmFailures.add(
                new ChainException(ChainException.Kind.TRANSIENT, "ConfirmAnchor", "orderer down"));

        Harness.Run run = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals(3, run.metrics.retries("AnchorBlock"));
        assertEquals(2, run.metrics.retries("ConfirmAnchor"));
        // backoff 250 ms doubling (jitter fixed at its midpoint); a confirmation that could not be
        // sent is
        // sent again at once, and backs off from its second failure
        assertEquals(
                List.of(
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofMillis(1000),
                        Duration.ofMillis(250)),
                run.stop.pauses);
    }

    @Test
    void aConfirmationThatConflictsAtCommitIsCheckedAndSentAgain() {
        h.slave.append(0, 1, 0, 2);
        h.slave.commitFailures.add(
                new ChainException(
                        ChainException.Kind.CONFLICT, "ConfirmAnchor", "MVCC_READ_CONFLICT"));
        h.slave.commitFailures.add(
                new ChainException(
                        ChainException.Kind.TRANSIENT, "ConfirmAnchor", "commit status timeout"));

        Harness.Run run = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals(2, run.metrics.anchorsSubmitted());
        assertTrue(h.log().contains("\"event\":\"confirmation-not-committed\""), h.log());
    }

    @Test
    void theNextAnchorOverlapsTheConfirmationOfThePreviousBlock() {
        h.slave.append(0, 1, 1, 1); // three record blocks already waiting
        List<String> order = new ArrayList<>();
        h.master.onAnchor =
                n -> order.add("anchor " + n + " (confirmed: " + h.slave.anchoredBy.size() + ")");

        h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        // block 2 is anchored while the confirmation of block 1 is still in flight, and so on
        assertEquals(
                List.of(
                        "anchor 1 (confirmed: 0)",
                        "anchor 2 (confirmed: 0)",
                        "anchor 3 (confirmed: 1)"),
                order);
    }

    @Test
    void aCommitWhoseStatusWasLostIsNotAnchoredTwice() {
        h.slave.append(0, 1, 0, 1);
        h.master.loseCommitStatus.add(1L);

        Harness.Run run = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals(
                1, run.metrics.anchorsFoundAnchored(), "the retry was answered ALREADY_ANCHORED");
        assertEquals("master-tx-1", h.slave.anchoredBy.get("tx-1-0"));
    }

    @Test
    void aRefusalFromAPeerThatHasNotCommittedTheLastAnchorYetIsRetriedQuietly() {
        h.slave.append(0, 1, 1, 1);
        boolean[] once = {true};
        h.master.onAnchor =
                n -> {
                    if (n == 3 && once[0]) {
                        once[0] = false;
                        h.master.anchorFailures.add(
                                ChainException.rejected(
                                        "AnchorBlock",
                                        "BLOCK_GAP",
                                        "BLOCK_GAP: block 2 of "
                                                + Harness.CHAIN
                                                + " expected, got 3 (blocks 2..2 were never anchored)",
                                        null));
                    }
                };

        Harness.Run run = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals(0, run.metrics.rejections("AnchorBlock"));
        assertEquals(1, run.metrics.retries("AnchorBlock"));
        assertFalse(run.stop.pauses.contains(Harness.REJECTION_RETRY), run.stop.pauses.toString());
        assertTrue(h.log().contains("\"event\":\"anchor-stale-endorser\""), h.log());
    }

    @Test
    void aContiguityRefusalThatTheMastersStateDoesNotExplainIsStillARejection() {
        h.slave.append(0, 1, 1);
        boolean[] once = {true};
        h.master.onAnchor =
                n -> {
                    if (n == 2 && once[0]) {
                        once[0] = false;
                        // names the block this relay is sending: not a lagging peer, so a real
                        // refusal
                        h.master.anchorFailures.add(
                                ChainException.rejected(
                                        "AnchorBlock",
                                        "BLOCK_OVERLAP",
                                        "BLOCK_OVERLAP: block 2 of "
                                                + Harness.CHAIN
                                                + " expected, got 2",
                                        null));
                    }
                };

        Harness.Run run = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals(1, run.metrics.rejections("AnchorBlock"));
        assertEquals(List.of(Harness.REJECTION_RETRY), run.stop.pauses);
    }

    @Test
    void aRecordMasterRejectsAloneIsMarkedRejectedAndTheRelayMovesOnHealthy() {
        // block 1: one record; block 2: three records, the middle one out of order; block 3: two
        h.slave.append(0, 1, 3, 2);
        h.master.rejectEntries.add("tx-2-1");

        Harness.Run run = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals("STAGE_OUT_OF_ORDER", h.slave.rejectedWith.get("tx-2-1"));
        assertEquals(1, h.slave.rejectedWith.size());
        assertEquals(List.of("tx-2-0", "tx-2-2"), h.master.anchors.get(2L).txIds());
        assertEquals(List.of("tx-3-0", "tx-3-1"), h.master.anchors.get(3L).txIds());
        assertEquals(3, run.metrics.anchorsSubmitted());
        assertEquals(1, run.metrics.recordsRejected("STAGE_OUT_OF_ORDER"));
        assertEquals(0, run.metrics.rejections("AnchorBlock"), "no block was refused");
        assertTrue(run.stop.pauses.isEmpty(), run.stop.pauses.toString());
        assertTrue(h.log().contains("\"event\":\"record-rejected\""), h.log());
        assertTrue(h.log().contains("\"code\":\"STAGE_OUT_OF_ORDER\""), h.log());
        // the confirmation in flight settles before the run ends; the relay never said unhealthy
        assertEquals(
                RelayHealth.Status.STOPPING,
                run.health.snapshot(run.metrics.lag(), 3, Harness.CHAIN).status());
        assertEquals(
                0, h.log().split("\"level\":\"ERROR\"", -1).length - 1, "ERROR lines: " + h.log());
    }

    @Test
    void aBlockWhoseOnlyRecordIsRejectedIsStillConfirmed() {
        h.slave.append(0, 1, 1);
        h.master.rejectEntries.add("tx-1-0");

        h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals("STAGE_OUT_OF_ORDER", h.slave.rejectedWith.get("tx-1-0"));
        assertEquals(List.of(), h.master.anchors.get(1L).txIds());
        assertEquals(List.of("tx-2-0"), h.master.anchors.get(2L).txIds());
    }

    @Test
    void aRejectionWhoseConfirmationWasLostIsRecoveredAtTheNextStart() {
        h.slave.append(0, 1, 2, 1);
        h.master.rejectEntries.add("tx-2-0");
        Crash.Plan plan = new Crash.Plan("anchor-committed", 2);
        h.master.crash = plan;

        h.runSurvivingCrashes();

        assertTrue(plan.fired());
        h.assertExactlyOnceAndConfirmed();
        assertEquals("STAGE_OUT_OF_ORDER", h.slave.rejectedWith.get("tx-2-0"));
        assertEquals(1, h.slave.confirmationsPerTx.get("tx-2-0"));
    }

    @Test
    void aRefusedBlockIsReportedCountedAndRetriedButNeverSkipped() {
        h.slave.append(0, 1, 0, 1, 1);
        h.master.refuse.add(3L);
        Harness.Run run = h.newRun();
        List<RelayHealth.Snapshot> seen = new ArrayList<>();
        run.stop.onPause =
                d ->
                        seen.add(
                                run.health.snapshot(
                                        run.metrics.lag(),
                                        run.metrics.lastCovered(),
                                        Harness.CHAIN));

        run.run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals(1, run.metrics.rejections("AnchorBlock"));
        assertEquals(List.of(Harness.REJECTION_RETRY), run.stop.pauses);
        RelayHealth.Snapshot during = seen.get(0);
        assertEquals(RelayHealth.Status.REJECTED, during.status());
        assertEquals(
                RelayHealth.Status.STOPPING,
                run.health.snapshot(run.metrics.lag(), 4, Harness.CHAIN).status());
        assertFalse(during.healthy());
        String reason = during.json().get("reason").getAsString();
        assertTrue(
                reason.contains("slave blocks 2..3") && reason.contains("BLOOM_MISMATCH"), reason);
        assertTrue(h.log().contains("\"level\":\"ERROR\",\"event\":\"rejected\""), h.log());
    }

    @Test
    void aPermanentRefusalWedgesLoudlyWithoutSkippingLaterBlocks() {
        h.slave.append(0, 1, 1, 1);
        for (int i = 0; i < 5; i++) {
            h.master.refuse.add(2L);
        }
        Harness.Run run = h.newRun();
        List<RelayHealth.Snapshot> seen = new ArrayList<>();
        h.master.onAnchor =
                n ->
                        seen.add(
                                run.health.snapshot(
                                        run.metrics.lag(),
                                        run.metrics.lastCovered(),
                                        Harness.CHAIN));
        run.stop.onPause =
                d -> {
                    if (run.stop.pauses.size() == 3) {
                        run.stop.requestStop();
                    }
                    if (d.equals(Harness.REJECTION_RETRY)) {
                        h.master.refuse.add(2L);
                    }
                };

        run.run();

        assertEquals(
                List.of(1L),
                List.copyOf(h.master.anchors.keySet()),
                "block 3 must wait for block 2");
        assertEquals(3, run.metrics.rejections("AnchorBlock"));
        // anchoring block 1, then block 2 for the first time, are healthy; every later try of block
        // 2
        // happens after a new pass has started following the channel, and /health still says why
        assertEquals(4, seen.size());
        assertTrue(
                seen.subList(2, 4).stream()
                        .allMatch(snapshot -> snapshot.status() == RelayHealth.Status.REJECTED),
                "the refusal must stay on /health across the retries: " + seen);
        assertTrue(h.slave.anchoredBy.containsKey("tx-1-0"));
        assertFalse(h.slave.anchoredBy.containsKey("tx-3-0"));
    }

    @Test
    void anUnreadableBlockIsReportedAndNotSkipped() {
        h.slave.append(0, 1, 1);
        h.slave.unreadable.put(2L, 2);

        Harness.Run run = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals(2, run.metrics.rejections("read block"));
    }

    @Test
    void aStopDuringBackoffEndsTheRunWithoutWaitingItOut() {
        h.slave.append(0, 1);
        for (int i = 0; i < 100; i++) {
            h.master.anchorFailures.add(
                    new ChainException(
                            ChainException.Kind.TRANSIENT, "AnchorBlock", "orderer down"));
        }
        Harness.Run run = h.newRun();
        run.stop.onPause =
                d -> {
                    if (run.stop.pauses.size() == 4) {
                        run.stop.requestStop();
                    }
                };

        run.run();

        assertEquals(4, run.stop.pauses.size());
        assertTrue(h.master.anchors.isEmpty());
        assertEquals(
                RelayHealth.Status.STOPPING,
                run.health.snapshot(run.metrics.lag(), -1, Harness.CHAIN).status());
    }

    @Test
    void aChainTheMasterDoesNotKnowIsReportedUntilItIsRegisteredAndAStopEndsTheWait() {
        h.slave.append(0, 1);
        h.master.unknownChain = true;
        Harness.Run run = h.newRun();
        List<RelayHealth.Snapshot> seen = new ArrayList<>();
        run.stop.onPause =
                d -> {
                    seen.add(run.health.snapshot(run.metrics.lag(), -1, Harness.CHAIN));
                    if (run.stop.pauses.size() == 2) {
                        run.stop.requestStop();
                    }
                };

        run.run(); // returns normally: a stop during a rejection wait is a clean stop

        assertEquals(List.of(Harness.REJECTION_RETRY, Harness.REJECTION_RETRY), run.stop.pauses);
        assertEquals(RelayHealth.Status.REJECTED, seen.get(0).status());
        assertTrue(
                seen.get(0).json().get("reason").getAsString().contains("UNKNOWN_CHAIN"),
                seen.get(0).json().toString());
        assertEquals(2, run.metrics.rejections("GetSlaveChain"));
        assertTrue(h.log().contains("\"event\":\"stopped\""));

        // bootstrap registers the chain; the next run anchors
        h.master.unknownChain = false;
        h.newRun().run();
        h.assertExactlyOnceAndConfirmed();
    }

    @Test
    void startupRecoveryWalksBackOverEveryUnconfirmedAnchor() {
        h.slave.append(0, 1, 0, 2, 1, 0);
        for (SlaveBlock b : h.slave.recordBlocks()) {
            h.master.commit(
                    h.master.lastCovered + 1, b.number(), b.entries(), "dead-relay-" + b.number());
        }
        // Only the first anchor was confirmed before the other relay (and its successor) died.
        h.slave.anchoredBy.put("tx-1-0", "dead-relay-1");

        Harness.Run run = h.newRun().run();

        h.assertExactlyOnceAndConfirmed();
        assertEquals(2, run.metrics.confirmations());
        assertEquals(0, run.metrics.anchorsSubmitted());
    }

    @Test
    void aChainWithAnotherFilterShapeIsAnchoredWithThatShape() {
        h.master.params = new BloomParams(2048, 5);
        h.slave.append(0, 3);
        h.newRun().run();
        h.assertExactlyOnceAndConfirmed();
    }

    @Test
    void logLinesAreJsonObjects() {
        h.slave.append(0, 1);
        h.newRun().run();
        for (String line : h.log().split("\n")) {
            assertTrue(com.google.gson.JsonParser.parseString(line).isJsonObject(), line);
        }
        assertTrue(h.log().contains("\"event\":\"anchored\""));
        assertTrue(h.log().contains("\"event\":\"confirmed\""));
    }

    @Test
    void lagIsMeasuredFromTheRecordsTimestamp() {
        h.slave.append(0, 1);
        Harness.Run run = h.newRun().run();
        // Fixtures: block 1's record was made at T0+1s; the fixed clock says T0+3600s.
        HistogramSnapshot latency =
                (HistogramSnapshot)
                        run.metrics.registry().scrape().stream()
                                .filter(
                                        m ->
                                                m.getMetadata()
                                                        .getName()
                                                        .equals(
                                                                "tmsct_relay_anchor_latency_seconds"))
                                .findFirst()
                                .orElseThrow();
        assertEquals(3599.0, latency.getDataPoints().get(0).getSum());
    }

    // --- bounded anchors ----------------------------------------------------------------------

    @Test
    void aRunOfBlocksWithoutRecordsAsLongAsMaxRangeIsAnchoredAsARangeAdvance() {
        h.master.maxRange = 3;
        h.slave.append(0, 0, 0, 0, 0, 0, 0, 1);
        Harness.Run run = h.newRun().run();

        assertTrue(h.slave.anchoredBy.containsKey("tx-7-0"));
        // 0..2 and 3..5 are range advances, 6..7 ends with the record
        assertEquals(List.of(2L, 5L, 7L), List.copyOf(h.master.anchors.keySet()));
        assertEquals(3, h.master.anchors.get(5L).firstBlock());
        assertEquals(6, h.master.anchors.get(7L).firstBlock());
        assertTrue(
                h.master.anchors.values().stream()
                        .allMatch(a -> a.blockNumber() - a.firstBlock() + 1 <= 3));
        assertEquals(1, run.metrics.confirmations(), "range advances need no confirmation");
        assertEquals(0, run.metrics.divergences());
    }

    /** Runs until the relay, having found a divergence, has waited a few times; its health then. */
    private static RelayHealth.Snapshot runUntilParkedOnADivergence(Harness.Run run) {
        RelayHealth.Snapshot[] parked = new RelayHealth.Snapshot[1];
        run.stop.onPause =
                d -> {
                    // parked: a few waits with nothing anchored, then the test stops it
                    if (run.metrics.divergences() > 0 && run.stop.pauses.size() >= 3) {
                        parked[0] = run.health.snapshot(run.metrics.lag(), 0, Harness.CHAIN);
                        run.stop.requestStop();
                    }
                };
        run.run();
        return parked[0];
    }

    @Test
    void blocksAnchoredWithOtherRecordsStopTheRelayAndSaySoOnHealth() {
        h.slave.append(0, 1, 0, 1);
        // while this relay reads block 1, another relay of the owner anchors it with an entry the
        // slave block does not hold
        SlaveBlock forged = Fixtures.block(1, 2);
        h.master.onAnchor =
                n -> {
                    if (n == 1 && h.master.lastCovered < 1) {
                        h.master.commit(0, 1, forged.entries(), "forged-1");
                    }
                };
        Harness.Run run = h.newRun();
        RelayHealth.Snapshot s = runUntilParkedOnADivergence(run);
        assertEquals(RelayHealth.Status.DIVERGED, s.status(), s.json().toString());

        assertEquals(1, run.metrics.divergences());
        assertFalse(s.healthy());
        assertTrue(
                s.json().get("reason").getAsString().contains("the master holds 2 entries"),
                s.json().toString());
        // it did not carry on: block 3 was never anchored, nothing was confirmed
        assertEquals(1, h.master.lastCovered);
        assertEquals(0, run.metrics.confirmations());
    }

    @Test
    void aRangeAnchoredWithAnotherEndIsADivergence() {
        h.slave.append(0, 0, 1, 0);
        // someone anchors 0..3 as one range advance while this relay reads block 2, whose records
        // would then never be anchored
        h.master.onAnchor =
                n -> {
                    if (n == 2 && h.master.lastCovered < 3) {
                        h.master.commit(0, 3, List.of(), "ahead-3");
                    }
                };
        Harness.Run run = h.newRun();
        RelayHealth.Snapshot s = runUntilParkedOnADivergence(run);
        assertEquals(RelayHealth.Status.DIVERGED, s.status(), s.json().toString());
        assertTrue(
                s.json()
                        .get("reason")
                        .getAsString()
                        .contains("are missing from the master's anchor"),
                s.json().toString());
        assertEquals(1, run.metrics.divergences());
    }

    @Test
    void aDivergedHealthIsUnhealthyAndNoLaterProgressClearsIt() {
        RelayHealth health = new RelayHealth(h.clock, java.time.Duration.ofSeconds(60));
        health.ok();
        health.diverged("AnchorBlock", "the master's anchor of slave blocks 0..3 differs");
        health.ok();
        health.retrying("GetAnchorState", "timeout");
        health.succeeded("AnchorBlock");
        RelayHealth.Snapshot s =
                health.snapshot(new org.tmsct.relay.observe.LagTracker(), 3, Harness.CHAIN);
        assertEquals(RelayHealth.Status.DIVERGED, s.status());
        assertFalse(s.healthy());
        assertEquals("diverged", s.json().get("status").getAsString());
        assertTrue(s.json().get("reason").getAsString().contains("differs"));
    }

    // --- batched anchors -------------------------------------------------------------------------

    private List<org.tmsct.core.record.AnchorEntry> entriesOf(long... blocks) {
        List<org.tmsct.core.record.AnchorEntry> out = new ArrayList<>();
        for (long b : blocks) {
            out.addAll(h.slave.blocks.get((int) b).entries());
        }
        return out;
    }

    @Test
    void everyBlockReadWhileNothingWaitsGoesIntoOneAnchorAndOneConfirmation() {
        h.maxBatchRecords = 500;
        h.slave.append(0, 0, 2, 1, 0, 3);
        Harness.Run run = h.newRun().run();
        assertEquals(List.of(5L), List.copyOf(h.master.anchors.keySet()));
        assertEquals(6, h.master.anchors.get(5L).allTxIds().size());
        assertEquals(1, run.metrics.confirmations());
        h.assertExactlyOnceAndConfirmed();
    }

    @Test
    void aBatchNeverPassesItsRecordBoundAndNeverSplitsABlock() {
        h.maxBatchRecords = 3;
        h.slave.append(0, 2, 2, 1, 2, 4);
        h.newRun().run();
        h.master
                .anchors
                .values()
                .forEach(
                        r ->
                                assertTrue(
                                        r.allTxIds().size() <= 3
                                                || r.firstBlock() == r.blockNumber(),
                                        r.toString()));
        // 0..1 (2), 2..3 (3), 4..4 (2), 5..5 (4: a block over the bound on its own)
        assertEquals(List.of(1L, 3L, 4L, 5L), List.copyOf(h.master.anchors.keySet()));
        h.assertExactlyOnceAndConfirmed();
    }

    @Test
    void anotherRelaysSmallerAnchorsInsideTheBatchAreCheckedAndConfirmedNotDiverged() {
        h.maxBatchRecords = 500;
        h.slave.append(0, 1, 1, 1);
        h.master.onAnchor =
                n -> {
                    if (n == 3 && h.master.lastCovered < 3) {
                        h.master.commit(0, 1, entriesOf(1), "other-1");
                        h.master.commit(2, 3, entriesOf(2, 3), "other-3");
                    }
                };
        Harness.Run run = h.newRun().run();
        assertEquals(0, run.metrics.divergences());
        assertEquals("other-1", h.slave.anchoredBy.get("tx-1-0"));
        assertEquals("other-3", h.slave.anchoredBy.get("tx-2-0"));
        assertEquals("other-3", h.slave.anchoredBy.get("tx-3-0"));
        h.assertExactlyOnceAndConfirmed();
    }

    @Test
    void anotherRelaysAnchorReachingPastTheBatchIsFollowedNotDiverged() {
        h.maxBatchRecords = 2;
        h.slave.append(0, 1, 1, 1);
        h.master.onAnchor =
                n -> {
                    if (n == 2 && h.master.lastCovered < 3) {
                        h.master.commit(0, 3, entriesOf(1, 2, 3), "other-3");
                    }
                };
        Harness.Run run = h.newRun().run();
        assertEquals(0, run.metrics.divergences());
        assertEquals(List.of(3L), List.copyOf(h.master.anchors.keySet()));
        for (String tx : List.of("tx-1-0", "tx-2-0", "tx-3-0")) {
            assertEquals("other-3", h.slave.anchoredBy.get(tx), tx);
        }
        h.assertExactlyOnceAndConfirmed();
    }

    @ParameterizedTest
    @CsvSource({
        "anchor-endorsed, 1",
        "anchor-endorsed, 2",
        "anchor-committed, 1",
        "anchor-committed, 2",
        "confirm-endorsed, 1",
        "confirm-committed, 1",
        "confirm-committed, 2",
        "checkpoint-save, 2",
        "checkpoint-save, 4",
    })
    void killedAtAnyStepWithBatchingItNeitherLosesNorDoublesARecord(String point, int occurrence) {
        h.maxBatchRecords = 4;
        h.slave.append(0, 1, 0, 2, 1, 3).thenArrive(0, 1, 2).thenArrive(1);
        Crash.Plan plan = new Crash.Plan(point, occurrence);
        h.master.crash = plan;
        h.slave.crash = plan;
        h.checkpoints.crash = plan;
        h.runSurvivingCrashes();
        assertTrue(plan.fired(), "the crash point was never reached");
        h.assertExactlyOnceAndConfirmed();
    }
}
