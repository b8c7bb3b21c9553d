package org.tmsct.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tmsct.core.bloom.BloomFilter;
import org.tmsct.core.record.AnchorEntry;

/**
 * Looking up a trace code that is in NO block, over 10^3..10^5 anchored blocks of 10 entries. The
 * "candidates" benchmarks measure only the filter step (which blocks might hold the TID); the
 * "search" benchmarks also open every candidate block and compare its entries, which is what a
 * trace query does. Each invocation uses the next of 64 absent TIDs, so false-positive blocks
 * (about 1% of blocks per TID) are averaged.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SearchBenchmark {

    @Param({"1000", "10000", "100000"})
    public int blocks;

    private SearchFixture fixture;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new SearchFixture(blocks);
    }

    private String nextAbsentTid() {
        return fixture.absentTids[next++ & (SearchFixture.ABSENT_TIDS - 1)];
    }

    /** (a) Bit-sliced index: AND k bit rows per section. */
    @Benchmark
    public List<Long> candidatesBitSliced() {
        return fixture.index.candidates(nextAbsentTid());
    }

    /** (b) Per-block filter scan: hash once, test each block's own filter. */
    @Benchmark
    public List<Long> candidatesPerBlockScan() {
        return fixture.scanCandidates(nextAbsentTid());
    }

    /** (a) then open each candidate block and compare its entries. */
    @Benchmark
    public List<AnchorEntry> searchBitSliced() {
        String tid = nextAbsentTid();
        List<AnchorEntry> found = new ArrayList<>();
        for (long number : fixture.index.candidates(tid)) {
            fixture.matchesIn((int) number, tid, found);
        }
        return found;
    }

    /** (b) then open each candidate block and compare its entries. */
    @Benchmark
    public List<AnchorEntry> searchPerBlockScan() {
        String tid = nextAbsentTid();
        int[] bits =
                BloomFilter.indexes(tid, SearchFixture.PARAMS.mBits(), SearchFixture.PARAMS.k());
        List<AnchorEntry> found = new ArrayList<>();
        for (int b = 0; b < fixture.filters.length; b++) {
            if (fixture.filters[b].allSet(bits)) {
                fixture.matchesIn(b, tid, found);
            }
        }
        return found;
    }

    /** (c) No filter: compare the TID of every entry of every block. */
    @Benchmark
    public List<AnchorEntry> searchWalkAllEntries() {
        String tid = nextAbsentTid();
        List<AnchorEntry> found = new ArrayList<>();
        for (int b = 0; b < fixture.entries.length; b++) {
            fixture.matchesIn(b, tid, found);
        }
        return found;
    }
}
