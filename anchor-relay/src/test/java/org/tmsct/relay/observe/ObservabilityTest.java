package org.tmsct.relay.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.tmsct.gateway.observe.MetricsServer;

class ObservabilityTest {

    private static final Instant T = Instant.parse("2025-03-01T12:00:00Z");

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = T;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void metricsAreValidPrometheusTextWithEveryNamedSeries() throws Exception {
        ManualClock clock = new ManualClock();
        RelayMetrics m =
                new RelayMetrics(
                        "raw-material",
                        "relay-RawMaterialOrg",
                        clock,
                        new RelayHealth(clock, Duration.ofSeconds(60)));
        m.lag().seen(12, T);
        m.lag().processed(9);
        m.covered(9);
        m.anchorSubmitted(3, 0.8);
        m.recordLatency(1.5);
        m.recordLatency(40);
        m.retry("AnchorBlock");
        m.retry("AnchorBlock");
        m.rejection("AnchorBlock");
        m.conflict("ConfirmAnchor");
        clock.now = T.plusSeconds(5);

        String text;
        try (MetricsServer server = m.serve(new InetSocketAddress("127.0.0.1", 0))) {
            text = get(server, "/metrics").body();
        }

        Pattern sample = Pattern.compile("[a-z_]+\\{[^}]*\\} -?[0-9.E+-]+|# (HELP|TYPE) .*");
        for (String line : text.split("\n")) {
            assertTrue(sample.matcher(line).matches(), "not a Prometheus line: " + line);
        }
        for (String name :
                List.of(
                        "tmsct_relay_info",
                        "tmsct_relay_last_seen_block",
                        "tmsct_relay_last_anchored_block",
                        "tmsct_relay_lag_blocks",
                        "tmsct_relay_lag_seconds",
                        "tmsct_relay_anchors_submitted_total",
                        "tmsct_relay_retries_total",
                        "tmsct_relay_rejections_total",
                        "tmsct_relay_anchor_latency_seconds",
                        "tmsct_relay_healthy")) {
            assertTrue(text.contains("# TYPE " + name + " "), name);
        }
        String ch = "{channel=\"raw-material\"";
        assertEquals(
                1,
                value(
                        text,
                        "tmsct_relay_info{channel=\"raw-material\",relay=\"relay-RawMaterialOrg\"}"),
                text);
        assertEquals(12, value(text, "tmsct_relay_last_seen_block" + ch + "}"), text);
        assertEquals(3, value(text, "tmsct_relay_lag_blocks" + ch + "}"), text);
        assertEquals(5, value(text, "tmsct_relay_lag_seconds" + ch + "}"), text);
        assertEquals(
                2,
                value(text, "tmsct_relay_retries_total" + ch + ",operation=\"AnchorBlock\"}"),
                text);
        assertEquals(3, value(text, "tmsct_relay_records_anchored_total" + ch + "}"), text);
        // cumulative buckets, at the same bounds as before: 1.5 s falls in le=1.5 and above, 40 s
        // in le=60 and above
        for (double bound : RelayMetrics.LATENCY_BOUNDS) {
            double expected = bound < 1.5 ? 0 : bound < 40 ? 1 : 2;
            assertEquals(
                    expected,
                    value(
                            text,
                            "tmsct_relay_anchor_latency_seconds_bucket"
                                    + ch
                                    + ",le=\""
                                    + bound
                                    + "\"}"),
                    text);
        }
        assertEquals(
                2,
                value(text, "tmsct_relay_anchor_latency_seconds_bucket" + ch + ",le=\"+Inf\"}"),
                text);
        assertEquals(41.5, value(text, "tmsct_relay_anchor_latency_seconds_sum" + ch + "}"), text);
        assertEquals(2, value(text, "tmsct_relay_anchor_latency_seconds_count" + ch + "}"), text);
        // the readers (caliper/lib/relay-metrics.js, AnchorRelayNetworkTest) sum these over
        // operations
        assertEquals(1, m.rejections("AnchorBlock"));
        assertEquals(0, m.retries("ConfirmAnchor"));
        assertFalse(
                text.contains("tmsct_relay_retries_total" + ch + ",operation=\"ConfirmAnchor\"}"),
                "reading a count must not create it");
    }

    /** The value of one series (name and labels as exposed), or NaN if it is not there. */
    private static double value(final String text, final String series) {
        return text.lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElse(Double.NaN);
    }

    private static HttpResponse<String> get(final MetricsServer server, final String path)
            throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:"
                                                        + server.address().getPort()
                                                        + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthReportsRetriesThenStallsThenRejections() {
        ManualClock clock = new ManualClock();
        RelayHealth health = new RelayHealth(clock, Duration.ofSeconds(60));
        LagTracker lag = new LagTracker();
        assertEquals(RelayHealth.Status.STARTING, health.snapshot(lag, -1, "x").status());
        assertFalse(health.snapshot(lag, -1, "x").healthy());

        health.following();
        assertTrue(health.snapshot(lag, -1, "x").healthy());

        health.retrying("AnchorBlock", "peer unreachable");
        health.retrying("AnchorBlock", "peer unreachable");
        RelayHealth.Snapshot retrying = health.snapshot(lag, -1, "x");
        assertEquals(RelayHealth.Status.RETRYING, retrying.status());
        assertTrue(retrying.healthy());
        assertEquals(2, retrying.json().get("attempts").getAsInt());

        clock.now = T.plusSeconds(61);
        RelayHealth.Snapshot stalled = health.snapshot(lag, -1, "x");
        assertEquals(RelayHealth.Status.STALLED, stalled.status());
        assertFalse(stalled.healthy());

        health.rejected("AnchorBlock", "slave blocks 3..5", "STAGE_OUT_OF_ORDER");
        RelayHealth.Snapshot rejected = health.snapshot(lag, -1, "x");
        assertEquals("rejected", rejected.json().get("status").getAsString());
        assertEquals(
                "slave blocks 3..5: STAGE_OUT_OF_ORDER",
                rejected.json().get("reason").getAsString());

        // Following the channel again, or another call succeeding, does not hide the refusal...
        health.following();
        health.succeeded("GetAnchorState");
        assertEquals(RelayHealth.Status.REJECTED, health.snapshot(lag, -1, "x").status());
        // ...the refused call succeeding does.
        health.succeeded("AnchorBlock");
        RelayHealth.Snapshot recovered = health.snapshot(lag, -1, "x");
        assertTrue(recovered.healthy());
        assertEquals(
                "slave blocks 3..5: STAGE_OUT_OF_ORDER",
                recovered.json().get("lastError").getAsString());

        health.stopping();
        health.ok();
        assertEquals(RelayHealth.Status.STOPPING, health.snapshot(lag, -1, "x").status());
    }

    @Test
    void httpEndpointServesHealthAndMetrics() throws Exception {
        ManualClock clock = new ManualClock();
        RelayHealth health = new RelayHealth(clock, Duration.ofSeconds(60));
        RelayMetrics metrics = new RelayMetrics("logistics", "relay-LogisticsOrg", clock, health);
        try (MetricsServer server = metrics.serve(new InetSocketAddress("127.0.0.1", 0))) {
            assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
            assertEquals(503, get(server, "/health").statusCode());
            health.ok();
            HttpResponse<String> ok = get(server, "/health");
            assertEquals(200, ok.statusCode());
            assertEquals("application/json", ok.headers().firstValue("Content-Type").orElse(""));
            JsonObject body = JsonParser.parseString(ok.body()).getAsJsonObject();
            assertEquals("ok", body.get("status").getAsString());
            assertEquals("logistics", body.get("slaveChannel").getAsString());
            assertEquals(-1, body.get("lastAnchoredBlock").getAsLong());
            HttpResponse<String> m = get(server, "/metrics");
            assertEquals(200, m.statusCode());
            assertTrue(
                    m.headers()
                            .firstValue("Content-Type")
                            .orElse("")
                            .startsWith("text/plain; version=0.0.4"));
            assertEquals(
                    1, value(m.body(), "tmsct_relay_healthy{channel=\"logistics\"}"), m.body());
            assertEquals(404, get(server, "/").statusCode());
            assertEquals(404, get(server, "/-/healthy").statusCode());
        }
    }

    @Test
    void logLinesCarryContextAndTypedFields() {
        CapturedLog log = new CapturedLog("INFO");
        MDC.put("relay", "relay-X");
        try {
            log.logger().debug("hidden");
            log.logger()
                    .atInfo()
                    .setMessage("anchored")
                    .addKeyValue("block", 7)
                    .addKeyValue("ok", true)
                    .addKeyValue("masterTxId", "abc")
                    .addKeyValue("skipped", (Object) null)
                    .log();
        } finally {
            MDC.remove("relay");
        }
        JsonObject line = JsonParser.parseString(log.text().trim()).getAsJsonObject();
        Instant.parse(line.remove("ts").getAsString());
        assertEquals(
                "{\"level\":\"INFO\",\"event\":\"anchored\",\"relay\":\"relay-X\",\"block\":7,\"ok\":true,"
                        + "\"masterTxId\":\"abc\"}",
                line.toString());
        assertTrue(log.text().startsWith("{\"ts\":"), log.text());
        assertEquals(1, log.text().lines().count(), log.text());
    }

    @Test
    void linesOfOtherLibrariesNameTheirLoggerAndStack() {
        ch.qos.logback.classic.Logger grpc =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.grpc.test");
        ILoggingEvent event =
                new LoggingEvent(
                        "x",
                        grpc,
                        ch.qos.logback.classic.Level.WARN,
                        "channel closed",
                        new IllegalStateException("boom"),
                        null);
        JsonObject line = JsonParser.parseString(JsonLineEncoder.line(event)).getAsJsonObject();
        assertEquals("WARN", line.get("level").getAsString());
        assertEquals("channel closed", line.get("event").getAsString());
        assertEquals("io.grpc.test", line.get("logger").getAsString());
        assertTrue(line.get("stack").getAsString().contains("IllegalStateException: boom"));
    }
}
