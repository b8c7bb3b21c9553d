package org.tmsct.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.network.TestNetwork.ORGS;
import static org.tmsct.network.TestNetwork.STAGES;
import static org.tmsct.network.TestNetwork.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.tmsct.core.record.RawRecord;
import org.tmsct.gateway.GatewayErrors;
import org.tmsct.network.CliRunner.Run;

/**
 * The anchor relays on a real network, started by scripts/relays.sh: records on every slave channel
 * reach master and come back ANCHORED with no manual step; a relay killed with SIGKILL again and
 * again while records pour in, two relays on one channel, and a peer of another organisation
 * stopped, all end with every record anchored exactly once; one record out of process order is
 * rejected alone while the records after it are anchored; SIGTERM stops a relay cleanly; and the
 * anchoring lag at a steady record rate is measured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnchorRelayNetworkTest {

    private static final String RAW = "RawMaterialOrg";
    private static final String TRACE_TID = "RELAY-TRACE-1";
    private static final Duration ANCHOR_TIMEOUT = Duration.ofMinutes(4);

    private final TestNetwork net = new TestNetwork("relay", 25000, "raft");
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Every record this test made on raw-material, txId -> tid, to check the whole chain at the end
     * of each test.
     */
    private final Map<String, String> rawRecords = new ConcurrentHashMap<>();

    record Made(String tid, String txId, long blockNumber) {}

    @BeforeAll
    void bringUp() throws Exception {
        net.startFromScratch();
        for (String org : ORGS) {
            net.registerDevice(org, deviceOf(org));
        }
    }

    @AfterAll
    void tearDown() {
        net.close();
    }

    // --- the tests, in order ---------------------------------------------------------------------

    @Test
    @Order(1)
    void oneRelayPerSlaveChannelRunsAndAnswersHealthAndMetrics() throws Exception {
        Map<String, Long> pids = net.scripts.pids();
        for (String org : ORGS) {
            assertTrue(
                    pids.containsKey("relay-" + org), "no relay for " + org + ": " + pids.keySet());
            awaitHealthy(org, Duration.ofSeconds(90));
            String metrics = get(org, "/metrics").body();
            assertTrue(
                    metrics.contains(
                            "tmsct_relay_info{channel=\""
                                    + net.org(org).slaveChannel()
                                    + "\",relay=\"relay-"
                                    + org
                                    + "\"} 1"),
                    metrics);
        }
        // Idempotent: a second start leaves the running relays alone.
        String again = net.scripts.runOk("relays.sh", "start").output();
        assertEquals(4, again.lines().filter(l -> l.contains("already running")).count(), again);
        assertEquals(pids, net.scripts.pids());
    }

    @Test
    @Order(2)
    void recordsOnEverySlaveChannelAreAnchoredAndTracedWithoutAManualStep() throws Exception {
        List<Made> made = new ArrayList<>();
        for (int i = 0; i < ORGS.length; i++) {
            // Each stage after the first needs the previous one anchored on master (the process
            // order).
            Made m = makeRecord(ORGS[i], TRACE_TID, STAGES[i], ORGS[i] + " site");
            awaitAnchored(ORGS[i], List.of(m.txId()));
            made.add(m);
        }
        JsonObject trace = json(net.master(RAW, "user1").evaluateTransaction("Trace", TRACE_TID));
        JsonArray entries = trace.getAsJsonArray("entries");
        assertEquals(4, entries.size(), trace.toString());
        for (int i = 0; i < ORGS.length; i++) {
            JsonObject e = entries.get(i).getAsJsonObject();
            assertEquals(STAGES[i], e.get("stage").getAsString());
            assertEquals(net.org(ORGS[i]).slaveChannel(), e.get("slaveChainId").getAsString());
            assertEquals(made.get(i).txId(), e.get("slaveTxId").getAsString());
            assertEquals(made.get(i).blockNumber(), e.get("slaveBlockNumber").getAsLong());
            JsonObject record = net.storedRecord(ORGS[i], made.get(i).txId());
            assertEquals("ANCHORED", record.get("status").getAsString());
            assertEquals(e.get("masterTxId").getAsString(), record.get("masterTxId").getAsString());
        }
        for (String org : ORGS) {
            assertExactlyOnce(org, Set.of());
            assertTrue(counter(org, "tmsct_relay_anchors_submitted_total") >= 1, org);
        }
    }

    @Test
    @Order(3)
    void killedWithSigkillAgainAndAgainWhileRecordingEveryRecordIsAnchoredExactlyOnce()
            throws Exception {
        int total = 200;
        AtomicInteger madeCount = new AtomicInteger();
        List<Integer> killAt = List.of(25, 80, 140, total);
        List<String> kills = Collections.synchronizedList(new ArrayList<>());
        ExecutorService killer = Executors.newSingleThreadExecutor();
        Future<?> killing =
                killer.submit(
                        () -> {
                            for (int at : killAt) {
                                while (madeCount.get() < at) {
                                    Thread.sleep(50);
                                }
                                // a different moment each time: just after the threshold, a little
                                // later, ...
                                Thread.sleep(kills.size() * 700L);
                                kills.add(
                                        killRelay(RAW, "relay-" + RAW)
                                                + " at "
                                                + madeCount.get()
                                                + " records");
                                Thread.sleep(300L * kills.size());
                                net.scripts.runOk("relays.sh", "start", RAW);
                            }
                            return null;
                        });
        List<Made> made = makeRecords(RAW, "FAULT-", total, 8, madeCount);
        killing.get(5, TimeUnit.MINUTES);
        killer.shutdownNow();
        assertEquals(4, kills.size(), kills.toString());
        System.out.println("relay killed with SIGKILL: " + kills);

        awaitAnchored(RAW, made.stream().map(Made::txId).toList());
        assertExactlyOnce(
                RAW, made.stream().map(Made::txId).collect(java.util.stream.Collectors.toSet()));
        for (Made m : made) {
            JsonArray entries =
                    json(net.master(RAW, "user1").evaluateTransaction("Trace", m.tid()))
                            .getAsJsonArray("entries");
            assertEquals(
                    1,
                    entries.size(),
                    "TID " + m.tid() + " must be on master exactly once: " + entries);
            assertEquals(m.txId(), entries.get(0).getAsJsonObject().get("slaveTxId").getAsString());
        }
        String log = Files.readString(net.scripts.stateDir().resolve("logs/relay-" + RAW + ".log"));
        assertTrue(log.contains("\"event\":\"started\""), "restarts are logged");
    }

    @Test
    @Order(4)
    void twoRelaysOnTheSameChannelNeverDoubleAnchor() throws Exception {
        net.scripts.runOk("relays.sh", "start", RAW, "2");
        String second = "relay-" + RAW + "-2";
        assertTrue(net.scripts.pids().containsKey(second));
        int secondPort = Integer.parseInt(net.org(RAW).relayMetrics().replaceAll(".*:", "")) + 1;
        awaitHealthy(secondPort, Duration.ofSeconds(90));

        List<Made> made = makeRecords(RAW, "TWIN-", 100, 8, new AtomicInteger());
        awaitAnchored(RAW, made.stream().map(Made::txId).toList());
        assertExactlyOnce(
                RAW, made.stream().map(Made::txId).collect(java.util.stream.Collectors.toSet()));

        String firstMetrics = get(RAW, "/metrics").body();
        String secondMetrics = get(secondPort, "/metrics").body();
        long anchoredByFirst = value(firstMetrics, "tmsct_relay_anchors_submitted_total");
        long anchoredBySecond = value(secondMetrics, "tmsct_relay_anchors_submitted_total");
        long seenByBoth =
                value(firstMetrics, "tmsct_relay_anchors_already_total")
                        + value(secondMetrics, "tmsct_relay_anchors_already_total");
        System.out.printf(
                "two relays: first anchored %d, second anchored %d, found already anchored %d%n",
                anchoredByFirst, anchoredBySecond, seenByBoth);
        assertTrue(
                anchoredBySecond + value(secondMetrics, "tmsct_relay_anchors_already_total") > 0,
                "the second relay did not take part: " + secondMetrics);
        net.scripts.runOk("relays.sh", "stop", RAW, "2");
        assertFalse(net.scripts.pids().containsKey(second));
    }

    @Test
    @Order(5)
    void aPeerOfAnotherOrganisationDownAnchoringContinuesAndTheLagRecovers() throws Exception {
        String down = "DistributorOrg";
        long pid = net.scripts.pids().get("peer0-" + down);
        ProcessHandle peer = ProcessHandle.of(pid).orElseThrow();
        peer.destroy(); // SIGTERM, as 'down' does
        peer.onExit().get(30, TimeUnit.SECONDS);
        Instant stopped = Instant.now();

        // MAJORITY is 3 of 4: raw-material keeps being anchored.
        List<Made> during = makeRecords(RAW, "PEERDOWN-", 30, 4, new AtomicInteger());
        awaitAnchored(RAW, during.stream().map(Made::txId).toList());
        Duration anchoredIn = Duration.between(stopped, Instant.now());
        long retries = value(get(RAW, "/metrics").body(), "tmsct_relay_retries_total");
        System.out.printf(
                "peer0-%s down: 30 raw-material records anchored %d s after the stop (relay retries so far: %d)%n",
                down, anchoredIn.toSeconds(), retries);
        // The distributor's own relay has no peer to read from: it says so instead of failing
        // silently.
        String status = healthJson(down).get("status").getAsString();
        assertTrue(
                Set.of("retrying", "stalled").contains(status),
                "relay-" + down + " says " + healthText(down));

        net.scripts.runOk("up.sh"); // restarts the stopped peer only
        Made late = makeRecord(down, TRACE_TID, "DISTRIBUTION", "second shop");
        awaitAnchored(down, List.of(late.txId()));
        List<Made> after = makeRecords(RAW, "PEERBACK-", 10, 2, new AtomicInteger());
        awaitAnchored(RAW, after.stream().map(Made::txId).toList());
        for (String org : ORGS) {
            awaitCaughtUp(org, Duration.ofSeconds(90));
        }
        List<String> all = new ArrayList<>(during.stream().map(Made::txId).toList());
        all.addAll(after.stream().map(Made::txId).toList());
        assertExactlyOnce(RAW, new HashSet<>(all));
        assertExactlyOnce(down, Set.of(late.txId()));
    }

    @Test
    @Order(6)
    void isolationOneRecordOutOfOrderIsRejectedAloneAndTheFiftyAfterItAreAnchored()
            throws Exception {
        String org = "LogisticsOrg";
        String prefix = "ISOLATION-";
        // Fifty TIDs whose RAW_MATERIAL stage is on master, so their LOGISTICS records are valid.
        List<Made> raw = makeRecords(RAW, prefix, 50, 8, new AtomicInteger());
        awaitAnchored(RAW, raw.stream().map(Made::txId).toList());
        long refusedBlocksBefore = counter(org, "tmsct_relay_rejections_total");

        // A mistyped trace code: LOGISTICS with no RAW_MATERIAL stage anywhere. The slave contract
        // stores it (stage order is master's to judge, when it anchors), then the fifty valid
        // ones follow on the same channel.
        String typo = "ISOLATIOM-7";
        Made bad = makeRecord(org, typo, "LOGISTICS", "truck");
        List<String> healthSeen = Collections.synchronizedList(new ArrayList<>());
        ExecutorService watcher = Executors.newSingleThreadExecutor();
        Future<?> watching =
                watcher.submit(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                try {
                                    healthSeen.add(healthJson(org).get("status").getAsString());
                                    Thread.sleep(250);
                                } catch (InterruptedException e) {
                                    return null;
                                } catch (Exception e) {
                                    healthSeen.add("unreachable: " + e);
                                }
                            }
                            return null;
                        });
        List<Made> good = makeRecords(org, prefix, 50, 8, new AtomicInteger());
        List<String> goodTxIds = good.stream().map(Made::txId).toList();
        awaitAnchored(org, goodTxIds);
        JsonObject rejected = awaitStatus(org, bad.txId(), "REJECTED");
        watching.cancel(true);
        watcher.shutdownNow();

        // The fifty: anchored within the normal lag, each on master exactly once.
        for (String txId : goodTxIds) {
            JsonObject r = net.storedRecord(org, txId);
            long lagMillis = r.get("confirmedAt").getAsLong() - r.get("txTimestamp").getAsLong();
            assertTrue(lagMillis < 30_000, "record " + txId + " took " + lagMillis + " ms: " + r);
        }
        assertExactlyOnce(org, new HashSet<>(goodTxIds));

        // The bad one: REJECTED on its slave channel with master's code and reason, not on master.
        assertEquals("STAGE_OUT_OF_ORDER", rejected.get("rejectionCode").getAsString());
        assertTrue(
                rejected.get("rejectionReason")
                        .getAsString()
                        .contains(
                                "stage LOGISTICS of TID "
                                        + typo
                                        + " needs one of [RAW_MATERIAL] first"),
                rejected.toString());
        try {
            net.master(RAW, "user1").evaluateTransaction("Trace", typo);
            throw new AssertionError("a rejected record reached the trace of " + typo);
        } catch (GatewayException e) {
            assertEquals(
                    java.util.Optional.of("UNKNOWN_TID"),
                    GatewayErrors.refusalCode(e),
                    e.toString());
        }

        // The relay stayed healthy and counted the record, not a refused block.
        assertFalse(
                healthSeen.stream().anyMatch(h -> !h.equals("ok") && !h.equals("retrying")),
                "relay health while anchoring: " + healthSeen);
        assertEquals(200, get(org, "/health").statusCode());
        assertEquals(refusedBlocksBefore, counter(org, "tmsct_relay_rejections_total"));
        assertTrue(counter(org, "tmsct_relay_records_rejected_total") >= 1);
        assertTrue(
                Files.readString(net.scripts.stateDir().resolve("logs/relay-" + org + ".log"))
                        .contains("\"event\":\"record-rejected\""));

        // Its owner sees it through tmsct, by trace code and in status.
        Run trace = cli("--org", org, "trace", typo);
        assertEquals(1, trace.exit(), trace.toString());
        assertTrue(trace.out().contains("REJECTED"), trace.toString());
        assertTrue(trace.out().contains(bad.txId()), trace.toString());
        assertTrue(
                trace.out().contains("STAGE_OUT_OF_ORDER: ")
                        && trace.out().contains("needs one of [RAW_MATERIAL] first"),
                trace.toString());
        assertTrue(trace.err().contains("UNKNOWN_TID"), trace.toString());
        Run status = cli("--org", org, "status");
        assertEquals(0, status.exit(), status.toString());
        assertTrue(
                status.out().contains("refused by master")
                        && status.out().contains("TID " + typo)
                        && status.out().contains("STAGE_OUT_OF_ORDER"),
                status.toString());
        // Another organisation's view of the slave channel is not involved: its own status shows
        // no refusal.
        Run rawStatus = cli("--org", RAW, "status");
        assertFalse(rawStatus.out().contains(typo), rawStatus.toString());
    }

    @Test
    @Order(7)
    void sigtermStopsARelayCleanlyAndItResumesWhereTheMasterSaysItStopped() throws Exception {
        long pid = net.scripts.pids().get("relay-LogisticsOrg");
        String out = net.scripts.runOk("relays.sh", "stop", "LogisticsOrg").output();
        assertTrue(out.contains("stopped relay-LogisticsOrg"), out);
        assertFalse(
                out.contains("SIGKILL"), "the relay did not stop within the grace period: " + out);
        assertFalse(NetworkScripts.alive(pid));
        String log =
                Files.readString(net.scripts.stateDir().resolve("logs/relay-LogisticsOrg.log"));
        assertTrue(
                log.strip().endsWith("}") && log.contains("\"event\":\"stopped\""),
                "no 'stopped' line at the end of the log");

        // records made while it is down are anchored once it is back
        Made m = makeRecord("LogisticsOrg", TRACE_TID, "LOGISTICS", "second truck");
        net.scripts.runOk("relays.sh", "start", "LogisticsOrg");
        awaitAnchored("LogisticsOrg", List.of(m.txId()));
        assertExactlyOnce("LogisticsOrg", Set.of(m.txId()));
    }

    @Test
    @Order(8)
    void anchoringLagAtSteadyRecordRates() throws Exception {
        // -Drelay.lag.rates=0.5,1,2,5,10 -Drelay.lag.seconds=40 for the README figures; CI runs one
        // rate.
        String[] rates = System.getProperty("relay.lag.rates", "1").split(",");
        int seconds = Integer.getInteger("relay.lag.seconds", 60);
        List<String> lines = new ArrayList<>();
        for (String rate : rates) {
            lines.add(measureLag(Double.parseDouble(rate.trim()), seconds));
        }
        Path out = NetworkScripts.REPO.resolve("test-network/target/anchor-relay-lag.txt");
        Files.createDirectories(out.getParent());
        Files.write(
                out,
                lines,
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * Makes records on raw-material at {@code perSecond} for {@code seconds} and measures, per
     * record, the time from its Record transaction's timestamp until the slave block holding its
     * ConfirmAnchor reached a client (from a block-event listener): when the record is visibly
     * ANCHORED on its slave channel.
     */
    private String measureLag(double perSecond, int seconds) throws Exception {
        String channel = net.org(RAW).slaveChannel();
        Map<String, Instant> delivered = new ConcurrentHashMap<>();
        long height =
                org.hyperledger.fabric.protos.common.BlockchainInfo.parseFrom(
                                net.session(RAW, "user2")
                                        .network(channel)
                                        .getContract("qscc")
                                        .evaluateTransaction("GetChainInfo", channel))
                        .getHeight();
        var events =
                net.session(RAW, "user2")
                        .network(channel)
                        .newFilteredBlockEventsRequest()
                        .startBlock(height)
                        .build()
                        .getEvents();
        Thread listener =
                new Thread(
                        () -> {
                            try {
                                while (events.hasNext()) {
                                    var block = events.next();
                                    Instant now = Instant.now();
                                    block.getFilteredTransactionsList()
                                            .forEach(t -> delivered.put(t.getTxid(), now));
                                }
                            } catch (RuntimeException e) {
                                // closed at the end of the measurement
                            }
                        },
                        "lag-listener");
        listener.setDaemon(true);
        listener.start();

        int count = (int) Math.round(perSecond * seconds);
        long intervalNanos = (long) (1e9 / perSecond);
        List<Made> made = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2 + (int) Math.ceil(perSecond * 2));
        List<Future<?>> futures = new ArrayList<>();
        String prefix = "LAG-" + perSecond + "-";
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + i * intervalNanos - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            String tid = prefix + i;
            futures.add(pool.submit(() -> made.add(makeRecord(RAW, tid, "RAW_MATERIAL", "mine"))));
        }
        for (Future<?> f : futures) {
            f.get(3, TimeUnit.MINUTES);
        }
        double achieved = count / ((System.nanoTime() - start) / 1e9);
        pool.shutdown();
        awaitAnchored(RAW, made.stream().map(Made::txId).toList());
        Thread.sleep(1000); // the last ConfirmAnchor block reaches the listener
        events.close();

        List<Long> lags = new ArrayList<>();
        for (Made m : made) {
            JsonObject r = net.storedRecord(RAW, m.txId());
            Instant visible = delivered.get(r.get("confirmTxId").getAsString());
            assertTrue(
                    visible != null,
                    "the block of ConfirmAnchor " + r.get("confirmTxId") + " was not seen");
            lags.add(visible.toEpochMilli() - r.get("txTimestamp").getAsLong());
        }
        Collections.sort(lags);
        long p50 = lags.get(lags.size() / 2);
        long p95 = lags.get((int) Math.ceil(lags.size() * 0.95) - 1);
        String summary =
                String.format(
                        java.util.Locale.ROOT,
                        "anchoring lag at %.1f records/s for %d s (%d records, achieved %.2f/s): "
                                + "p50 %d ms, p95 %d ms, max %d ms (Record proposal -> slave block with its ConfirmAnchor delivered)",
                        perSecond,
                        seconds,
                        count,
                        achieved,
                        p50,
                        p95,
                        lags.get(lags.size() - 1));
        System.out.println(summary);
        assertExactlyOnce(
                RAW, made.stream().map(Made::txId).collect(java.util.stream.Collectors.toSet()));
        if (perSecond <= 1) {
            assertTrue(p95 < 15_000, summary);
        }
        return summary;
    }

    // --- exactly once, checked on both ledgers
    // ---------------------------------------------------------

    /**
     * The master's anchors of the org's chain tile it from the first covered block to the last
     * without gap or overlap, every anchor carries records, no slave transaction is anchored twice,
     * and the given records (and every raw-material record this test made) are ANCHORED on the
     * slave by the master transaction whose anchor holds them.
     */
    private void assertExactlyOnce(String org, Set<String> mustInclude) throws Exception {
        String chain = net.org(org).slaveChannel();
        JsonObject state =
                json(net.master(RAW, "user1").evaluateTransaction("GetAnchorState", chain));
        long first = state.get("firstCovered").getAsLong();
        long block = state.get("lastCovered").getAsLong();
        Map<String, JsonObject> anchorOfTx = new HashMap<>();
        int anchors = 0;
        while (block >= first && block >= 0) {
            JsonObject anchor =
                    json(
                            net.master(RAW, "user1")
                                    .evaluateTransaction("GetAnchor", chain, Long.toString(block)));
            assertEquals(
                    block,
                    anchor.get("blockNumber").getAsLong(),
                    "anchors must tile the chain: " + anchor);
            JsonArray entries = anchor.getAsJsonArray("leaves");
            JsonArray rejected = anchor.getAsJsonArray("rejected");
            assertTrue(
                    entries.size() + (rejected == null ? 0 : rejected.size()) > 0,
                    "an anchor without records: " + anchor);
            for (JsonElement e : entries) {
                String txId = e.getAsJsonObject().get("txId").getAsString();
                assertTrue(
                        anchorOfTx.put(txId, anchor) == null,
                        "slave transaction " + txId + " anchored twice");
            }
            anchors++;
            block = anchor.get("firstBlock").getAsLong() - 1;
        }
        assertEquals(first - 1, block, "the walk must end just before the first covered block");
        assertEquals(state.get("anchoredBlocks").getAsLong(), anchors);
        assertEquals(state.get("entries").getAsLong(), anchorOfTx.size());
        Set<String> check = new HashSet<>(mustInclude);
        if (org.equals(RAW)) {
            check.addAll(rawRecords.keySet());
        }
        for (String txId : check) {
            JsonObject anchor = anchorOfTx.get(txId);
            assertTrue(anchor != null, "record " + txId + " of " + chain + " is not anchored");
            JsonObject record = net.storedRecord(org, txId);
            assertEquals("ANCHORED", record.get("status").getAsString(), record.toString());
            assertEquals(
                    anchor.get("masterTxId").getAsString(), record.get("masterTxId").getAsString());
            assertEquals(
                    anchor.get("blockNumber").getAsLong(),
                    record.get("slaveBlockNumber").getAsLong());
        }
    }

    private void awaitAnchored(String org, List<String> txIds) throws Exception {
        Set<String> pending = new HashSet<>(txIds);
        Instant deadline = Instant.now().plus(ANCHOR_TIMEOUT);
        while (!pending.isEmpty()) {
            pending.removeIf(
                    txId -> {
                        try {
                            return "ANCHORED"
                                    .equals(
                                            net.storedRecord(org, txId)
                                                    .get("status")
                                                    .getAsString());
                        } catch (Exception e) {
                            return false;
                        }
                    });
            if (pending.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        pending.size()
                                + " of "
                                + txIds.size()
                                + " records of "
                                + org
                                + " not anchored after "
                                + ANCHOR_TIMEOUT.toSeconds()
                                + " s; relay health: "
                                + healthText(org)
                                + "\n"
                                + logTail("relay-" + org));
            }
            Thread.sleep(1000);
        }
    }

    /** Polls the record's slave status until it is {@code status}; returns the record. */
    private JsonObject awaitStatus(String org, String txId, String status) throws Exception {
        Instant deadline = Instant.now().plus(ANCHOR_TIMEOUT);
        while (true) {
            JsonObject r = net.storedRecord(org, txId);
            if (status.equals(r.get("status").getAsString())) {
                return r;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "record "
                                + txId
                                + " of "
                                + org
                                + " is still "
                                + r
                                + "; relay health: "
                                + healthText(org)
                                + "\n"
                                + logTail("relay-" + org));
            }
            Thread.sleep(500);
        }
    }

    /** Runs the tmsct command line in this JVM, as scripts/tmsct would. */
    private Run cli(String... args) {
        return new CliRunner(net.scripts.stateDir()).run(null, args);
    }

    private void awaitCaughtUp(String org, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                JsonObject h = healthJson(org);
                if (h.get("healthy").getAsBoolean() && h.get("lagBlocks").getAsLong() <= 1) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "relay of " + org + " did not catch up: " + healthText(org));
            }
            Thread.sleep(1000);
        }
    }

    // --- relays ----------------------------------------------------------------------------------

    /** SIGKILL, as a crash would; returns what was killed. */
    private String killRelay(String org, String name) throws Exception {
        long pid = net.scripts.pids().get(name);
        ProcessHandle p =
                ProcessHandle.of(pid)
                        .orElseThrow(() -> new AssertionError(name + " is not running"));
        p.destroyForcibly();
        p.onExit().get(20, TimeUnit.SECONDS);
        return name + " (pid " + pid + ")";
    }

    private int metricsPort(String org) throws Exception {
        return Integer.parseInt(net.org(org).relayMetrics().replaceAll(".*:", ""));
    }

    private HttpResponse<String> get(String org, String path) throws Exception {
        return get(metricsPort(org), path);
    }

    private HttpResponse<String> get(int port, String path)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject healthJson(String org) throws Exception {
        return JsonParser.parseString(get(org, "/health").body()).getAsJsonObject();
    }

    private String healthText(String org) {
        try {
            return get(org, "/health").body().strip();
        } catch (Exception e) {
            return "(no answer: " + e + ")";
        }
    }

    private JsonObject awaitHealth(String org, String status, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonObject h = healthJson(org);
            if (status.equals(h.get("status").getAsString())) {
                return h;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "relay of " + org + " never reported '" + status + "': " + h);
            }
            Thread.sleep(250);
        }
    }

    private void awaitHealthy(String org, Duration timeout) throws Exception {
        awaitHealthy(metricsPort(org), timeout);
    }

    private void awaitHealthy(int port, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> r = get(port, "/health");
                last = r.body();
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("relay on port " + port + " not healthy: " + last);
    }

    private long counter(String org, String name) throws Exception {
        return value(get(org, "/metrics").body(), name);
    }

    /** Sum of every sample of a metric (all label sets). */
    private static long value(String metrics, String name) {
        long sum = 0;
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*\\} (\\S+)$")
                        .matcher(metrics);
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private String logTail(String name) {
        try {
            List<String> lines =
                    Files.readAllLines(net.scripts.stateDir().resolve("logs/" + name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    // --- devices and records ---------------------------------------------------------------------

    private static String deviceOf(String org) {
        return org.toLowerCase() + "-relay-test-sensor";
    }

    /**
     * {@code count} records with TIDs prefix0..prefixN, made by {@code threads} concurrent clients.
     */
    private List<Made> makeRecords(
            String org, String prefix, int count, int threads, AtomicInteger madeCount)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Made>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String tid = prefix + i;
                futures.add(
                        pool.submit(
                                () -> {
                                    Made m =
                                            makeRecord(
                                                    org,
                                                    tid,
                                                    STAGES[TestNetwork.indexOf(org)],
                                                    "site " + tid);
                                    madeCount.incrementAndGet();
                                    return m;
                                }));
            }
            List<Made> made = new ArrayList<>();
            for (Future<Made> f : futures) {
                made.add(f.get(3, TimeUnit.MINUTES));
            }
            return made;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One device-signed Record, submitted as user1 and committed; retried while the network is
     * busy.
     */
    private Made makeRecord(String org, String tid, String stage, String location)
            throws Exception {
        TreeMap<String, JsonElement> fields = new TreeMap<>();
        fields.put("batch", new JsonPrimitive("B-" + tid));
        fields.put("product", new JsonPrimitive("steel coil"));
        fields.put("quantity", new JsonPrimitive(7));
        fields.put("location", new JsonPrimitive(location));
        fields.put("supplierPrice", new JsonPrimitive(99.5));
        RawRecord raw = new RawRecord(tid, stage, fields);
        String deviceId = deviceOf(org);
        Contract slave = net.session(org, "user1").slaveContract();
        for (int attempt = 1; ; attempt++) {
            Instant now = Instant.now();
            Map<String, byte[]> signed =
                    TestNetwork.signedRecord(raw, deviceId, net.device(deviceId).getPrivate(), now);
            try {
                var tx =
                        slave.newProposal("Record")
                                .addArguments(deviceId)
                                .putAllTransient(signed)
                                .build()
                                .endorse();
                Status status = tx.submitAsync().getStatus();
                if (!status.isSuccessful()) {
                    throw new IllegalStateException(
                            "Record " + tid + " not committed: " + status.getCode());
                }
                Made m = new Made(tid, status.getTransactionId(), status.getBlockNumber());
                if (org.equals(RAW)) {
                    rawRecords.put(m.txId(), tid);
                }
                return m;
            } catch (GatewayException | IllegalStateException e) {
                if (attempt >= 5) {
                    throw new AssertionError(
                            "Record "
                                    + tid
                                    + " on "
                                    + org
                                    + " failed: "
                                    + GatewayErrors.describe(e, net.org(org).peer().endpoint()),
                            e);
                }
                Thread.sleep(500L * attempt);
            }
        }
    }
}
