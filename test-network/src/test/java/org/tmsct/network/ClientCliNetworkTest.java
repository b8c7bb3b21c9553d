package org.tmsct.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.network.TestNetwork.ORGS;
import static org.tmsct.network.TestNetwork.STAGES;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.tmsct.network.CliRunner.Run;
import org.tmsct.offchain.OffchainStore;

/**
 * The tmsct command line on a real network with running anchor relays: the whole product story
 * (four organisations, four stages, trace, verify) on the embedded off-chain store and on a real
 * MariaDB, tampering detection, refusals of bad input, off-chain rows kept through a chaincode
 * server outage, a deleted row reported MISSING, exact numbers, and a batch of 1000 records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientCliNetworkTest {

    private final TestNetwork net = new TestNetwork("cli", 22000, "raft");
    private final CliRunner cli = new CliRunner(net.scripts.stateDir());
    private String mariaDbUrlOfRawMaterial;

    @BeforeAll
    void bringUp() {
        net.startFromScratch();
        net.scripts.runOk("mariadb.sh", "start");
        mariaDbUrlOfRawMaterial =
                net.scripts.runOk("mariadb.sh", "url", "RawMaterialOrg").output().strip();
        cli.registerSensors(ORGS);
    }

    @AfterAll
    void tearDown() {
        net.close();
    }

    /** Runs the CLI in this JVM, as `scripts/tmsct` would, with its output captured. */
    private Run cli(final String stdin, final String... args) {
        return cli.run(stdin, args);
    }

    private static String record(final String tid, final String stage, final String extra) {
        return "{\"tid\":\""
                + tid
                + "\",\"stage\":\""
                + stage
                + "\",\"fields\":{\"batch\":\"B-"
                + tid
                + "\",\"product\":\"bike frame\","
                + "\"quantity\":40,\"location\":\"site of "
                + stage
                + "\",\"temperature\":21"
                + extra
                + "}}";
    }

    private void story(final String tid, final String... offchain) {
        for (int i = 0; i < ORGS.length; i++) {
            List<String> args = new ArrayList<>(List.of("--org", ORGS[i]));
            if (i == 0) {
                args.addAll(List.of(offchain));
            }
            args.addAll(List.of("record", "--device", "sensor-" + i, "--wait-anchored", "-"));
            Run r =
                    cli(
                            record(
                                    tid,
                                    STAGES[i],
                                    ",\"privateNote\":\"only " + ORGS[i] + " sees this\""),
                            args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.all());
            assertTrue(r.out().contains("anchored on master in transaction"), r.all());
        }
        Run trace = cli(null, "--org", "DistributorOrg", "trace", tid);
        assertEquals(0, trace.exit(), trace.all());
        for (String stage : STAGES) {
            assertTrue(trace.out().contains(stage), trace.out());
        }
        assertTrue(
                !trace.out().contains("privateNote"),
                "raw-only fields must not reach master: " + trace.out());
    }

    @Test
    @Order(1)
    void productStoryOnTheEmbeddedStore() {
        story("FRAME-H2-1");
        for (int i = 0; i < ORGS.length; i++) {
            Run v = cli(null, "--org", ORGS[i], "verify", "FRAME-H2-1");
            assertEquals(0, v.exit(), v.all());
            assertEquals(4, v.out().lines().filter(l -> l.startsWith("VERIFIED")).count(), v.out());
            assertEquals(
                    1,
                    v.out().lines().filter(l -> l.contains("raw data + on-chain")).count(),
                    v.out());
        }
    }

    @Test
    @Order(2)
    void productStoryWithRawMaterialOnMariaDb() throws Exception {
        story("FRAME-MARIA-1", "--offchain", mariaDbUrlOfRawMaterial);
        Run v =
                cli(
                        null,
                        "--org",
                        "RawMaterialOrg",
                        "--offchain",
                        mariaDbUrlOfRawMaterial,
                        "verify",
                        "FRAME-MARIA-1");
        assertEquals(0, v.exit(), v.all());
        assertEquals(4, v.out().lines().filter(l -> l.startsWith("VERIFIED")).count(), v.out());
        try (OffchainStore store = OffchainStore.open(mariaDbUrlOfRawMaterial)) {
            assertEquals(1, store.findByTid("FRAME-MARIA-1").size());
        }
    }

    @Test
    @Order(3)
    void changingOneByteOffChainIsReportedAsTamperedForThatEntryOnly() throws Exception {
        String url = OffchainStore.defaultUrl(net.scripts.stateDir(), "RawMaterialOrg");
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement read =
                        c.prepareStatement("SELECT id, raw_json FROM raw_records WHERE tid = ?")) {
            read.setString(1, "FRAME-H2-1");
            try (ResultSet rs = read.executeQuery()) {
                assertTrue(rs.next());
                String raw = rs.getString(2);
                String changed = raw.replace("\"quantity\":40", "\"quantity\":41");
                assertNotEquals(raw, changed);
                try (PreparedStatement w =
                        c.prepareStatement("UPDATE raw_records SET raw_json = ? WHERE id = ?")) {
                    w.setString(1, changed);
                    w.setLong(2, rs.getLong(1));
                    assertEquals(1, w.executeUpdate());
                }
            }
        }
        Run v = cli(null, "--org", "RawMaterialOrg", "verify", "FRAME-H2-1");
        assertEquals(1, v.exit(), v.all());
        List<String> tampered = v.out().lines().filter(l -> l.startsWith("TAMPERED")).toList();
        assertEquals(1, tampered.size(), v.out());
        assertTrue(tampered.get(0).contains("RAW_MATERIAL"), v.out());
        assertEquals(3, v.out().lines().filter(l -> l.startsWith("VERIFIED")).count(), v.out());
        // the organisations that hold no raw data still see a consistent chain
        assertEquals(0, cli(null, "--org", "LogisticsOrg", "verify", "FRAME-H2-1").exit());
    }

    @Test
    @Order(4)
    void badInputIsRefusedAndLeavesNothingBehind() throws Exception {
        cli(null, "--org", "RawMaterialOrg", "device", "keygen", "old-sensor");
        cli(null, "--org", "RawMaterialOrg", "device", "register", "old-sensor");
        assertEquals(
                0, cli(null, "--org", "RawMaterialOrg", "device", "revoke", "old-sensor").exit());
        long before = rawMaterialStoreCount();
        Map<String, Run> cases = new java.util.LinkedHashMap<>();
        cases.put(
                "line 2, column",
                cli(
                        "{\"tid\":\"BAD-1\",\n \"stage\" \"RAW_MATERIAL\"}",
                        "--org",
                        "RawMaterialOrg",
                        "record",
                        "--device",
                        "sensor-0",
                        "-"));
        cases.put(
                "no key for device 'ghost'",
                cli(
                        record("BAD-2", "RAW_MATERIAL", ""),
                        "--org",
                        "RawMaterialOrg",
                        "record",
                        "--device",
                        "ghost",
                        "-"));
        cases.put(
                "device old-sensor is revoked",
                cli(
                        record("BAD-3", "RAW_MATERIAL", ""),
                        "--org",
                        "RawMaterialOrg",
                        "record",
                        "--device",
                        "old-sensor",
                        "-"));
        cases.put(
                "is not the stage of RawMaterialOrg",
                cli(
                        record("BAD-4", "LOGISTICS", ""),
                        "--org",
                        "RawMaterialOrg",
                        "record",
                        "--device",
                        "sensor-0",
                        "-"));
        cases.put(
                "larger than the limit of 65536 bytes",
                cli(
                        record("BAD-5", "RAW_MATERIAL", ",\"blob\":\"" + "x".repeat(70_000) + "\""),
                        "--org",
                        "RawMaterialOrg",
                        "record",
                        "--device",
                        "sensor-0",
                        "-"));
        cases.put(
                "unknown trace code NO-SUCH-TID",
                cli(null, "--org", "LogisticsOrg", "trace", "NO-SUCH-TID"));
        cases.forEach(
                (expected, run) -> {
                    assertNotEquals(0, run.exit(), expected + ": " + run.all());
                    assertTrue(
                            run.err().contains(expected),
                            "expected '" + expected + "' in: " + run.err());
                    assertEquals(
                            1,
                            run.err().strip().lines().count(),
                            "one clear line, no stack trace: " + run.err());
                });
        assertEquals(
                before,
                rawMaterialStoreCount(),
                "a refused record must not stay in the off-chain store");
        for (String tid : new String[] {"BAD-1", "BAD-2", "BAD-3", "BAD-4", "BAD-5"}) {
            Run exists = cli(null, "--org", "RawMaterialOrg", "exists", tid);
            assertEquals(1, exists.exit(), exists.all());
        }
    }

    @Test
    @Order(5)
    void aRecordMadeWhileTheChaincodeServerIsDownIsKeptAndRecordedByTheRetry() throws Exception {
        Path pidFile = net.scripts.stateDir().resolve("pids/cc-chaincode-slave-RawMaterialOrg.pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
        server.destroy();
        server.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);

        Run down =
                cli(
                        record("OFFLINE-1", "RAW_MATERIAL", ""),
                        "--org",
                        "RawMaterialOrg",
                        "record",
                        "--device",
                        "sensor-0",
                        "-");
        assertEquals(1, down.exit(), down.all());
        assertTrue(down.err().contains("--retry-pending"), down.err());
        assertEquals(List.of("PENDING"), rawMaterialStatuses("OFFLINE-1"));

        net.scripts.runOk("chaincode-servers.sh", "start", "chaincode-slave");
        Run retry = null;
        for (int i = 0; i < 30; i++) {
            retry = cli(null, "--org", "RawMaterialOrg", "record", "--retry-pending");
            if (retry.exit() == 0) {
                break;
            }
            Thread.sleep(2000);
        }
        assertEquals(0, retry.exit(), retry.all());
        assertTrue(retry.out().contains("1 of 1 pending records recorded"), retry.out());
        assertEquals(List.of("SUBMITTED"), rawMaterialStatuses("OFFLINE-1"));
        awaitAnchored("OFFLINE-1");
        assertEquals(0, cli(null, "--org", "RawMaterialOrg", "verify", "OFFLINE-1").exit());
    }

    @Test
    @Order(6)
    void aDeletedRawRowIsReportedMissingByItsOwner() throws Exception {
        Run r =
                cli(
                        record("GONE-1", "RAW_MATERIAL", ""),
                        "--org",
                        "RawMaterialOrg",
                        "record",
                        "--device",
                        "sensor-0",
                        "--wait-anchored",
                        "-");
        assertEquals(0, r.exit(), r.all());
        assertEquals(0, cli(null, "--org", "RawMaterialOrg", "verify", "GONE-1").exit());

        String url = OffchainStore.defaultUrl(net.scripts.stateDir(), "RawMaterialOrg");
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement delete =
                        c.prepareStatement("DELETE FROM raw_records WHERE tid = ?")) {
            delete.setString(1, "GONE-1");
            assertEquals(1, delete.executeUpdate());
        }
        Run v = cli(null, "--org", "RawMaterialOrg", "verify", "GONE-1");
        assertEquals(1, v.exit(), v.all());
        assertTrue(v.out().startsWith("MISSING"), v.out());
        assertTrue(v.out().contains("RAW_MATERIAL"), v.out());
        assertTrue(v.err().contains("failed verification"), v.err());
        // another organisation never held it: on-chain checks only, as before
        assertEquals(0, cli(null, "--org", "LogisticsOrg", "verify", "GONE-1").exit());
    }

    @Test
    @Order(7)
    void anIntegerADoubleCannotHoldIsRefusedAndLeavesNothingBehind() throws Exception {
        long before = rawMaterialStoreCount();
        Run r =
                cli(
                        record("BIG-1", "RAW_MATERIAL", ",\"serial\":9007199254740993"),
                        "--org",
                        "RawMaterialOrg",
                        "record",
                        "--device",
                        "sensor-0",
                        "-");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("number 9007199254740993 at fields.serial"), r.err());
        assertTrue(r.err().contains("would make it 9007199254740992"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(before, rawMaterialStoreCount());
        assertEquals(1, cli(null, "--org", "RawMaterialOrg", "exists", "BIG-1").exit());
        assertTrue(
                cli(null, "--org", "RawMaterialOrg", "record", "--retry-pending")
                        .out()
                        .contains("no pending records"));
    }

    private void awaitAnchored(final String tid) throws InterruptedException {
        for (int i = 0; i < 90; i++) {
            if (cli(null, "--org", "LogisticsOrg", "exists", tid).exit() == 0) {
                return;
            }
            Thread.sleep(2000);
        }
        throw new AssertionError(tid + " was not anchored on master within 180 s");
    }

    private List<String> rawMaterialStatuses(final String tid) throws Exception {
        try (OffchainStore store =
                OffchainStore.open(
                        OffchainStore.defaultUrl(net.scripts.stateDir(), "RawMaterialOrg"))) {
            return store.findByTid(tid).stream().map(row -> row.status().name()).toList();
        }
    }

    @Test
    @Order(8)
    void batchOfAThousandRecordsIsRecordedAndAnchored() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            lines.append(record(String.format("BATCH-%04d", i), "RAW_MATERIAL", "")).append('\n');
        }
        Path file = net.scripts.stateDir().resolve("batch-1000.jsonl");
        Files.writeString(file, lines);
        Run r =
                cli(
                        null,
                        "--org",
                        "RawMaterialOrg",
                        "record",
                        "--batch",
                        "--device",
                        "sensor-0",
                        "--concurrency",
                        "16",
                        "--wait-anchored",
                        "--timeout",
                        "600",
                        file.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("recorded 1000 of 1000 records"), r.out());
        assertTrue(r.out().contains("all 1000 records anchored on master"), r.out());
        System.out.println(
                "BATCH FIGURES: " + r.out().lines().filter(l -> l.contains("records/s")).toList());
        assertEquals(0, cli(null, "--org", "ProcessingOrg", "exists", "BATCH-0999").exit());
        // 50 records per RecordBatch transaction (the default): each keeps its own id, proof and
        // off-chain row
        String id;
        try (OffchainStore store =
                OffchainStore.open(
                        OffchainStore.defaultUrl(net.scripts.stateDir(), "RawMaterialOrg"))) {
            id = store.findByTid("BATCH-0500").get(0).txId();
        }
        assertTrue(id.matches("[0-9a-f]{64}#[0-9]+"), id);
        Run v = cli(null, "--org", "RawMaterialOrg", "verify", "BATCH-0500");
        assertEquals(0, v.exit(), v.all());
        assertTrue(v.out().contains(id), v.out());
    }

    // --- identities from Fabric CA (CRYPTO=ca, the default) -------------------------------------

    private Path secretFile(final String id) throws Exception {
        Path f = net.scripts.stateDir().resolve("secret-" + id);
        Files.deleteIfExists(f);
        return f;
    }

    @Test
    @Order(9)
    void aRevokedUserIsRefusedByThePeerOnceTheCrlIsOnTheChannelsAndOthersKeepWorking()
            throws Exception {
        String raw = "RawMaterialOrg";
        Path secret = secretFile("carol");
        Run reg =
                cli(
                        null,
                        "--org",
                        raw,
                        "identity",
                        "register",
                        "carol",
                        "--secret-file",
                        secret.toString());
        assertEquals(0, reg.exit(), reg.all());
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(secret)));
        Run enrolled =
                cli(
                        null,
                        "--org",
                        raw,
                        "identity",
                        "enroll",
                        "carol",
                        "--secret-file",
                        secret.toString());
        assertEquals(0, enrolled.exit(), enrolled.all());
        // the secret enrolls once only
        Run again =
                cli(
                        null,
                        "--org",
                        raw,
                        "identity",
                        "enroll",
                        "carol2",
                        "--secret-file",
                        secret.toString());
        assertNotEquals(0, again.exit(), again.all());
        Path key =
                net.scripts
                        .stateDir()
                        .resolve("wallets")
                        .resolve(raw)
                        .resolve("carol")
                        .resolve("key.pem");
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(key)));
        Run list = cli(null, "--org", raw, "identity", "list");
        assertEquals(0, list.exit(), list.all());
        assertTrue(
                list.out().lines().anyMatch(l -> l.startsWith("carol ") && l.endsWith("yes")),
                list.out());

        Run before =
                cli(
                        record("CRL-1", "RAW_MATERIAL", ""),
                        "--org",
                        raw,
                        "--identity",
                        "carol",
                        "record",
                        "--device",
                        "sensor-0",
                        "-");
        assertEquals(0, before.exit(), before.all());

        long start = System.nanoTime();
        Run revoke = cli(null, "--org", raw, "identity", "revoke", "carol");
        assertEquals(0, revoke.exit(), revoke.all());
        long revoked = System.nanoTime();
        String update = net.scripts.runOk("update-crl.sh", raw).output();
        long pushed = System.nanoTime();
        assertTrue(update.contains("updating the CRL of RawMaterialOrgMSP on 'master'"), update);
        assertTrue(
                update.contains("updating the CRL of RawMaterialOrgMSP on 'raw-material'"), update);
        System.out.printf(
                "REVOCATION FIGURES: revoke at the CA %d ms, CRL on both channels %d ms%n",
                (revoked - start) / 1_000_000, (pushed - revoked) / 1_000_000);
        // a second push changes nothing
        assertTrue(
                net.scripts.runOk("update-crl.sh", raw).output().contains("already has this CRL"));

        Run refused =
                cli(
                        record("CRL-2", "RAW_MATERIAL", ""),
                        "--org",
                        raw,
                        "--identity",
                        "carol",
                        "record",
                        "--device",
                        "sensor-0",
                        "-");
        assertEquals(1, refused.exit(), refused.all());
        assertTrue(refused.err().contains("access denied"), refused.all());
        Run other =
                cli(
                        record("CRL-3", "RAW_MATERIAL", ""),
                        "--org",
                        raw,
                        "--identity",
                        "user2",
                        "record",
                        "--device",
                        "sensor-0",
                        "-");
        assertEquals(0, other.exit(), other.all());
        // on master too: carol cannot even read
        Run read = cli(null, "--org", raw, "--identity", "carol", "exists", "CRL-1");
        assertNotEquals(0, read.exit(), read.all());
    }

    @Test
    @Order(10)
    void aDeviceRevokedAtTheCaIsRefusedOnItsSlaveChannelAndReportedToMaster() throws Exception {
        String raw = "RawMaterialOrg";
        assertEquals(0, cli(null, "--org", raw, "device", "keygen", "lost-sensor").exit());
        assertEquals(0, cli(null, "--org", raw, "device", "register", "lost-sensor").exit());
        Run ok =
                cli(
                        record("LOST-1", "RAW_MATERIAL", ""),
                        "--org",
                        raw,
                        "record",
                        "--device",
                        "lost-sensor",
                        "-");
        assertEquals(0, ok.exit(), ok.all());
        Run revoke = cli(null, "--org", raw, "identity", "revoke", "lost-sensor");
        assertEquals(0, revoke.exit(), revoke.all());
        assertTrue(
                revoke.out().contains("device lost-sensor revoked on raw-material"), revoke.out());
        assertTrue(revoke.out().contains("revocation reported to master"), revoke.out());
        Run next =
                cli(
                        record("LOST-2", "RAW_MATERIAL", ""),
                        "--org",
                        raw,
                        "record",
                        "--device",
                        "lost-sensor",
                        "-");
        assertEquals(1, next.exit(), next.all());
        assertTrue(next.err().contains("DEVICE_REVOKED"), next.all());
        try (var session = org.tmsct.gateway.FabricSession.connect(net.org(raw), "user1")) {
            String onMaster =
                    new String(
                            session.masterContract()
                                    .evaluateTransaction(
                                            "GetDeviceRevocation",
                                            "RawMaterialOrgMSP",
                                            "lost-sensor"),
                            StandardCharsets.UTF_8);
            assertTrue(onMaster.contains("revokedAt"), onMaster);
        }
    }

    @Test
    @Order(11)
    void aCertificateFromAnotherOrganisationsCaCannotRegisterADeviceOrActForTheOrganisation()
            throws Exception {
        // LogisticsOrg's CA issued this device certificate: RawMaterialOrg's channel refuses it
        assertEquals(
                0, cli(null, "--org", "LogisticsOrg", "device", "keygen", "foreign-sensor").exit());
        Path foreign =
                net.scripts.stateDir().resolve("devices/LogisticsOrg/foreign-sensor/cert.pem");
        Run reg =
                cli(
                        null,
                        "--org",
                        "RawMaterialOrg",
                        "device",
                        "register",
                        "foreign-sensor",
                        "--cert",
                        foreign.toString());
        assertEquals(1, reg.exit(), reg.all());
        assertTrue(reg.err().contains("DEVICE_CERT_UNTRUSTED"), reg.all());
        assertTrue(reg.err().contains("was not issued by the organisation's device CA"), reg.all());
        // LogisticsOrg's relay certificate, put into RawMaterialOrg's wallet, is no identity of
        // RawMaterialOrgMSP: its peer refuses whatever it signs
        var relay = net.org("LogisticsOrg").identity("relay");
        Path wallet = net.scripts.stateDir().resolve("wallets/RawMaterialOrg/borrowed-relay");
        Files.createDirectories(wallet);
        Files.copy(
                Path.of(relay.certificate()),
                wallet.resolve("cert.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
                Path.of(relay.privateKey()),
                wallet.resolve("key.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Run ping = cli(null, "--org", "RawMaterialOrg", "--identity", "borrowed-relay", "ping");
        assertNotEquals(0, ping.exit(), ping.all());
        assertTrue(ping.all().contains("access denied"), ping.all());
    }

    @Test
    @Order(13)
    void theRelayTakesUpARenewedCertificateWithoutStopping() throws Exception {
        String raw = "RawMaterialOrg";
        long relayPid = net.scripts.pids().get("relay-" + raw);
        Path cert = Path.of(net.org(raw).identity("relay").certificate());
        String before = Files.readString(cert);
        Run renew = cli(null, "--org", raw, "identity", "renew", "relay");
        assertEquals(0, renew.exit(), renew.all());
        assertNotEquals(before, Files.readString(cert));
        // the relay notices within its --renewal-check period (5 s) and switches gateways
        Path log = net.scripts.stateDir().resolve("logs").resolve("relay-" + raw + ".log");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!Files.readString(log).contains("identity-renewed")
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertTrue(Files.readString(log).contains("identity-renewed"), "the relay never switched");
        assertEquals(relayPid, net.scripts.pids().get("relay-" + raw), "the relay restarted");
        // and anchors under the new certificate
        Run r =
                cli(
                        record("RENEWED-1", "RAW_MATERIAL", ""),
                        "--org",
                        raw,
                        "record",
                        "--device",
                        "sensor-0",
                        "--wait-anchored",
                        "-");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("anchored on master in transaction"), r.all());
    }

    @Test
    @Order(12)
    void noCaPrivateKeyIsInTheStateTheClientReadsAndCaSecretsAreTheOwnersOnly() throws Exception {
        Path state = net.scripts.stateDir();
        // the connection files name no CA key on a Fabric CA network
        for (String org : ORGS) {
            String conn =
                    Files.readString(state.resolve("orgs").resolve(org).resolve("connection.json"));
            assertTrue(
                    !conn.contains("caKey")
                            && !java.util.regex.Pattern.compile("/(ca|tlsca)/[^\"]*_sk\"")
                                    .matcher(conn)
                                    .find()
                            && conn.contains("\"ca\": {"),
                    conn);
        }
        // the only private keys of the CAs are under state/ca, mode 0700 directories
        try (var files = Files.walk(state.resolve("crypto"))) {
            List<Path> caKeys =
                    files.filter(
                                    p ->
                                            p.toString().contains("/ca/")
                                                    || p.toString().contains("/tlsca/"))
                            .filter(p -> p.getFileName().toString().endsWith("_sk"))
                            .toList();
            assertTrue(caKeys.isEmpty(), "CA keys in the crypto directory: " + caKeys);
        }
        for (String org : List.of("OrdererOrg", "RawMaterialOrg", "DistributorOrg")) {
            Path dir = state.resolve("ca").resolve(org);
            assertEquals(
                    "rwx------",
                    java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(dir)));
            assertEquals(
                    "rw-------",
                    java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(dir.resolve("bootstrap-secret"))));
        }
    }

    /** One record of {@code org}'s stage with extra shared fields, waited for on master. */
    private Run recordLot(final int org, final String tid, final String fields) {
        return cli.recordAnchored(
                ORGS[org],
                org,
                "{\"tid\":\""
                        + tid
                        + "\",\"stage\":\""
                        + STAGES[org]
                        + "\",\"fields\":{\"batch\":\"B-"
                        + tid
                        + "\""
                        + fields
                        + "}}");
    }

    private static List<String> lotsOf(final JsonObject walk) {
        return walk.getAsJsonArray("lots").asList().stream()
                .map(e -> e.getAsJsonObject().get("tid").getAsString())
                .sorted()
                .toList();
    }

    @Test
    @Order(14)
    void aFrameIsTracedBackToBothLotsAndARecallFindsExactlyWhatWasMadeFromALot() {
        for (String lot : List.of("GEN-AL-1", "GEN-AL-2")) {
            assertEquals(0, recordLot(0, lot, "").exit());
            assertEquals(0, recordLot(1, lot, "").exit());
        }
        Run both = recordLot(2, "GEN-FR-12", ",\"inputs\":[\"GEN-AL-1\",\"GEN-AL-2\"]");
        assertEquals(0, both.exit(), both.all());
        assertEquals(0, recordLot(2, "GEN-FR-2", ",\"inputs\":[\"GEN-AL-2\"]").exit());
        Run pallet = recordLot(3, "GEN-PAL-1", ",\"children\":[\"GEN-FR-12\",\"GEN-FR-2\"]");
        assertEquals(0, pallet.exit(), pallet.all());

        Run up = cli(null, "--org", "DistributorOrg", "trace", "GEN-FR-12", "--upstream", "--json");
        assertEquals(0, up.exit(), up.all());
        JsonObject trace = JsonParser.parseString(up.out()).getAsJsonObject();
        assertEquals(List.of("GEN-AL-1", "GEN-AL-2"), lotsOf(trace.getAsJsonObject("upstream")));
        Run palletUp = cli(null, "--org", "LogisticsOrg", "trace", "GEN-PAL-1", "--upstream");
        assertEquals(0, palletUp.exit(), palletUp.all());
        for (String lot : List.of("GEN-FR-12", "GEN-FR-2", "GEN-AL-1", "GEN-AL-2")) {
            assertTrue(palletUp.out().contains(lot), palletUp.out());
        }

        Run recall =
                cli(
                        null,
                        "--org",
                        "RawMaterialOrg",
                        "recall",
                        "GEN-AL-1",
                        "--bloom-every-lot",
                        "--json");
        assertEquals(0, recall.exit(), recall.all());
        JsonObject down = JsonParser.parseString(recall.out()).getAsJsonObject();
        assertEquals(List.of("GEN-FR-12", "GEN-PAL-1"), lotsOf(down));
        JsonObject check = down.getAsJsonObject("existenceCheck");
        assertTrue(check.get("skippedByFilter").getAsLong() > 0, check.toString());
        Run recall2 =
                cli(
                        null,
                        "--org",
                        "RawMaterialOrg",
                        "recall",
                        "GEN-AL-2",
                        "--page-size",
                        "1",
                        "--json");
        assertEquals(
                List.of("GEN-FR-12", "GEN-FR-2", "GEN-PAL-1"),
                lotsOf(JsonParser.parseString(recall2.out()).getAsJsonObject()),
                recall2.all());

        Run verify = cli(null, "--org", "ProcessingOrg", "verify", "GEN-FR-12", "--upstream");
        assertEquals(0, verify.exit(), verify.all());
        assertTrue(verify.out().contains("3 lots verified"), verify.out());
    }

    @Test
    @Order(15)
    void aRecallMarkShowsDownstreamOnlyAndClearingItKeepsTheHistory() {
        Run notOwner =
                cli(
                        null,
                        "--org",
                        "ProcessingOrg",
                        "recall",
                        "GEN-AL-1",
                        "--mark",
                        "--reason",
                        "x");
        assertEquals(1, notOwner.exit(), notOwner.all());
        assertTrue(notOwner.err().contains("NOT_LOT_OWNER"), notOwner.all());
        Run noReason = cli(null, "--org", "RawMaterialOrg", "recall", "GEN-AL-1", "--mark");
        assertEquals(2, noReason.exit(), noReason.all());

        Run mark =
                cli(
                        null,
                        "--org",
                        "RawMaterialOrg",
                        "recall",
                        "GEN-AL-1",
                        "--mark",
                        "--reason",
                        "cracked tubes");
        assertEquals(0, mark.exit(), mark.all());
        Run pallet = cli(null, "--org", "DistributorOrg", "trace", "GEN-PAL-1");
        assertTrue(pallet.out().contains("RECALLED: lot GEN-AL-1"), pallet.out());
        assertTrue(pallet.out().contains("cracked tubes"), pallet.out());
        Run other = cli(null, "--org", "DistributorOrg", "trace", "GEN-FR-2");
        assertTrue(!other.out().contains("RECALLED"), other.out());

        Run clear =
                cli(
                        null,
                        "--org",
                        "LogisticsOrg",
                        "recall",
                        "GEN-AL-1",
                        "--clear",
                        "--reason",
                        "false alarm");
        assertEquals(0, clear.exit(), clear.all());
        assertTrue(
                !cli(null, "--org", "DistributorOrg", "trace", "GEN-PAL-1")
                        .out()
                        .contains("RECALLED"));
        Run history = cli(null, "--org", "DistributorOrg", "recall", "GEN-AL-1", "--history");
        assertTrue(
                history.out().contains("cracked tubes") && history.out().contains("false alarm"),
                history.out());
    }

    @Test
    @Order(16)
    void aRecordNamingAnUnknownInputOrClosingACycleIsRejectedAlone() {
        Run unknown = recordLot(0, "GEN-X-1", ",\"inputs\":[\"GEN-NEVER-SEEN\"]");
        assertEquals(1, unknown.exit(), unknown.all());
        assertTrue(unknown.all().contains("UNKNOWN_INPUT"), unknown.all());
        Run cycle = recordLot(0, "GEN-AL-1", ",\"inputs\":[\"GEN-PAL-1\"]");
        assertEquals(1, cycle.exit(), cycle.all());
        assertTrue(cycle.all().contains("GENEALOGY_CYCLE"), cycle.all());
        Run malformed = recordLot(0, "GEN-X-2", ",\"inputs\":\"GEN-AL-1\"");
        assertTrue(malformed.exit() != 0, malformed.all());
        assertTrue(malformed.all().contains("array of trace codes"), malformed.all());
        // the rest carries on: the genealogy is as before
        Run recall = cli(null, "--org", "RawMaterialOrg", "recall", "GEN-AL-1", "--json");
        assertEquals(
                List.of("GEN-FR-12", "GEN-PAL-1"),
                lotsOf(JsonParser.parseString(recall.out()).getAsJsonObject()));
    }

    // --- EPCIS 2.0
    // --------------------------------------------------------------------------------

    /** GS1's EPCIS 2.0 reference files beside the repository (test data, never copied in). */
    private static Path epcisDir() {
        Path dir =
                Path.of(System.getProperty("tmsct.repo", ".."))
                        .toAbsolutePath()
                        .resolve("../shared/epcis")
                        .normalize();
        assertTrue(Files.isDirectory(dir.resolve("examples")), "no EPCIS examples at " + dir);
        return dir;
    }

    private static JsonObject epcisDoc(final List<JsonObject> events) {
        JsonObject doc = new JsonObject();
        com.google.gson.JsonArray context = new com.google.gson.JsonArray();
        context.add("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
        doc.add("@context", context);
        doc.addProperty("type", "EPCISDocument");
        doc.addProperty("schemaVersion", "2.0");
        doc.addProperty("creationDate", "2026-12-02T10:00:00.000Z");
        JsonObject body = new JsonObject();
        com.google.gson.JsonArray list = new com.google.gson.JsonArray();
        events.forEach(list::add);
        body.add("eventList", list);
        doc.add("epcisBody", body);
        return doc;
    }

    /** An ObjectEvent of {@code step} over identifiers (classes go into quantityList). */
    private static JsonObject objectEvent(
            final String step, final String action, final List<String> ids, final int minute) {
        JsonObject e = new JsonObject();
        e.addProperty("type", "ObjectEvent");
        e.addProperty("eventTime", String.format("2026-12-01T08:%02d:00.000Z", minute));
        e.addProperty("eventTimeZoneOffset", "+00:00");
        com.google.gson.JsonArray epcs = new com.google.gson.JsonArray();
        com.google.gson.JsonArray classes = new com.google.gson.JsonArray();
        for (String id : ids) {
            if (id.contains(":class:") || id.contains(":idpat:") || id.contains("/10/")) {
                JsonObject q = new JsonObject();
                q.addProperty("epcClass", id);
                classes.add(q);
            } else {
                epcs.add(id);
            }
        }
        e.add("epcList", epcs);
        if (!classes.isEmpty()) {
            e.add("quantityList", classes);
        }
        e.addProperty("action", action);
        e.addProperty("bizStep", step);
        return e;
    }

    /** Every identifier a document names, as written. */
    private static List<String> identifiers(final JsonObject doc) {
        List<String> out = new ArrayList<>();
        for (JsonElement el : doc.getAsJsonObject("epcisBody").getAsJsonArray("eventList")) {
            JsonObject e = el.getAsJsonObject();
            for (String list : List.of("epcList", "childEPCs", "inputEPCList")) {
                if (e.has(list)) {
                    e.getAsJsonArray(list).forEach(x -> out.add(x.getAsString()));
                }
            }
            for (String list : List.of("quantityList", "childQuantityList", "inputQuantityList")) {
                if (e.has(list)) {
                    e.getAsJsonArray(list)
                            .forEach(
                                    x ->
                                            out.add(
                                                    x.getAsJsonObject()
                                                            .get("epcClass")
                                                            .getAsString()));
                }
            }
        }
        return out.stream().distinct().toList();
    }

    private Run capture(final int org, final Path file) {
        return capture(org, file, true);
    }

    /** Captures a document as {@code org}'s device, checked against GS1's schema or not. */
    private Run capture(final int org, final Path file, final boolean schema) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--org",
                                ORGS[org],
                                "epcis",
                                "capture",
                                file.toString(),
                                "--device",
                                "sensor-" + org));
        if (schema) {
            args.addAll(
                    List.of("--schema", epcisDir().resolve("EPCIS-JSON-Schema.json").toString()));
        }
        return cli(null, args.toArray(String[]::new));
    }

    private Path write(final String name, final JsonObject doc) throws Exception {
        Path file = net.scripts.stateDir().resolve("epcis-" + name + ".jsonld");
        Files.writeString(file, doc.toString());
        return file;
    }

    @Test
    @Order(17)
    void everyExampleThatMapsOntoTheProcessIsCapturedAndTheOthersAreRefused() throws Exception {
        Map<String, Integer> stageOrg =
                Map.of("commissioning", 0, "shipping", 1, "receiving", 1, "inspecting", 2);
        List<String> captured = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        try (var files = Files.list(epcisDir().resolve("examples"))) {
            for (Path example : files.sorted().toList()) {
                JsonObject doc =
                        JsonParser.parseString(Files.readString(example)).getAsJsonObject();
                JsonObject first =
                        doc.getAsJsonObject("epcisBody")
                                .getAsJsonArray("eventList")
                                .get(0)
                                .getAsJsonObject();
                String step = first.get("bizStep").getAsString();
                List<String> ids = identifiers(doc);
                String name = example.getFileName().toString();
                if (ids.isEmpty()) {
                    // names no object: nothing to trace, so it cannot become a record
                    Run r = capture(stageOrg.get(step), example);
                    assertEquals(1, r.exit(), r.all());
                    assertTrue(r.err().contains("$.epcisBody.eventList[0]"), r.all());
                    refused.add(name);
                    continue;
                }
                // the objects' earlier stages first: commissioned, and shipped before processing
                Run c =
                        capture(
                                0,
                                write(
                                        "pre-" + name,
                                        epcisDoc(
                                                List.of(
                                                        objectEvent(
                                                                "commissioning", "ADD", ids, 1)))));
                assertEquals(0, c.exit(), c.all());
                if (stageOrg.get(step) >= 2) {
                    Run s =
                            capture(
                                    1,
                                    write(
                                            "ship-" + name,
                                            epcisDoc(
                                                    List.of(
                                                            objectEvent(
                                                                    "shipping",
                                                                    "OBSERVE",
                                                                    ids,
                                                                    2)))));
                    assertEquals(0, s.exit(), s.all());
                }
                Run r = capture(stageOrg.get(step), example);
                assertEquals(0, r.exit(), name + ": " + r.all());
                assertTrue(r.out().contains("captured from"), r.all());
                captured.add(name);
            }
        }
        assertTrue(captured.size() >= 9, "captured " + captured + ", refused " + refused);
    }

    @Test
    @Order(18)
    void anExportValidatesAgainstTheSchemaAndItsCaptureIsAlreadyRecorded() throws Exception {
        // shipped and received in Example 9.6.1; a trace code is an identifier's GS1 Digital Link
        String tid =
                org.tmsct.core.epcis.EpcisIdentifiers.traceCode(
                        "urn:epc:id:sgtin:0614141.107346.2018");
        Path out = net.scripts.stateDir().resolve("epcis-export.jsonld");
        Run export =
                cli(null, "--org", "LogisticsOrg", "epcis", "export", tid, "-o", out.toString());
        assertEquals(0, export.exit(), export.all());
        List<String> violations =
                org.tmsct.core.epcis.EpcisSchema.load(epcisDir().resolve("EPCIS-JSON-Schema.json"))
                        .validate(Files.readString(out))
                        .stream()
                        .map(Object::toString)
                        .toList();
        assertEquals(List.of(), violations);
        JsonObject doc = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        assertTrue(
                doc.getAsJsonObject("epcisBody").getAsJsonArray("eventList").size() >= 2,
                doc.toString());
        long before = storeCount("LogisticsOrg");
        Run again = capture(1, out);
        assertEquals(0, again.exit(), again.all());
        assertTrue(again.out().contains("0 records captured"), again.all());
        assertTrue(again.out().contains("already recorded"), again.all());
        assertEquals(before, storeCount("LogisticsOrg"));
        // the genealogy exported upstream, as another organisation sees it
        Run up = cli(null, "--org", "DistributorOrg", "epcis", "export", "GEN-PAL-1", "--upstream");
        assertEquals(0, up.exit(), up.all());
        assertTrue(up.out().contains("GEN-AL-1") && up.out().contains("GEN-FR-2"), up.out());
    }

    @Test
    @Order(19)
    void aManipulatedDocumentIsRefusedWithItsJsonPathAndWritesNothing() throws Exception {
        JsonObject good =
                epcisDoc(
                        List.of(
                                objectEvent(
                                        "commissioning",
                                        "ADD",
                                        List.of("urn:epc:id:sgtin:4012345.011111.900"),
                                        5),
                                objectEvent(
                                        "commissioning",
                                        "ADD",
                                        List.of("urn:epc:id:sgtin:4012345.011111.901"),
                                        6)));
        JsonObject noTime = good.deepCopy();
        event(noTime, 1).remove("eventTime");
        JsonObject wrongType = good.deepCopy();
        event(wrongType, 1).addProperty("epcList", "urn:epc:id:sgtin:4012345.011111.901");
        JsonObject unknownInput = good.deepCopy();
        JsonObject t = new JsonObject();
        t.addProperty("type", "TransformationEvent");
        t.addProperty("eventTime", "2026-12-01T09:00:00.000Z");
        t.addProperty("eventTimeZoneOffset", "+00:00");
        com.google.gson.JsonArray in = new com.google.gson.JsonArray();
        in.add("urn:epc:id:sgtin:4012345.011111.900");
        in.add("urn:epc:id:sgtin:4012345.099999.1");
        t.add("inputEPCList", in);
        com.google.gson.JsonArray outList = new com.google.gson.JsonArray();
        outList.add("urn:epc:id:sgtin:4012345.022222.1");
        t.add("outputEPCList", outList);
        t.addProperty("bizStep", "commissioning");
        unknownInput.getAsJsonObject("epcisBody").getAsJsonArray("eventList").add(t);

        long before = rawMaterialStoreCount();
        Map<String, JsonObject> bad =
                Map.of(
                        "$.epcisBody.eventList[1]", noTime,
                        "$.epcisBody.eventList[1].epcList", wrongType,
                        "$.epcisBody.eventList[2].inputEPCList[1]", unknownInput);
        for (Map.Entry<String, JsonObject> b : bad.entrySet()) {
            Path file = write("bad-" + Math.abs(b.getKey().hashCode()), b.getValue());
            for (boolean schema : new boolean[] {true, false}) { // GS1's schema, then our reader
                Run r = capture(0, file, schema);
                assertEquals(1, r.exit(), r.all());
                assertTrue(r.err().contains(b.getKey()), b.getKey() + ": " + r.all());
                assertTrue(r.err().contains("nothing recorded"), r.all());
            }
        }
        assertEquals(before, rawMaterialStoreCount());
        String first =
                org.tmsct.core.epcis.EpcisIdentifiers.traceCode(
                        "urn:epc:id:sgtin:4012345.011111.900");
        assertEquals(1, cli(null, "--org", "RawMaterialOrg", "exists", first).exit());
        // the good document itself is captured, so the trace code above was the right one to ask
        Run ok = capture(0, write("good", good));
        assertEquals(0, ok.exit(), ok.all());
        assertEquals(0, cli(null, "--org", "RawMaterialOrg", "exists", first).exit());
    }

    private static JsonObject event(final JsonObject doc, final int i) {
        return doc.getAsJsonObject("epcisBody")
                .getAsJsonArray("eventList")
                .get(i)
                .getAsJsonObject();
    }

    private long rawMaterialStoreCount() throws Exception {
        return storeCount("RawMaterialOrg");
    }

    private long storeCount(final String org) throws Exception {
        try (OffchainStore store =
                OffchainStore.open(OffchainStore.defaultUrl(net.scripts.stateDir(), org))) {
            return store.count();
        }
    }
}
