package org.tmsct.relay.observe;

import java.util.Arrays;

/** A Prometheus histogram with fixed upper bounds (seconds); thread-safe. */
public final class Histogram {

    private final double[] bounds;
    private final long[] counts;
    private double sum;
    private long count;

    public Histogram(final double... bounds) {
        double[] sorted = bounds.clone();
        Arrays.sort(sorted);
        this.bounds = sorted;
        this.counts = new long[sorted.length];
    }

    public synchronized void observe(final double value) {
        for (int i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]) {
                counts[i]++;
            }
        }
        sum += value;
        count++;
    }

    /** Cumulative counts per bound, then the total (the +Inf bucket), sum. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(bounds.clone(), counts.clone(), count, sum);
    }

    public record Snapshot(double[] bounds, long[] cumulativeCounts, long count, double sum) { }
}
