package org.tmsct.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tmsct.core.bloom.BloomFilter;

/**
 * Insert and query on a filter sized for a 1000-entry block at 1% (m=9586, k=7), holding 1000 TIDs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BloomBenchmark {

    private static final int N = 1000;

    private BloomFilter filter;
    private String[] present;
    private String[] absent;
    private int next;

    @Setup
    public void setUp() {
        filter = BloomFilter.forExpected(N, 0.01);
        present = new String[1024];
        absent = new String[1024];
        for (int i = 0; i < 1024; i++) {
            present[i] = String.format("TID-%09d", i);
            absent[i] = String.format("TID-X%08d", i);
        }
        for (int i = 0; i < N; i++) {
            filter.add(present[i]);
        }
    }

    /**
     * One insertion (SHA-256 of the TID plus k bit sets). Re-adding keeps the filter's state
     * stable.
     */
    @Benchmark
    public BloomFilter add() {
        filter.add(present[next++ & 1023]);
        return filter;
    }

    @Benchmark
    public boolean queryPresent() {
        return filter.mightContain(present[next++ % N]);
    }

    @Benchmark
    public boolean queryAbsent() {
        return filter.mightContain(absent[next++ & 1023]);
    }
}
