package org.tmsct.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.network.TestNetwork.ORGS;
import static org.tmsct.network.TestNetwork.STAGES;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.mirror.MirrorDb;
import org.tmsct.mirror.query.DocumentedQuery;
import org.tmsct.network.CliRunner.Run;

/**
 * The relational mirror on a real network, the same run against H2, MariaDB and PostgreSQL at once:
 * three `tmsct mirror` processes of RawMaterialOrg follow master and its slave channel while 500
 * records go through the four channels, and each is killed with SIGKILL three times on the way. At
 * the end every table holds exactly what the chain holds (checked against master's Trace, the
 * anchors' state and the other two databases), `tmsct mirror verify` is clean, and a row changed by
 * hand is named by it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MirrorNetworkTest {

    private static final int BASE = 30000;
    private static final String RAW = "RawMaterialOrg";
    private static final int LOTS = 125;
    private static final int KILLS = 3;

    private final TestNetwork net = new TestNetwork("mirror", BASE, "raft");
    private final CliRunner cli = new CliRunner(net.scripts.stateDir());
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One mirror process and its database. */
    private final class Mirror {
        final String name;
        final String url;
        final int port;
        final Path log;
        Process process;

        /** The master block it stood at when it was last started (or caught up, at first). */
        long resumedAt = -1;

        Mirror(String name, String url, int port) {
            this.name = name;
            this.url = url;
            this.port = port;
            this.log =
                    net.scripts.stateDir().resolve("logs").resolve("mirror-test-" + name + ".log");
        }

        void start() throws Exception {
            Files.createDirectories(log.getParent());
            process =
                    new ProcessBuilder(
                                    "java",
                                    "-Xmx256m",
                                    "-XX:+UseSerialGC",
                                    "-XX:TieredStopAtLevel=1",
                                    "-Dh2.bindAddress=127.0.0.1",
                                    "-jar",
                                    NetworkScripts.REPO
                                            .resolve("client-cli/target/client-cli-all.jar")
                                            .toString(),
                                    "--state",
                                    net.scripts.stateDir().toString(),
                                    "--org",
                                    RAW,
                                    "mirror",
                                    "--mirror-url",
                                    url,
                                    "--metrics",
                                    "127.0.0.1:" + port,
                                    "--retry-delay",
                                    "1")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
        }

        /** Waits until /health answers again, and notes where the mirror resumed. */
        void awaitResumed() throws InterruptedException {
            long until = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < until) {
                JsonObject h = health();
                if (h != null && h.getAsJsonObject("channels").has("master")) {
                    break;
                }
                Thread.sleep(50);
            }
            resumedAt = block("master");
        }

        /** SIGKILL: no shutdown hook runs, a block transaction may be cut anywhere. */
        void kill() throws Exception {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(137, process.exitValue(), name + " was not killed by SIGKILL");
        }

        void stop() {
            if (process != null && process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** The /health answer, or null while the process is not listening. */
        JsonObject health() {
            try {
                HttpResponse<String> r =
                        http.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/health"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                return JsonParser.parseString(r.body()).getAsJsonObject();
            } catch (Exception e) {
                return null;
            }
        }

        long block(String channel) {
            JsonObject h = health();
            if (h == null || !h.getAsJsonObject("channels").has(channel)) {
                return -1;
            }
            return h.getAsJsonObject("channels").getAsJsonObject(channel).get("block").getAsLong();
        }
    }

    private final List<Mirror> mirrors = new ArrayList<>();

    @BeforeAll
    void bringUp() throws Exception {
        net.startFromScratch();
        cli.registerSensors(ORGS);
        net.scripts.runOk("mariadb.sh", "start");
        net.scripts.runOk("postgres.sh", "start");
        mirrors.add(
                new Mirror(
                        "h2",
                        MirrorDb.h2Url(
                                net.scripts
                                        .stateDir()
                                        .resolve("mirror")
                                        .resolve(RAW)
                                        .resolve("test")),
                        BASE + 81));
        mirrors.add(
                new Mirror("mariadb", scriptOutput("mariadb.sh", "url", RAW, "mirror"), BASE + 82));
        mirrors.add(new Mirror("postgresql", scriptOutput("postgres.sh", "url", RAW), BASE + 83));
        for (Mirror m : mirrors) {
            m.start();
        }
        // the three JVMs warm and caught up before the records and the kills begin
        long masterTip = height("master") - 1;
        long slaveTip = height(net.slaveChannel(RAW)) - 1;
        for (Mirror m : mirrors) {
            waitUntilCaughtUp(m, masterTip, slaveTip);
            m.resumedAt = m.block("master");
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        mirrors.forEach(Mirror::stop);
        // the mirrors' logs outlive the network's state directory, for a failure's post-mortem
        Path keep = NetworkScripts.REPO.resolve("test-network/target/mirror-logs");
        Files.createDirectories(keep);
        for (Mirror m : mirrors) {
            if (Files.exists(m.log)) {
                Files.copy(
                        m.log,
                        keep.resolve(m.log.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        net.close();
    }

    private String scriptOutput(String script, String... args) {
        String out = net.scripts.runOk(script, args).output().strip();
        return out.substring(out.lastIndexOf('\n') + 1).strip();
    }

    // --- the run ---------------------------------------------------------------------------------

    @Test
    @Order(1)
    void fiveHundredRecordsAcrossTheFourChannelsWithEachMirrorKilledThreeTimes() throws Exception {
        AtomicInteger kills = new AtomicInteger();
        List<String> killedAt = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Throwable> killerFailures = new ArrayList<>();
        Thread killer =
                new Thread(
                        () -> {
                            try {
                                for (int k = 0; k < KILLS; k++) {
                                    Thread.sleep(2000);
                                    for (Mirror m : mirrors) {
                                        // kill a follower at work, a few blocks past where it
                                        // resumed, not a JVM still starting
                                        long until = System.currentTimeMillis() + 20_000;
                                        while (m.block("master") < m.resumedAt + 1
                                                && System.currentTimeMillis() < until) {
                                            Thread.sleep(50);
                                        }
                                        killedAt.add(
                                                m.name
                                                        + "@"
                                                        + m.resumedAt
                                                        + ".."
                                                        + m.block("master"));
                                        m.kill();
                                    }
                                    kills.incrementAndGet();
                                    Thread.sleep(500);
                                    for (Mirror m : mirrors) {
                                        m.start();
                                    }
                                    for (Mirror m : mirrors) {
                                        m.awaitResumed();
                                    }
                                }
                            } catch (Throwable t) {
                                killerFailures.add(t);
                            }
                        },
                        "mirror-killer");
        killer.start();
        for (int org = 0; org < ORGS.length; org++) {
            recordBatch(org);
        }
        killer.join(240_000);
        System.out.println("mirrors killed at master blocks (resumed..killed) " + killedAt);
        assertTrue(killerFailures.isEmpty(), killerFailures.toString());
        assertEquals(KILLS, kills.get());
        // each kill came after the mirror had applied blocks since it resumed, and the restart
        // resumed where the killed mirror had got to, not from scratch
        for (String k : killedAt) {
            String[] range = k.substring(k.indexOf('@') + 1).split("\\.\\.");
            assertTrue(
                    Long.parseLong(range[1]) > Long.parseLong(range[0]),
                    "a mirror was killed before it applied a block: " + killedAt);
        }
        for (Mirror m : mirrors) {
            assertTrue(m.resumedAt > 0, m.name + " started over after a kill: " + killedAt);
        }

        long masterTip = height("master") - 1;
        long slaveTip = height(net.slaveChannel(RAW)) - 1;
        for (Mirror m : mirrors) {
            waitUntilCaughtUp(m, masterTip, slaveTip);
        }
    }

    /** 125 records of one organisation's stage, one per lot, in one `tmsct record --batch`. */
    private void recordBatch(int org) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < LOTS; i++) {
            String tid = String.format("MIR-%03d", i);
            String fields =
                    "\"batch\":\"B-"
                            + tid
                            + "\",\"location\":\"site of "
                            + STAGES[org]
                            + "\",\"temperature\":"
                            + (18 + (i + org) % 9)
                            + ",\"quantity\":"
                            + (10 + i);
            if (org == 2 && i > 0 && i % 25 == 0) {
                // a few processed lots made from the lot before: genealogy edges
                fields += ",\"inputs\":[\"" + String.format("MIR-%03d", i - 1) + "\"]";
            }
            lines.append("{\"tid\":\"")
                    .append(tid)
                    .append("\",\"stage\":\"")
                    .append(STAGES[org])
                    .append("\",\"fields\":{")
                    .append(fields)
                    .append("}}\n");
        }
        Path file = net.scripts.stateDir().resolve("mirror-batch-" + org + ".jsonl");
        Files.writeString(file, lines);
        Run r =
                cli.run(
                        null,
                        "--org",
                        ORGS[org],
                        "record",
                        "--batch",
                        "--device",
                        "sensor-" + org,
                        "--concurrency",
                        "4",
                        // a steady stream of blocks while the mirrors are killed, not one burst
                        "--per-tx",
                        "5",
                        "--rate",
                        "6",
                        "--wait-anchored",
                        "--timeout",
                        "300",
                        file.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("recorded " + LOTS + " of " + LOTS + " records"), r.out());
    }

    private long height(String channel) throws Exception {
        return net.session(RAW, "user1").height(channel);
    }

    private void waitUntilCaughtUp(Mirror m, long masterTip, long slaveTip) throws Exception {
        String slave = net.slaveChannel(RAW);
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (m.block("master") >= masterTip && m.block(slave) >= slaveTip) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(
                m.name
                        + " did not reach master block "
                        + masterTip
                        + " and "
                        + slave
                        + " block "
                        + slaveTip
                        + " within 180 s: "
                        + m.health()
                        + "\n"
                        + Files.readString(m.log));
    }

    // --- what the tables hold ----------------------------------------------------------------

    @Test
    @Order(2)
    void everyDatabaseHoldsExactlyTheChainsEntries() throws Exception {
        Map<String, JsonObject> master = new TreeMap<>();
        for (int i = 0; i < LOTS; i++) {
            String tid = String.format("MIR-%03d", i);
            JsonObject trace =
                    TestNetwork.json(net.master(RAW, "user1").evaluateTransaction("Trace", tid));
            assertEquals(ORGS.length, trace.getAsJsonArray("entries").size(), trace.toString());
            for (JsonElement e : trace.getAsJsonArray("entries")) {
                master.put(e.getAsJsonObject().get("slaveTxId").getAsString(), e.getAsJsonObject());
            }
        }
        assertEquals(ORGS.length * LOTS, master.size());

        for (Mirror m : mirrors) {
            try (Connection c = MirrorDb.open(m.url).connect()) {
                // MIR- lots only: the bring-up records nothing, but be exact about what is compared
                List<Map<String, Object>> rows =
                        rows(
                                c,
                                "SELECT * FROM stage_entries WHERE tid LIKE 'MIR-%' ORDER BY slave_tx_id");
                assertEquals(master.size(), rows.size(), m.name + ": stage_entries");
                for (Map<String, Object> row : rows) {
                    JsonObject e = master.get((String) row.get("slave_tx_id"));
                    assertNotNull(e, m.name + ": a row master does not have: " + row);
                    assertEquals(e.get("tid").getAsString(), row.get("tid"), m.name);
                    assertEquals(e.get("stage").getAsString(), row.get("stage"), m.name);
                    assertEquals(e.get("ownerMsp").getAsString(), row.get("owner_msp"), m.name);
                    assertEquals(e.get("dataHash").getAsString(), row.get("data_hash"), m.name);
                    assertEquals(e.get("slaveChainId").getAsString(), row.get("slave_chain_id"));
                    assertEquals(e.get("masterTxId").getAsString(), row.get("master_tx_id"));
                    assertEquals(
                            e.get("slaveBlockNumber").getAsLong(),
                            ((Number) row.get("slave_block_number")).longValue());
                    assertEquals(
                            e.get("entryIndex").getAsInt(),
                            ((Number) row.get("entry_index")).intValue());
                    assertEquals(
                            e.get("txTimestamp").getAsLong(),
                            ((Number) row.get("tx_timestamp")).longValue());
                    assertEquals(
                            CanonicalJson.canonicalString(e.getAsJsonObject("keyData")),
                            row.get("key_data"),
                            m.name);
                }
                assertEquals(
                        LOTS, count(c, "SELECT COUNT(*) FROM products WHERE tid LIKE 'MIR-%'"));
                // the processed lots with inputs: lots 25, 50, 75 and 100
                assertEquals(4, count(c, "SELECT COUNT(*) FROM genealogy_edges"), m.name);
                // RawMaterialOrg's own records, joined from its off-chain store, each rehashing
                assertEquals(
                        LOTS,
                        count(
                                c,
                                "SELECT COUNT(*) FROM raw_records WHERE tid LIKE 'MIR-%'"
                                        + " AND rehash = data_hash"),
                        m.name);
                assertEquals(
                        1,
                        count(c, "SELECT COUNT(*) FROM devices WHERE status = 'ACTIVE'"),
                        m.name + ": RawMaterialOrg's one device");
                for (String org : ORGS) {
                    JsonObject state =
                            TestNetwork.json(
                                    net.master(RAW, "user1")
                                            .evaluateTransaction(
                                                    "GetAnchorState", net.slaveChannel(org)));
                    String chain = net.slaveChannel(org);
                    assertEquals(
                            state.get("entries").getAsLong(),
                            count(
                                    c,
                                    "SELECT COUNT(*) FROM stage_entries WHERE slave_chain_id = '"
                                            + chain
                                            + "'"),
                            m.name + ": entries of " + chain);
                    assertEquals(
                            state.get("lastCovered").getAsLong(),
                            count(
                                    c,
                                    "SELECT MAX(block_number) FROM anchors WHERE slave_chain_id = '"
                                            + chain
                                            + "'"),
                            m.name + ": last anchor of " + chain);
                }
            }
        }
    }

    @Test
    @Order(3)
    void theThreeDatabasesHoldTheSameRows() throws Exception {
        Map<String, String> first = null;
        for (Mirror m : mirrors) {
            Map<String, String> dump = new LinkedHashMap<>();
            try (Connection c = MirrorDb.open(m.url).connect()) {
                for (String[] t : TABLES) {
                    dump.put(
                            t[0],
                            rows(c, "SELECT " + t[2] + " FROM " + t[0] + " ORDER BY " + t[1])
                                    .toString());
                }
            }
            if (first == null) {
                first = dump;
            } else {
                for (String table : first.keySet()) {
                    assertEquals(first.get(table), dump.get(table), m.name + ": " + table);
                }
            }
        }
    }

    /** Table, order, and the columns compared (the checkpoint's wall-clock time is left out). */
    private static final String[][] TABLES = {
        {"mirror_checkpoint", "channel", "channel, block_number, block_hash"},
        {"products", "tid", "*"},
        {"stage_entries", "slave_tx_id", "*"},
        {"stage_fields", "slave_tx_id, name", "*"},
        {"anchors", "slave_chain_id, block_number", "*"},
        {"rejected_entries", "slave_tx_id", "*"},
        {"genealogy_edges", "from_tid, to_tid, relation", "*"},
        {"devices", "channel, device_id", "*"},
        {"governance_events", "master_tx_id", "*"},
        {"raw_records", "slave_tx_id", "*"},
    };

    @Test
    @Order(4)
    void theTenDocumentedQueriesAnswerWhatTheRecordsSayOnEveryDatabase() throws Exception {
        List<String> excursions = new ArrayList<>();
        List<String> transport = new ArrayList<>();
        for (int i = 0; i < LOTS; i++) {
            String tid = String.format("MIR-%03d", i);
            List<String> hot = new ArrayList<>();
            for (int org = 0; org < ORGS.length; org++) {
                if (18 + (i + org) % 9 > 25) {
                    hot.add("[" + tid + ", " + STAGES[org] + ", 1, 26]");
                }
            }
            hot.sort(null); // stage order within a lot is alphabetical, as the query orders it
            excursions.addAll(hot);
            int t = 18 + (i + 1) % 9;
            transport.add("[" + tid + ", 1, " + t + ", " + t + ", " + t + "]");
        }
        Map<String, Object[]> runs = new LinkedHashMap<>();
        runs.put("recall_downstream", new Object[] {"MIR-024"});
        runs.put("temperature_excursions", new Object[] {new java.math.BigDecimal(25)});
        runs.put("transport_temperature_by_lot", new Object[] {0L, Long.MAX_VALUE});
        runs.put("stage_lead_times", new Object[] {});
        runs.put("products_per_supplier", new Object[] {});
        runs.put("anchoring_lag", new Object[] {});
        runs.put("rejections_by_code", new Object[] {});
        runs.put("devices_per_channel", new Object[] {});
        runs.put("incomplete_process", new Object[] {});
        runs.put("made_of_upstream", new Object[] {"MIR-025"});
        List<DocumentedQuery> queries = DocumentedQuery.bundled();
        assertEquals(
                runs.keySet(),
                new java.util.LinkedHashSet<>(
                        queries.stream().map(DocumentedQuery::name).toList()));

        Map<String, String> first = new LinkedHashMap<>();
        for (Mirror m : mirrors) {
            MirrorDb db = MirrorDb.open(m.url);
            Map<String, List<List<String>>> answers = new LinkedHashMap<>();
            for (DocumentedQuery q : queries) {
                answers.put(q.name(), q.run(db, List.of(runs.get(q.name()))).rows());
            }
            assertEquals("[[MIR-025, 1]]", answers.get("recall_downstream").toString(), m.name);
            assertEquals(
                    "[[MIR-024, 1, RawMaterialOrgMSP]]",
                    answers.get("made_of_upstream").toString(),
                    m.name);
            assertEquals(excursions.toString(), answers.get("temperature_excursions").toString());
            assertEquals(
                    transport.toString(), answers.get("transport_temperature_by_lot").toString());
            assertEquals(
                    List.of("DISTRIBUTION", "LOGISTICS", "PROCESSING"),
                    answers.get("stage_lead_times").stream().map(r -> r.get(1)).toList(),
                    m.name);
            assertTrue(
                    answers.get("stage_lead_times").stream()
                            .allMatch(r -> r.get(0).equals("default") && r.get(2).equals("125")),
                    answers.get("stage_lead_times").toString());
            // no record names a product; quantities are 10..134
            assertEquals(
                    "[[RawMaterialOrgMSP, null, 125, 9000]]",
                    answers.get("products_per_supplier").toString());
            assertEquals(
                    List.of("distribution", "logistics", "processing", "raw-material"),
                    answers.get("anchoring_lag").stream().map(r -> r.get(0)).toList());
            assertEquals("[]", answers.get("rejections_by_code").toString(), m.name);
            assertEquals(
                    "[[" + net.slaveChannel(RAW) + ", 1, 0]]",
                    answers.get("devices_per_channel").toString());
            // every lot reached every stage; lots that went into another are not end products
            assertEquals("[]", answers.get("incomplete_process").toString(), m.name);
            answers.forEach(
                    (name, rows) -> {
                        String text = rows.toString();
                        first.putIfAbsent(name, text);
                        assertEquals(first.get(name), text, m.name + ": " + name);
                    });
        }
    }

    @Test
    @Order(5)
    void mirrorVerifyIsCleanAndNamesARowChangedByHand() throws Exception {
        for (Mirror m : mirrors) {
            Run clean = cli.run(null, "--org", RAW, "mirror", "verify", "--mirror-url", m.url);
            assertEquals(0, clean.exit(), m.name + ": " + clean.all());
            assertTrue(clean.out().contains("the mirror matches"), clean.out());
        }
        for (Mirror m : mirrors) {
            m.stop(); // a quiet database while rows are changed by hand
        }
        for (Mirror m : mirrors) {
            String changed;
            try (Connection c = MirrorDb.open(m.url).connect()) {
                changed =
                        (String)
                                rows(
                                                c,
                                                "SELECT slave_tx_id FROM stage_entries WHERE tid ="
                                                        + " 'MIR-042' AND stage = 'LOGISTICS'")
                                        .get(0)
                                        .get("slave_tx_id");
                try (PreparedStatement ps =
                        c.prepareStatement(
                                "UPDATE stage_entries SET key_data = ? WHERE slave_tx_id = ?")) {
                    ps.setString(1, "{\"batch\":\"B-MIR-042\",\"temperature\":4}");
                    ps.setString(2, changed);
                    assertEquals(1, ps.executeUpdate());
                }
            }
            Run dirty = cli.run(null, "--org", RAW, "mirror", "verify", "--mirror-url", m.url);
            assertEquals(1, dirty.exit(), m.name + ": " + dirty.all());
            assertTrue(
                    dirty.out().contains("row stage_entries " + changed + " column key_data"),
                    m.name + ": " + dirty.out());
            assertTrue(dirty.out().contains("1 differ"), dirty.out());
            Run json =
                    cli.run(
                            null,
                            "--org",
                            RAW,
                            "mirror",
                            "verify",
                            "--mirror-url",
                            m.url,
                            "--json");
            JsonObject report = JsonParser.parseString(json.out()).getAsJsonObject();
            assertFalse(report.get("ok").getAsBoolean());
            assertEquals(
                    changed,
                    report.getAsJsonArray("failed")
                            .get(0)
                            .getAsJsonObject()
                            .getAsJsonArray("rows")
                            .get(0)
                            .getAsJsonObject()
                            .get("slaveTxId")
                            .getAsString());
        }
    }

    @Test
    @Order(6)
    void theScriptStartsAndStopsTheOrganisationsMirrorByItsPidFile() throws Exception {
        net.scripts.runOk("mirror.sh", "start", RAW);
        Path pidFile = net.scripts.stateDir().resolve("pids").resolve("mirror-" + RAW + ".pid");
        assertTrue(Files.exists(pidFile));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        int port = BASE + 70 + 1;
        Mirror scripted =
                new Mirror("scripted", MirrorDb.defaultUrl(net.scripts.stateDir(), RAW), port);
        long masterTip = height("master") - 1;
        waitUntilCaughtUp(scripted, masterTip, height(net.slaveChannel(RAW)) - 1);
        HttpResponse<String> metrics =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertTrue(
                metrics.body().contains("tmsct_mirror_block{channel=\"master\"} " + masterTip),
                metrics.body());
        net.scripts.runOk("mirror.sh", "stop", RAW);
        assertFalse(NetworkScripts.alive(pid), "the mirror's pid " + pid + " still runs");
    }

    // --- JDBC helpers ----------------------------------------------------------------------------

    private static List<Map<String, Object>> rows(Connection c, String sql) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    // one representation per value, whichever driver read it
                    if (v instanceof Number n && !(v instanceof java.math.BigDecimal)) {
                        v = n.longValue();
                    } else if (v instanceof java.math.BigDecimal d) {
                        v = d.stripTrailingZeros().toPlainString();
                    }
                    row.put(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), v);
                }
                out.add(row);
            }
        }
        return out;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }
}
