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
import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.hyperledger.fabric.client.identity.Identities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.tmsct.core.login.LoginSigner;
import org.tmsct.core.protocol.EventNames;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.gateway.ca.OrgCa;
import org.tmsct.gateway.config.OrgConnection;
import org.tmsct.network.CliRunner.Run;

/**
 * The trace server of RawMaterialOrg on a real network: its REST API (errors, access control, proof
 * bundles checked by `tmsct verify --bundle`, the event stream resumed from a checkpoint) and its
 * pages in Debian's headless Chromium driven by Selenium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TraceServerNetworkTest {

    private static final String TID = "BIKE-WEB-0001";
    private static final String RAW = "RawMaterialOrg";

    /** Raw-only values, one per organisation: not key fields, so they must never leave it. */
    private static final String SECRET = "raw-only-" + UUID.randomUUID();

    private final TestNetwork net = new TestNetwork("web", 23000, "raft");
    private final CliRunner cli = new CliRunner(net.scripts.stateDir());
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** RawMaterialOrg's trace server: BASE_PORT + 60 + its index (network/topology.sh). */
    private final String base = "http://127.0.0.1:" + (23000 + 60 + 1);

    private ChromeDriver browser;

    @BeforeAll
    void bringUp() throws Exception {
        net.startFromScratch();
        cli.registerSensors(ORGS);
        for (int i = 0; i < ORGS.length; i++) {
            recordStage(TID, i);
        }
        net.scripts.runOk("trace-servers.sh", "start", RAW);
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        net.close();
    }

    private void recordStage(final String tid, final int org) {
        String record =
                "{\"tid\":\""
                        + tid
                        + "\",\"stage\":\""
                        + STAGES[org]
                        + "\",\"fields\":{\"batch\":\"B-"
                        + tid
                        + "\",\"product\":\"bike frame\",\"quantity\":40,\"location\":\"site of "
                        + STAGES[org]
                        + "\",\"temperature\":21,\"privateNote\":\""
                        + SECRET
                        + "-"
                        + ORGS[org]
                        + "\"}}";
        Run r = cli.recordAnchored(ORGS[org], org, record);
        assertEquals(0, r.exit(), r.all());
    }

    // --- HTTP helpers ----------------------------------------------------------------------------

    private HttpResponse<String> get(final String path, final String... headers) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(final String path, final String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(final HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static void assertError(
            final HttpResponse<String> r, final int status, final String code) {
        assertEquals(status, r.statusCode(), r.uri() + " -> " + r.body());
        assertEquals(code, json(r).get("error").getAsString(), r.body());
        assertTrue(json(r).get("message").getAsString().length() > 3, r.body());
    }

    /** A login body signed with an identity's own key, for this server. */
    private String loginAs(final String org, final String identity) throws Exception {
        OrgConnection.IdentityFiles files = net.org(org).identity(identity);
        return login(
                Files.readString(Path.of(files.certificate())),
                readKey(Path.of(files.privateKey())));
    }

    private String login(final String certPem, final PrivateKey key) {
        return LoginSigner.loginBody(key, certPem, base, Instant.now(), new SecureRandom());
    }

    private static PrivateKey readKey(final Path pem) throws Exception {
        try (var reader = Files.newBufferedReader(pem)) {
            return Identities.readPrivateKey(reader);
        }
    }

    /** Logs in over the API and answers the session token. */
    private String session(final String org, final String identity) throws Exception {
        HttpResponse<String> r = post("/api/session", loginAs(org, identity));
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("token").getAsString();
    }

    private long masterHeight() throws Exception {
        return net.session(RAW, "user1").height("master");
    }

    // --- the API ---------------------------------------------------------------------------------

    @Test
    @Order(1)
    void theApiAnswersTraceExistsAndAProofBundleTheCliChecksOfflineAndAgainstMaster()
            throws Exception {
        HttpResponse<String> trace = get("/api/trace/" + TID);
        assertEquals(200, trace.statusCode(), trace.body());
        assertEquals(4, json(trace).getAsJsonArray("entries").size(), trace.body());
        assertEquals("CLEAR", json(trace).getAsJsonObject("recall").get("status").getAsString());

        HttpResponse<String> exists = get("/api/exists/" + TID);
        assertEquals(200, exists.statusCode(), exists.body());
        assertTrue(json(exists).get("exists").getAsBoolean(), exists.body());

        HttpResponse<String> bundle = get("/api/verify/" + TID);
        assertEquals(200, bundle.statusCode(), bundle.body());
        assertTrue(
                bundle.headers()
                        .firstValue("Content-Disposition")
                        .orElse("")
                        .contains("attachment"));
        Path file = Files.createTempFile("proof-bundle", ".json");
        Files.writeString(file, bundle.body());
        Run offline = cli.run(null, "verify", "--bundle", file.toString());
        assertEquals(0, offline.exit(), offline.all());
        assertEquals(4, offline.out().lines().filter(l -> l.startsWith("VERIFIED")).count());
        Run online =
                cli.run(
                        null,
                        "--org",
                        "DistributorOrg",
                        "verify",
                        "--bundle",
                        file.toString(),
                        "--against-network");
        assertEquals(0, online.exit(), online.all());

        // one changed key-data value: that entry no longer reaches its anchored root
        JsonObject tampered = json(bundle);
        JsonObject first = tampered.getAsJsonArray("entries").get(0).getAsJsonObject();
        first.getAsJsonObject("keyData").addProperty("quantity", 41);
        Files.writeString(file, tampered.toString());
        Run bad = cli.run(null, "verify", "--bundle", file.toString());
        assertEquals(1, bad.exit(), bad.all());
        assertTrue(bad.out().contains("TAMPERED"), bad.all());

        HttpResponse<String> openapi = get("/openapi");
        assertEquals(200, openapi.statusCode());
        JsonObject paths = json(openapi).getAsJsonObject("paths");
        for (String p :
                List.of(
                        "/api/trace/{tid}",
                        "/api/exists/{tid}",
                        "/api/verify/{tid}",
                        "/api/events",
                        "/api/session")) {
            assertTrue(paths.has(p), "OpenAPI document lacks " + p + ": " + paths.keySet());
        }
    }

    @Test
    @Order(2)
    void badInputGetsAClearJsonErrorAndWritesNothing() throws Exception {
        long height = masterHeight();
        assertError(get("/api/trace/NO-SUCH-PRODUCT-42"), 404, "UNKNOWN_TID");
        assertError(get("/api/trace/" + "X".repeat(300)), 400, "BAD_TRACE_CODE");
        assertError(get("/api/trace?code=" + "Y".repeat(129)), 400, "BAD_TRACE_CODE");
        assertError(get("/api/trace/caf%C3%A9"), 400, "BAD_TRACE_CODE");
        assertError(get("/api/trace?code=a%00b"), 400, "BAD_TRACE_CODE");
        assertError(get("/api/trace?code=two%20words"), 400, "BAD_TRACE_CODE");
        assertError(get("/api/trace"), 400, "BAD_TRACE_CODE");
        assertError(
                get("/api/events?after=garbage", "Accept", "text/event-stream"),
                400,
                "BAD_REQUEST");
        assertError(get("/api/events"), 406, "NOT_ACCEPTABLE");
        assertError(post("/api/session", "{\"certificate\": "), 400, "BAD_JSON");
        assertError(post("/api/session", "[1,2,3]"), 400, "BAD_JSON");
        assertError(
                post("/api/session", "{\"certificate\":\"" + "A".repeat(20_000) + "\"}"),
                413,
                "PAYLOAD_TOO_LARGE");
        assertError(get("/api/nothing-here"), 404, "NOT_FOUND");
        for (String traversal :
                List.of(
                        "/assets/..%2F..%2F..%2Fetc%2Fpasswd",
                        "/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                        "/api/trace/..%2F..%2Fetc%2Fpasswd",
                        "/assets/../../../../etc/passwd")) {
            HttpResponse<String> r = get(traversal);
            assertTrue(
                    r.statusCode() >= 400 && r.statusCode() < 500,
                    traversal + " -> " + r.statusCode());
            assertFalse(r.body().contains("root:"), traversal + " leaked a file");
        }
        // a page asked for nonsense answers a page, not a stack trace
        HttpResponse<String> page = get("/trace?code=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertEquals(404, page.statusCode()); // printable ASCII: a trace code nobody anchored
        assertTrue(page.body().contains("&lt;script&gt;"), page.body());
        assertEquals(400, get("/trace?code=two%20words").statusCode());
        assertTrue(page.body().startsWith("<!doctype html>"), page.body());
        assertFalse(page.body().contains("<script>alert"), page.body());
        assertFalse(page.body().contains("Exception"), page.body());

        assertEquals(200, get("/api/trace/" + TID).statusCode(), "the server still answers");
        assertEquals(height, masterHeight(), "nothing was written to master");
    }

    @Test
    @Order(3)
    void eachViewerSeesExactlyWhatTheyShould() throws Exception {
        // the public: master's shared data only
        HttpResponse<String> pub = get("/api/trace/" + TID);
        assertFalse(pub.body().contains(SECRET), "raw data in a public answer: " + pub.body());
        assertFalse(pub.body().contains("\"raw\""), pub.body());
        for (String path :
                List.of("/trace?code=" + TID, "/api/verify/" + TID, "/api/exists/" + TID)) {
            assertFalse(get(path).body().contains(SECRET), "raw data in the public " + path);
        }

        // another organisation's staff: logged in, but the public view
        String logistics = session("LogisticsOrg", "user1");
        HttpResponse<String> other =
                get("/api/trace/" + TID, "Authorization", "Bearer " + logistics);
        assertEquals(200, other.statusCode());
        assertFalse(other.body().contains(SECRET), other.body());
        assertError(
                get("/api/admin/operations", "Authorization", "Bearer " + logistics),
                403,
                "FORBIDDEN");

        // the owner's staff: its own stage's raw record, checked against the chain, and no other's
        String own = session(RAW, "user1");
        HttpResponse<String> mine = get("/api/trace/" + TID, "Authorization", "Bearer " + own);
        assertEquals(200, mine.statusCode());
        assertTrue(mine.body().contains(SECRET + "-" + RAW), mine.body());
        for (int i = 1; i < ORGS.length; i++) {
            assertFalse(mine.body().contains(SECRET + "-" + ORGS[i]), mine.body());
        }
        JsonObject rawEntry = null;
        for (JsonElement e : json(mine).getAsJsonArray("entries")) {
            if (e.getAsJsonObject().has("raw")) {
                assertEquals(null, rawEntry, "exactly one entry is the owner's");
                rawEntry = e.getAsJsonObject();
            }
        }
        assertNotNull(rawEntry);
        assertEquals("RAW_MATERIAL", rawEntry.get("stage").getAsString());
        assertTrue(rawEntry.getAsJsonObject("raw").get("matchesChain").getAsBoolean());
        assertError(
                get("/api/admin/operations", "Authorization", "Bearer " + own), 403, "FORBIDDEN");
        assertError(get("/api/admin/operations"), 401, "UNAUTHENTICATED");
        HttpResponse<String> ops =
                get("/api/admin/operations", "Authorization", "Bearer " + session(RAW, "admin"));
        assertEquals(200, ops.statusCode(), ops.body());
        assertTrue(ops.body().contains("sensor-0"), ops.body());
        assertTrue(json(ops).getAsJsonObject("relay").has("status"), ops.body());

        // a forged certificate: RawMaterialOrg user1's subject on a key no CA certified
        KeyPair forgedKey = DeviceSignature.generateKeyPair();
        String userPem = Files.readString(Path.of(net.org(RAW).identity("user1").certificate()));
        String forged = SelfSigned.copyOf(userPem, forgedKey);
        assertError(
                post("/api/session", login(forged, forgedKey.getPrivate())), 401, "CERT_UNTRUSTED");
        // a real user's certificate, signed by someone else's key
        assertError(
                post("/api/session", login(userPem, forgedKey.getPrivate())), 401, "BAD_SIGNATURE");

        // a certificate outside its validity, from RawMaterialOrg's own CA: Fabric CA sets the end
        // of validity itself (a year), so the test asks for one that starts only tomorrow
        OrgCa ca = OrgCa.of(net.org(RAW));
        String secret = ca.register("admin", "night-shift", OrgCa.Kind.USER, null);
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        OrgCa.Enrolled notYet = ca.enroll("night-shift", secret, tomorrow);
        Instant notBefore =
                Identities.readX509Certificate(notYet.certificatePem()).getNotBefore().toInstant();
        assertTrue(notBefore.isAfter(Instant.now()), "the CA issued it valid now: " + notBefore);
        try (var reader = new java.io.StringReader(notYet.keyPem())) {
            assertError(
                    post(
                            "/api/session",
                            login(notYet.certificatePem(), Identities.readPrivateKey(reader))),
                    401,
                    "CERT_EXPIRED");
        }
        // the same login twice is refused the second time
        String once = loginAs(RAW, "user1");
        assertEquals(200, post("/api/session", once).statusCode());
        assertError(post("/api/session", once), 401, "REPLAYED");
    }

    @Test
    @Order(4)
    void anchoredEventsStreamAndResumeFromTheirCheckpoint() throws Exception {
        long from = masterHeight();
        BlockingQueue<String[]> first = new ArrayBlockingQueue<>(100);
        try (var stream = events("/api/events?from=" + from, null, first)) {
            recordStage("BIKE-WEB-0002", 0);
            String[] event = first.poll(60, TimeUnit.SECONDS);
            assertNotNull(event, "no anchored event within 60 s");
            assertTrue(
                    event[1].contains("\"event\":\"" + EventNames.BLOCK_ANCHORED + "\""), event[1]);
            assertTrue(event[1].contains("raw-material"), event[1]);
            assertTrue(Long.parseLong(event[0].split(":")[0]) >= from, event[0]);
            String checkpoint = event[0];
            stream.close();

            recordStage("BIKE-WEB-0003", 0);
            BlockingQueue<String[]> resumed = new ArrayBlockingQueue<>(100);
            try (var again = events("/api/events", checkpoint, resumed)) {
                String[] next = resumed.poll(60, TimeUnit.SECONDS);
                assertNotNull(next, "no event after resuming from " + checkpoint);
                assertFalse(checkpoint.equals(next[0]), "the checkpoint's own event came again");
                assertTrue(
                        Long.parseLong(next[0].split(":")[0])
                                >= Long.parseLong(checkpoint.split(":")[0]),
                        next[0] + " before " + checkpoint);
                assertTrue(next[1].contains(EventNames.BLOCK_ANCHORED), next[1]);
            }
        }
    }

    /** Reads an SSE stream on a thread: each event as {id, data} into {@code out}. */
    private AutoCloseable events(
            final String path, final String lastEventId, final BlockingQueue<String[]> out)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r =
                http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        InputStream body = r.body();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(body, StandardCharsets.UTF_8))) {
                                String id = null;
                                StringBuilder data = new StringBuilder();
                                for (String line; (line = in.readLine()) != null; ) {
                                    if (line.startsWith("id:")) {
                                        id = line.substring(3).strip();
                                    } else if (line.startsWith("data:")) {
                                        data.append(line.substring(5).strip());
                                    } else if (line.isEmpty() && id != null) {
                                        out.add(new String[] {id, data.toString()});
                                        id = null;
                                        data.setLength(0);
                                    }
                                }
                            } catch (Exception closed) {
                                // the test closed the stream
                            }
                        });
        reader.setDaemon(true);
        reader.start();
        return body::close;
    }

    // --- the page in a real browser --------------------------------------------------------------

    private ChromeDriver browser() {
        if (browser == null) {
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments(
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.PERFORMANCE, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service =
                    new ChromeDriverService.Builder()
                            .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                            .usingAnyFreePort()
                            .build();
            browser = new ChromeDriver(service, options);
            browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        }
        return browser;
    }

    /** Every URL the browser asked for since the last call (its performance log). */
    private List<String> requestedUrls() {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : browser().manage().logs().get(LogType.PERFORMANCE)) {
            JsonObject message =
                    JsonParser.parseString(entry.getMessage())
                            .getAsJsonObject()
                            .getAsJsonObject("message");
            if ("Network.requestWillBeSent".equals(message.get("method").getAsString())) {
                urls.add(
                        message.getAsJsonObject("params")
                                .getAsJsonObject("request")
                                .get("url")
                                .getAsString());
            }
        }
        return urls;
    }

    private void screenshot(final String name) throws Exception {
        browser().executeScript("window.scrollTo(0, 0)");
        Path dir = NetworkScripts.REPO.resolve("test-network/target/screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), browser().getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @Order(5)
    void aConsumerSearchesSeesFourVerifiedStagesOpensAProofAndTheQrCodeDecodesToThePage()
            throws Exception {
        ChromeDriver b = browser();
        requestedUrls();
        b.get(base + "/");
        WebElement box = b.findElement(By.id("code"));
        box.sendKeys(TID);
        box.submit();
        List<WebElement> stages = b.findElements(By.cssSelector("article.stage"));
        assertEquals(4, stages.size(), b.getPageSource());
        List<WebElement> badges = b.findElements(By.cssSelector(".badge-verified"));
        assertEquals(4, badges.size());
        for (WebElement badge : badges) {
            assertEquals("VERIFIED", badge.getText().strip());
        }
        String pageUrl = b.getCurrentUrl();
        assertEquals(
                base + "/trace?code=" + URLEncoder.encode(TID, StandardCharsets.UTF_8), pageUrl);

        // the QR code, read from the pixels the browser drew
        WebElement qr = b.findElement(By.id("qr"));
        var image = ImageIO.read(new ByteArrayInputStream(qr.getScreenshotAs(OutputType.BYTES)));
        String decoded =
                new MultiFormatReader()
                        .decode(
                                new BinaryBitmap(
                                        new HybridBinarizer(
                                                new BufferedImageLuminanceSource(image))))
                        .getText();
        assertEquals(pageUrl, decoded);

        b.manage().window().setSize(new Dimension(1280, 1000));
        screenshot("trace-page-desktop");
        b.manage().window().setSize(new Dimension(390, 844));
        screenshot("trace-page-phone");
        b.manage().window().setSize(new Dimension(1280, 1000));

        badges.get(0).click();
        assertTrue(b.getCurrentUrl().startsWith(base + "/proof?"), b.getCurrentUrl());
        assertTrue(b.findElement(By.id("proof-path")).isDisplayed());
        assertTrue(b.getPageSource().contains("VERIFIED"));

        for (String url : requestedUrls()) {
            assertTrue(
                    url.startsWith(base + "/") || url.startsWith("data:"),
                    "the page asked another host: " + url);
        }
    }

    @Test
    @Order(6)
    void anUnknownCodeGetsAHelpfulPage() throws Exception {
        ChromeDriver b = browser();
        b.get(base + "/trace?code=NO-SUCH-BIKE-7");
        WebElement code = b.findElement(By.id("unknown-code"));
        assertTrue(code.getText().contains("NO-SUCH-BIKE-7"));
        assertTrue(b.findElement(By.id("search")).isDisplayed(), "the page offers a new search");
        assertEquals(404, get("/trace?code=NO-SUCH-BIKE-7").statusCode());
    }

    @Test
    @Order(7)
    void theAdminLogsInWithTheirCertificateAndSeesOperations() throws Exception {
        ChromeDriver b = browser();
        b.get(base + "/login");
        b.findElement(By.name("login")).sendKeys(loginAs(RAW, "admin"));
        b.findElement(By.cssSelector("form#login-form button[type=submit]")).click();
        assertTrue(b.getCurrentUrl().startsWith(base + "/admin"), b.getCurrentUrl());
        assertTrue(b.findElement(By.id("admin-relay")).getText().length() > 0);
        assertTrue(b.findElement(By.id("admin-devices")).getText().contains("sensor-0"));
        assertNotNull(b.findElement(By.id("admin-rejected")));
        screenshot("admin-view");
        // the owner's page now shows its raw data, checked against the chain
        b.get(base + "/trace?code=" + TID);
        assertEquals(1, b.findElements(By.cssSelector(".raw-data")).size());
        assertTrue(b.getPageSource().contains(SECRET + "-" + RAW));
    }

    @Test
    @Order(8)
    void aGs1DigitalLinkPathOpensTheProductsPageAndItsQrCodeNamesThatPath() throws Exception {
        String path = "/01/09506000134352/10/LOT-WEB-7";
        String tid = "https://id.gs1.org" + path; // the canonical trace code EPCIS capture gives
        String record =
                "{\"tid\":\""
                        + tid
                        + "\",\"stage\":\"RAW_MATERIAL\",\"fields\":{\"batch\":\"LOT-WEB-7\","
                        + "\"product\":\"aluminium tube\",\"quantity\":12}}";
        Run r = cli.recordAnchored(RAW, 0, record);
        assertEquals(0, r.exit(), r.all());
        HttpResponse<String> page = get(path);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("LOT-WEB-7"), page.body());
        assertTrue(page.body().contains(base + path), "the QR caption names the Digital Link");
        HttpResponse<String> api =
                get("/api/trace?code=" + URLEncoder.encode(tid, StandardCharsets.UTF_8));
        assertEquals(200, api.statusCode(), api.body());
        assertEquals(1, json(api).getAsJsonArray("entries").size());
        assertEquals(404, get("/01/09506000134352/10/NO-SUCH-LOT").statusCode());
        // a GTIN whose check digit is wrong is no trace code at all
        assertEquals(400, get("/01/09506000134353/10/LOT-WEB-7").statusCode());
    }
}
