package org.tmsct.relay.observe;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The relay's counters, gauges and histograms, rendered in the Prometheus text format. Every series
 * carries the slave channel as label {@code channel}.
 */
public final class RelayMetrics {

    /** Upper bounds, in seconds, of both latency histograms. */
    static final double[] LATENCY_BOUNDS = {0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 60, 120, 300};

    private final String channel;
    private final String relayName;
    private final Clock clock;
    private final LagTracker lag = new LagTracker();
    private final AtomicLong lastCovered = new AtomicLong(-1);
    private final LongAdder anchorsSubmitted = new LongAdder();
    private final LongAdder anchorsAlready = new LongAdder();
    private final LongAdder confirmations = new LongAdder();
    private final LongAdder recordsAnchored = new LongAdder();
    private final LongAdder emptyBlocks = new LongAdder();
    private final LongAdder resyncs = new LongAdder();
    private final LongAdder hashChainBreaks = new LongAdder();
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> conflicts = new ConcurrentHashMap<>();
    private final Histogram recordLatency = new Histogram(LATENCY_BOUNDS);
    private final Histogram anchorCommit = new Histogram(LATENCY_BOUNDS);

    public RelayMetrics(final String channel, final String relayName, final Clock clock) {
        this.channel = channel;
        this.relayName = relayName;
        this.clock = clock;
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
        anchorsSubmitted.increment();
        recordsAnchored.add(records);
        anchorCommit.observe(commitSeconds);
    }

    public void anchorFoundAnchored() {
        anchorsAlready.increment();
    }

    public void confirmed() {
        confirmations.increment();
    }

    /** One record's latency: made on the slave channel until the relay's ConfirmAnchor committed. */
    public void recordLatency(final double seconds) {
        recordLatency.observe(Math.max(0, seconds));
    }

    public void emptyBlock() {
        emptyBlocks.increment();
    }

    public void resync() {
        resyncs.increment();
    }

    public void hashChainBreak() {
        hashChainBreaks.increment();
    }

    public void retry(final String operation) {
        retries.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    public void rejection(final String operation) {
        rejections.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    public void conflict(final String operation) {
        conflicts.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    public long retries(final String operation) {
        LongAdder a = retries.get(operation);
        return a == null ? 0 : a.sum();
    }

    public long rejections(final String operation) {
        LongAdder a = rejections.get(operation);
        return a == null ? 0 : a.sum();
    }

    public long anchorsSubmitted() {
        return anchorsSubmitted.sum();
    }

    public long anchorsFoundAnchored() {
        return anchorsAlready.sum();
    }

    public long confirmations() {
        return confirmations.sum();
    }

    public long emptyBlocks() {
        return emptyBlocks.sum();
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String render(final boolean healthy) {
        Instant now = clock.instant();
        StringBuilder out = new StringBuilder(4096);
        String base = "channel=\"" + escape(channel) + "\"";
        gauge(out, "tmsct_relay_info", "The relay's identity: value 1, labels channel and relay.",
                base + ",relay=\"" + escape(relayName) + "\"", 1);
        gauge(out, "tmsct_relay_healthy", "1 if /health answers 200, else 0.", base, healthy ? 1 : 0);
        gauge(out, "tmsct_relay_last_seen_block", "Highest slave block number the relay knows exists.", base, lag.highestSeen());
        gauge(out, "tmsct_relay_last_anchored_block", "Last slave block covered by an anchor on the master channel (-1: none).",
                base, lastCovered.get());
        gauge(out, "tmsct_relay_last_processed_block",
                "Last slave block fully handled: anchored and confirmed, or folded into the next range.", base, lag.lastProcessed());
        gauge(out, "tmsct_relay_lag_blocks", "Slave blocks known to exist but not yet processed.", base, lag.lagBlocks());
        gauge(out, "tmsct_relay_lag_seconds", "Age of the oldest slave block not yet processed (0 when caught up).",
                base, lag.lagTime(now).toMillis() / 1000.0);
        counter(out, "tmsct_relay_anchors_submitted_total", "AnchorBlock transactions this relay committed on master.", base,
                anchorsSubmitted.sum());
        counter(out, "tmsct_relay_anchors_already_total",
                "Record-bearing blocks found already anchored (by another relay or an earlier run).", base, anchorsAlready.sum());
        counter(out, "tmsct_relay_confirmations_total", "ConfirmAnchor transactions this relay committed on the slave channel.",
                base, confirmations.sum());
        counter(out, "tmsct_relay_records_anchored_total", "Records in the blocks this relay anchored.", base, recordsAnchored.sum());
        counter(out, "tmsct_relay_empty_blocks_total", "Slave blocks without records, folded into the next anchor's range.",
                base, emptyBlocks.sum());
        counter(out, "tmsct_relay_resyncs_total", "Times the relay re-read the master's anchor state and restarted its block stream.",
                base, resyncs.sum());
        counter(out, "tmsct_relay_hash_chain_breaks_total",
                "Blocks whose previous_hash did not match the computed hash of the block before (should stay 0).", base,
                hashChainBreaks.sum());
        labelled(out, "tmsct_relay_retries_total", "Transient failures retried with backoff, by operation.", base, retries);
        labelled(out, "tmsct_relay_rejections_total", "Requests a contract refused, by operation.", base, rejections);
        labelled(out, "tmsct_relay_conflicts_total", "MVCC conflicts at commit (usually another relay won), by operation.",
                base, conflicts);
        histogram(out, "tmsct_relay_anchor_latency_seconds",
                "Per record: from the Record transaction's timestamp to the commit of its ConfirmAnchor.", base, recordLatency);
        histogram(out, "tmsct_relay_anchor_commit_seconds", "Per anchor: AnchorBlock endorsement until its master commit status.",
                base, anchorCommit);
        return out.toString();
    }

    private static void header(final StringBuilder out, final String name, final String help, final String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void gauge(final StringBuilder out, final String name, final String help, final String labels, final double v) {
        header(out, name, help, "gauge");
        sample(out, name, labels, v);
    }

    private static void counter(final StringBuilder out, final String name, final String help, final String labels, final long v) {
        header(out, name, help, "counter");
        sample(out, name, labels, v);
    }

    private static void labelled(final StringBuilder out, final String name, final String help, final String labels,
                                 final Map<String, LongAdder> byOperation) {
        header(out, name, help, "counter");
        new TreeMap<>(byOperation).forEach((op, v) -> sample(out, name, labels + ",operation=\"" + escape(op) + "\"", v.sum()));
    }

    private static void histogram(final StringBuilder out, final String name, final String help, final String labels,
                                  final Histogram h) {
        header(out, name, help, "histogram");
        Histogram.Snapshot s = h.snapshot();
        for (int i = 0; i < s.bounds().length; i++) {
            sample(out, name + "_bucket", labels + ",le=\"" + number(s.bounds()[i]) + "\"", s.cumulativeCounts()[i]);
        }
        sample(out, name + "_bucket", labels + ",le=\"+Inf\"", s.count());
        sample(out, name + "_sum", labels, s.sum());
        sample(out, name + "_count", labels, s.count());
    }

    private static void sample(final StringBuilder out, final String name, final String labels, final double v) {
        out.append(name).append('{').append(labels).append("} ").append(number(v)).append('\n');
    }

    static String number(final double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String escape(final String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
