package org.tmsct.relay.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;

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
    void metricsAreValidPrometheusTextWithEveryNamedSeries() {
        ManualClock clock = new ManualClock();
        RelayMetrics m = new RelayMetrics("raw-material", "relay-RawMaterialOrg", clock);
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

        String text = m.render(true);

        Pattern sample = Pattern.compile("[a-z_]+\\{[^}]*\\} -?[0-9.E+-]+|# (HELP|TYPE) .*");
        for (String line : text.split("\n")) {
            assertTrue(sample.matcher(line).matches(), "not a Prometheus line: " + line);
        }
        for (String name : List.of("tmsct_relay_last_seen_block", "tmsct_relay_last_anchored_block", "tmsct_relay_lag_blocks",
                "tmsct_relay_lag_seconds", "tmsct_relay_anchors_submitted_total", "tmsct_relay_retries_total",
                "tmsct_relay_rejections_total", "tmsct_relay_anchor_latency_seconds", "tmsct_relay_healthy")) {
            assertTrue(text.contains("# TYPE " + name + " "), name);
        }
        assertTrue(text.contains("tmsct_relay_last_seen_block{channel=\"raw-material\"} 12\n"), text);
        assertTrue(text.contains("tmsct_relay_lag_blocks{channel=\"raw-material\"} 3\n"), text);
        assertTrue(text.contains("tmsct_relay_lag_seconds{channel=\"raw-material\"} 5\n"), text);
        assertTrue(text.contains("tmsct_relay_retries_total{channel=\"raw-material\",operation=\"AnchorBlock\"} 2\n"), text);
        assertTrue(text.contains("tmsct_relay_records_anchored_total{channel=\"raw-material\"} 3\n"), text);
        // cumulative buckets: 1.5 s falls in le=1.5 and above, 40 s in le=60 and above
        assertTrue(text.contains("tmsct_relay_anchor_latency_seconds_bucket{channel=\"raw-material\",le=\"1\"} 0\n"), text);
        assertTrue(text.contains("tmsct_relay_anchor_latency_seconds_bucket{channel=\"raw-material\",le=\"1.5\"} 1\n"), text);
        assertTrue(text.contains("tmsct_relay_anchor_latency_seconds_bucket{channel=\"raw-material\",le=\"30\"} 1\n"), text);
        assertTrue(text.contains("tmsct_relay_anchor_latency_seconds_bucket{channel=\"raw-material\",le=\"60\"} 2\n"), text);
        assertTrue(text.contains("tmsct_relay_anchor_latency_seconds_bucket{channel=\"raw-material\",le=\"+Inf\"} 2\n"), text);
        assertTrue(text.contains("tmsct_relay_anchor_latency_seconds_sum{channel=\"raw-material\"} 41.5\n"), text);
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
        assertEquals("slave blocks 3..5: STAGE_OUT_OF_ORDER", rejected.json().get("reason").getAsString());

        // Following the channel again, or another call succeeding, does not hide the refusal...
        health.following();
        health.succeeded("GetAnchorState");
        assertEquals(RelayHealth.Status.REJECTED, health.snapshot(lag, -1, "x").status());
        // ...the refused call succeeding does.
        health.succeeded("AnchorBlock");
        RelayHealth.Snapshot recovered = health.snapshot(lag, -1, "x");
        assertTrue(recovered.healthy());
        assertEquals("slave blocks 3..5: STAGE_OUT_OF_ORDER", recovered.json().get("lastError").getAsString());

        health.stopping();
        health.ok();
        assertEquals(RelayHealth.Status.STOPPING, health.snapshot(lag, -1, "x").status());
    }

    @Test
    void httpEndpointServesHealthAndMetrics() throws Exception {
        ManualClock clock = new ManualClock();
        RelayHealth health = new RelayHealth(clock, Duration.ofSeconds(60));
        RelayMetrics metrics = new RelayMetrics("logistics", "relay-LogisticsOrg", clock);
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0),
                () -> health.snapshot(metrics.lag(), metrics.lastCovered(), "logistics"),
                () -> health.snapshot(metrics.lag(), metrics.lastCovered(), "logistics").healthy(), metrics::render)) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.address().getPort();
            HttpResponse<String> starting = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, starting.statusCode());
            health.ok();
            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            JsonObject body = JsonParser.parseString(ok.body()).getAsJsonObject();
            assertEquals("ok", body.get("status").getAsString());
            assertEquals("logistics", body.get("slaveChannel").getAsString());
            HttpResponse<String> m = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, m.statusCode());
            assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            assertTrue(m.body().contains("tmsct_relay_healthy{channel=\"logistics\"} 1"), m.body());
        }
    }

    @Test
    void logLinesCarryContextAndTypedFields() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonLog log = new JsonLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.fixed(T, ZoneOffset.UTC),
                Map.of("relay", "relay-X"), JsonLog.Level.INFO);
        log.debug("hidden");
        log.info("anchored", "block", 7, "ok", true, "masterTxId", "abc", "skipped", null);
        String line = bytes.toString(StandardCharsets.UTF_8).trim();
        assertEquals("{\"ts\":\"2025-03-01T12:00:00Z\",\"level\":\"INFO\",\"event\":\"anchored\",\"relay\":\"relay-X\","
                + "\"block\":7,\"ok\":true,\"masterTxId\":\"abc\"}", line);
    }
}
