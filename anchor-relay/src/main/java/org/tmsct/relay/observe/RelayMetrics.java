package org.tmsct.relay.observe;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.tmsct.gateway.observe.MetricsServer;

/**
 * The relay's counters, gauges and histograms, in a Prometheus registry of its own (one per relay
 * run, so tests can run many). Every series carries the slave channel as label {@code channel}.
 * Counters are registered without their {@code _total} suffix; the exposition adds it.
 */
public final class RelayMetrics {

    /** Upper bounds, in seconds, of both latency histograms. */
    static final double[] LATENCY_BOUNDS = {
        0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 60, 120, 300
    };

    private final String channel;
    private final RelayHealth health;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final LagTracker lag = new LagTracker();
    private final AtomicLong lastCovered = new AtomicLong(-1);
    private final Counter anchorsSubmitted;
    private final Counter anchorsAlready;
    private final Counter confirmations;
    private final Counter recordsAnchored;
    private final Counter recordsRejected;
    private final Counter emptyBlocks;
    private final Counter resyncs;
    private final Counter hashChainBreaks;
    private final Counter divergences;
    private final Counter retries;
    private final Counter rejections;
    private final Counter conflicts;
    private final Histogram recordLatency;
    private final Histogram anchorCommit;

    public RelayMetrics(
            final String channel,
            final String relayName,
            final Clock clock,
            final RelayHealth health) {
        this.channel = channel;
        this.health = health;
        Labels base = Labels.of("channel", channel);
        Info.builder()
                .name("tmsct_relay_info")
                .help("The relay's identity: value 1, labels channel and relay.")
                .labelNames("channel", "relay")
                .register(registry)
                .setLabelValues(channel, relayName);
        gauge(
                base,
                "tmsct_relay_healthy",
                "1 if /health answers 200, else 0.",
                () -> health().healthy() ? 1 : 0);
        gauge(
                base,
                "tmsct_relay_last_seen_block",
                "Highest slave block number the relay knows exists.",
                lag::highestSeen);
        gauge(
                base,
                "tmsct_relay_last_anchored_block",
                "Last slave block covered by an anchor on the master channel (-1: none).",
                lastCovered::get);
        gauge(
                base,
                "tmsct_relay_last_processed_block",
                "Last slave block fully handled: anchored and confirmed, or folded into the next range.",
                lag::lastProcessed);
        gauge(
                base,
                "tmsct_relay_lag_blocks",
                "Slave blocks known to exist but not yet processed.",
                lag::lagBlocks);
        gauge(
                base,
                "tmsct_relay_lag_seconds",
                "Age of the oldest slave block not yet processed (0 when caught up).",
                () -> lag.lagTime(clock.instant()).toMillis() / 1000.0);
        anchorsSubmitted =
                counter(
                        base,
                        "tmsct_relay_anchors_submitted",
                        "AnchorBlock transactions this relay committed on master.");
        anchorsAlready =
                counter(
                        base,
                        "tmsct_relay_anchors_already",
                        "Record-bearing blocks found already anchored (by another relay or an earlier run).");
        confirmations =
                counter(
                        base,
                        "tmsct_relay_confirmations",
                        "ConfirmAnchor transactions this relay committed on the slave channel.");
        recordsAnchored =
                counter(
                        base,
                        "tmsct_relay_records_anchored",
                        "Records in the blocks this relay anchored.");
        recordsRejected =
                Counter.builder()
                        .name("tmsct_relay_records_rejected")
                        .help(
                                "Records master refused one by one while anchoring the rest of"
                                        + " their block, by refusal code.")
                        .constLabels(base)
                        .labelNames("code")
                        .register(registry);
        emptyBlocks =
                counter(
                        base,
                        "tmsct_relay_empty_blocks",
                        "Slave blocks without records, folded into the next anchor's range.");
        resyncs =
                counter(
                        base,
                        "tmsct_relay_resyncs",
                        "Times the relay re-read the master's anchor state and restarted its block stream.");
        hashChainBreaks =
                counter(
                        base,
                        "tmsct_relay_hash_chain_breaks",
                        "Blocks whose previous_hash did not match the computed hash of the block before (should stay 0).");
        divergences =
                counter(
                        base,
                        "tmsct_relay_divergences",
                        "Anchors on master that differ from the slave blocks they cover (another block hash, range or records); the relay then stops anchoring.");
        retries =
                byOperation(
                        base,
                        "tmsct_relay_retries",
                        "Transient failures retried with backoff, by operation.");
        rejections =
                byOperation(
                        base,
                        "tmsct_relay_rejections",
                        "Requests a contract refused, by operation.");
        conflicts =
                byOperation(
                        base,
                        "tmsct_relay_conflicts",
                        "MVCC conflicts at commit (usually another relay won), by operation.");
        recordLatency =
                histogram(
                        base,
                        "tmsct_relay_anchor_latency_seconds",
                        "Per record: from the Record transaction's timestamp to the commit of its ConfirmAnchor.");
        anchorCommit =
                histogram(
                        base,
                        "tmsct_relay_anchor_commit_seconds",
                        "Per anchor: AnchorBlock endorsement until its master commit status.");
    }

    /** What /metrics exposes: these series, plus whatever else (the JVM's) is registered here. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** What /health answers. */
    /** Serves this registry at {@code /metrics} and the relay's health at {@code /health}. */
    public MetricsServer serve(final InetSocketAddress address) throws IOException {
        return MetricsServer.start(
                address,
                registry(),
                () -> {
                    RelayHealth.Snapshot s = health();
                    return new MetricsServer.Health(s.healthy(), s.json().toString());
                },
                "relay-http");
    }

    public RelayHealth.Snapshot health() {
        return health.snapshot(lag, lastCovered.get(), channel);
    }

    public LagTracker lag() {
        return lag;
    }

    public long lastCovered() {
        return lastCovered.get();
    }

    public void covered(final long block) {
        lastCovered.accumulateAndGet(block, Math::max);
    }

    public void anchorSubmitted(final int records, final double commitSeconds) {
        anchorsSubmitted.inc();
        recordsAnchored.inc(records);
        anchorCommit.observe(commitSeconds);
    }

    public void recordRejected(final String code) {
        recordsRejected.labelValues(code).inc();
    }

    public long recordsRejected(final String code) {
        return (long)
                recordsRejected.collect().getDataPoints().stream()
                        .filter(p -> code.equals(p.getLabels().get("code")))
                        .mapToDouble(p -> p.getValue())
                        .sum();
    }

    public void anchorFoundAnchored() {
        anchorsAlready.inc();
    }

    public void confirmed() {
        confirmations.inc();
    }

    /**
     * One record's latency: made on the slave channel until the relay's ConfirmAnchor committed.
     */
    public void recordLatency(final double seconds) {
        recordLatency.observe(Math.max(0, seconds));
    }

    public void emptyBlock() {
        emptyBlocks.inc();
    }

    public void resync() {
        resyncs.inc();
    }

    public void hashChainBreak() {
        hashChainBreaks.inc();
    }

    public void divergence() {
        divergences.inc();
    }

    public void retry(final String operation) {
        retries.labelValues(operation).inc();
    }

    public void rejection(final String operation) {
        rejections.labelValues(operation).inc();
    }

    public void conflict(final String operation) {
        conflicts.labelValues(operation).inc();
    }

    public long retries(final String operation) {
        return count(retries, operation);
    }

    public long rejections(final String operation) {
        return count(rejections, operation);
    }

    public long anchorsSubmitted() {
        return (long) anchorsSubmitted.get();
    }

    public long anchorsFoundAnchored() {
        return (long) anchorsAlready.get();
    }

    public long confirmations() {
        return (long) confirmations.get();
    }

    public long emptyBlocks() {
        return (long) emptyBlocks.get();
    }

    public long divergences() {
        return (long) divergences.get();
    }

    /** Reads a count without creating the series (labelValues would expose a 0 for it). */
    private static long count(final Counter byOperation, final String operation) {
        return (long)
                byOperation.collect().getDataPoints().stream()
                        .filter(p -> operation.equals(p.getLabels().get("operation")))
                        .mapToDouble(p -> p.getValue())
                        .sum();
    }

    /** A gauge read at scrape time. */
    private void gauge(
            final Labels base, final String name, final String help, final DoubleSupplier value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .constLabels(base)
                .callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
    }

    private Counter counter(final Labels base, final String name, final String help) {
        return Counter.builder().name(name).help(help).constLabels(base).register(registry);
    }

    private Counter byOperation(final Labels base, final String name, final String help) {
        return Counter.builder()
                .name(name)
                .help(help)
                .constLabels(base)
                .labelNames("operation")
                .register(registry);
    }

    private Histogram histogram(final Labels base, final String name, final String help) {
        return Histogram.builder()
                .name(name)
                .help(help)
                .constLabels(base)
                .classicOnly()
                .classicUpperBounds(LATENCY_BOUNDS)
                .register(registry);
    }
}
