package org.tmsct.mirror.follow;

import com.google.gson.JsonObject;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.tmsct.gateway.observe.MetricsServer;
import org.tmsct.mirror.BlockRows;
import org.tmsct.mirror.MirrorStore.Outcome;

/**
 * What the mirror reports at {@code /metrics} and {@code /health}: per channel, the last block
 * applied, blocks and rows written, the time each block's database transaction took, and whether
 * the follower is following, waiting to retry or halted.
 */
public final class MirrorMetrics {

    /** A follower's state, as {@code /health} names it. */
    public enum State {
        STARTING,
        FOLLOWING,
        RETRYING,
        HALTED
    }

    private record ChannelState(State state, long block, long appliedAtMillis, String problem) {}

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Clock clock;
    private final Map<String, ChannelState> channels = new ConcurrentSkipListMap<>();
    private final Counter applied;
    private final Counter rows;
    private final Counter retries;
    private final Histogram applySeconds;

    public MirrorMetrics(Clock clock) {
        this.clock = clock;
        applied =
                Counter.builder()
                        .name("tmsct_mirror_blocks_applied_total")
                        .help("Blocks applied to the mirror's tables (outcome APPLIED or SKIPPED).")
                        .labelNames("channel", "outcome")
                        .register(registry);
        rows =
                Counter.builder()
                        .name("tmsct_mirror_rows_total")
                        .help("Rows the applied blocks brought, by table.")
                        .labelNames("channel", "table")
                        .register(registry);
        retries =
                Counter.builder()
                        .name("tmsct_mirror_retries_total")
                        .help("Times a block or the block stream was tried again.")
                        .labelNames("channel")
                        .register(registry);
        applySeconds =
                Histogram.builder()
                        .name("tmsct_mirror_apply_seconds")
                        .help("Time of one block's database transaction (rows and checkpoint).")
                        .labelNames("channel")
                        .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
                        .register(registry);
        GaugeWithCallback.builder()
                .name("tmsct_mirror_block")
                .help("The last block applied per channel (-1 before the first).")
                .labelNames("channel")
                .callback(cb -> channels.forEach((ch, s) -> cb.call(s.block(), ch)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tmsct_mirror_healthy")
                .help("1 if /health answers 200, else 0.")
                .callback(cb -> cb.call(health().healthy() ? 1 : 0))
                .register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** The last block applied on {@code channel}, or -1; what {@code /health} says too. */
    public long block(String channel) {
        ChannelState s = channels.get(channel);
        return s == null ? -1 : s.block();
    }

    void checkpoint(String channel, long block) {
        channels.compute(
                channel,
                (k, old) ->
                        new ChannelState(
                                State.STARTING,
                                block,
                                old == null ? 0 : old.appliedAtMillis(),
                                null));
    }

    void following(String channel) {
        update(channel, State.FOLLOWING, null);
    }

    void retrying(String channel, String why) {
        retries.labelValues(channel).inc();
        update(channel, State.RETRYING, why);
    }

    void halted(String channel, String why) {
        update(channel, State.HALTED, why);
    }

    void applied(String channel, BlockRows b, Outcome outcome, long nanos) {
        applied.labelValues(channel, outcome.name()).inc();
        applySeconds.labelValues(channel).observe(nanos / 1e9);
        if (outcome == Outcome.APPLIED) {
            count(channel, "stage_entries", b.stageEntries().size());
            count(channel, "anchors", b.anchors().size());
            count(channel, "rejected_entries", b.rejected().size());
            count(channel, "genealogy_edges", b.edges().size());
            count(channel, "devices", b.devices().size());
            count(channel, "governance_events", b.governance().size());
            count(channel, "products", b.products().size());
            count(channel, "raw_records", b.rawRecords().size());
        }
        // a SKIPPED block is one at or below the checkpoint: the last block applied stays
        long block = outcome == Outcome.APPLIED ? b.blockNumber() : block(channel);
        channels.put(channel, new ChannelState(State.FOLLOWING, block, clock.millis(), null));
    }

    private void count(String channel, String table, int n) {
        if (n > 0) {
            rows.labelValues(channel, table).inc(n);
        }
    }

    private void update(String channel, State state, String problem) {
        channels.compute(
                channel,
                (k, old) ->
                        new ChannelState(
                                state,
                                old == null ? -1 : old.block(),
                                old == null ? 0 : old.appliedAtMillis(),
                                problem));
    }

    /** Healthy while every channel follows its ledger; a waiting or halted one is not. */
    public MetricsServer.Health health() {
        JsonObject chans = new JsonObject();
        boolean healthy = !channels.isEmpty();
        for (Map.Entry<String, ChannelState> e : channels.entrySet()) {
            ChannelState s = e.getValue();
            JsonObject o = new JsonObject();
            o.addProperty("state", s.state().name());
            o.addProperty("block", s.block());
            if (s.appliedAtMillis() > 0) {
                o.addProperty("lastAppliedAt", s.appliedAtMillis());
            }
            if (s.problem() != null) {
                o.addProperty("problem", s.problem());
            }
            chans.add(e.getKey(), o);
            healthy &= s.state() == State.FOLLOWING;
        }
        JsonObject out = new JsonObject();
        out.addProperty("healthy", healthy);
        out.add("channels", chans);
        return new MetricsServer.Health(healthy, out.toString());
    }
}
