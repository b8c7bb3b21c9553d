package org.tmsct.mirror.follow;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.hyperledger.fabric.protos.common.Block;
import org.tmsct.mirror.MirrorDb;

/**
 * Measures the mirror's lag as a reader sees it: for each master block, the time from its delivery
 * to this probe (the peer delivers a block once it has committed it) to the first moment the mirror
 * database shows it applied (its checkpoint, committed in the same transaction as the block's rows,
 * has reached the block). The database is polled every {@code pollMillis}, which bounds the error.
 */
public final class LagProbe {

    /** One block's lag; {@code visibleNanos} is 0 while the block is not yet visible. */
    public record Sample(long block, int entries, long deliveredNanos, long visibleNanos) {
        public double lagMillis() {
            return (visibleNanos - deliveredNanos) / 1e6;
        }
    }

    /** How many stage entries a block brings; blocks are told apart by it in the report. */
    @FunctionalInterface
    public interface EntryCount {
        int of(Block block) throws Exception;
    }

    private final MirrorDb db;
    private final String channel;
    private final long pollMillis;
    private final Map<Long, Sample> samples = new ConcurrentSkipListMap<>();

    public LagProbe(MirrorDb db, String channel, long pollMillis) {
        this.db = db;
        this.channel = channel;
        this.pollMillis = pollMillis;
    }

    /**
     * Reads the channel's new blocks from {@code blocks} for {@code seconds}, then waits at most
     * {@code drainSeconds} for the mirror to show each.
     */
    public List<Sample> run(
            ChannelFollower.Stream blocks, EntryCount entries, long seconds, long drainSeconds)
            throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                while (blocks.hasNext()) {
                                    Block b = blocks.next();
                                    long now = System.nanoTime();
                                    int n = entries.of(b);
                                    long number = b.getHeader().getNumber();
                                    samples.put(number, new Sample(number, n, now, 0));
                                }
                            } catch (Exception e) {
                                // the stream was closed at the end of the run
                            }
                        },
                        "lag-probe-blocks");
        reader.setDaemon(true);
        reader.start();
        try (Connection c = db.connect();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT block_number FROM mirror_checkpoint WHERE channel = ?")) {
            ps.setString(1, channel);
            long drainEnd = Long.MAX_VALUE;
            while (true) {
                long now = System.nanoTime();
                if (now > end && drainEnd == Long.MAX_VALUE) {
                    blocks.close();
                    drainEnd = now + drainSeconds * 1_000_000_000L;
                }
                long applied = checkpoint(ps);
                long seen = System.nanoTime();
                boolean pending = false;
                for (Sample s : samples.values()) {
                    if (s.visibleNanos() == 0) {
                        if (s.block() <= applied) {
                            samples.put(
                                    s.block(),
                                    new Sample(s.block(), s.entries(), s.deliveredNanos(), seen));
                        } else {
                            pending = true;
                        }
                    }
                }
                if (drainEnd != Long.MAX_VALUE && (!pending || now > drainEnd)) {
                    break;
                }
                Thread.sleep(pollMillis);
            }
        }
        return new ArrayList<>(samples.values());
    }

    private static long checkpoint(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** The report: count, percentiles and maximum of the lag, over blocks with entries and all. */
    public static JsonObject report(List<Sample> samples) {
        JsonObject out = new JsonObject();
        out.add("blocksWithEntries", stats(samples.stream().filter(s -> s.entries() > 0).toList()));
        out.add("allBlocks", stats(samples));
        out.addProperty("notVisible", samples.stream().filter(s -> s.visibleNanos() == 0).count());
        JsonArray each = new JsonArray();
        for (Sample s : samples) {
            JsonObject o = new JsonObject();
            o.addProperty("block", s.block());
            o.addProperty("entries", s.entries());
            if (s.visibleNanos() != 0) {
                o.addProperty("lagMs", Math.round(s.lagMillis() * 10) / 10.0);
            }
            each.add(o);
        }
        out.add("blocks", each);
        return out;
    }

    private static JsonObject stats(List<Sample> samples) {
        List<Double> lags =
                samples.stream()
                        .filter(s -> s.visibleNanos() != 0)
                        .map(Sample::lagMillis)
                        .sorted()
                        .toList();
        JsonObject o = new JsonObject();
        o.addProperty("blocks", lags.size());
        o.addProperty("entries", samples.stream().mapToInt(Sample::entries).sum());
        if (!lags.isEmpty()) {
            o.addProperty("p50Ms", round(percentile(lags, 50)));
            o.addProperty("p95Ms", round(percentile(lags, 95)));
            o.addProperty("p99Ms", round(percentile(lags, 99)));
            o.addProperty("maxMs", round(lags.get(lags.size() - 1)));
        }
        return o;
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
