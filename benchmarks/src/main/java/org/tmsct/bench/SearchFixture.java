package org.tmsct.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tmsct.core.bloom.BloomFilter;
import org.tmsct.core.bmerkle.BitSlicedIndex;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.record.AnchorEntry;

/**
 * A slave chain of anchored blocks held in memory, for the search benchmarks. Block {@code b} has
 * {@link #ENTRIES_PER_BLOCK} anchor entries with distinct trace codes ({@code entries[b]}) and a
 * Bloom filter over them sized for that many entries at 1% ({@code filters[b]}); all filters are
 * also in a {@link BitSlicedIndex}.
 *
 * <p>Filters and entries are kept in separate arrays, as the master chain keeps one anchor record
 * (block summary with its filter) per block apart from the entries it commits to. A first trial
 * that hung each block's filter and entries off one object measured the per-block scan about twice
 * as slow at 10^5 blocks: the filters were then spread among a gigabyte of entries and most probes
 * missed the cache. Deterministic: the same block count always gives the same data.
 */
final class SearchFixture {

    static final int ENTRIES_PER_BLOCK = 10;
    static final BloomParams PARAMS = BloomParams.forExpected(ENTRIES_PER_BLOCK, 0.01);

    /**
     * Distinct absent trace codes; queries rotate through them so the false-positive load is an
     * average.
     */
    static final int ABSENT_TIDS = 64;

    final BloomFilter[] filters;
    final AnchorEntry[][] entries;
    final BitSlicedIndex index;
    final String[] absentTids;

    SearchFixture(int blockCount) {
        filters = buildFilters(blockCount);
        index = new BitSlicedIndex(PARAMS);
        for (int b = 0; b < blockCount; b++) {
            index.add(b, filters[b]);
        }
        entries = new AnchorEntry[blockCount][];
        Map<String, JsonElement> keyData = Map.of("batch", new JsonPrimitive("B-1"));
        for (int b = 0; b < blockCount; b++) {
            entries[b] = new AnchorEntry[ENTRIES_PER_BLOCK];
            for (int e = 0; e < ENTRIES_PER_BLOCK; e++) {
                String tid = tid(b, e);
                String dataHash = Sha256.hex(tid.getBytes(StandardCharsets.UTF_8));
                entries[b][e] =
                        new AnchorEntry("tx-" + b + "-" + e, tid, "logistics", keyData, dataHash);
            }
        }
        absentTids = absentTids();
    }

    static String tid(long block, int entry) {
        return String.format("TID-%09d", block * ENTRIES_PER_BLOCK + entry);
    }

    /** Trace codes of the same length as the present ones that no block holds. */
    static String[] absentTids() {
        String[] out = new String[ABSENT_TIDS];
        for (int i = 0; i < ABSENT_TIDS; i++) {
            out[i] = String.format("TID-X%08d", i);
        }
        return out;
    }

    static BloomFilter[] buildFilters(int blockCount) {
        BloomFilter[] out = new BloomFilter[blockCount];
        for (int b = 0; b < blockCount; b++) {
            out[b] = PARAMS.newFilter();
            for (int e = 0; e < ENTRIES_PER_BLOCK; e++) {
                out[b].add(tid(b, e));
            }
        }
        return out;
    }

    /** Candidate blocks by testing every block's filter, hashing the TID once. */
    List<Long> scanCandidates(String tid) {
        int[] bits = BloomFilter.indexes(tid, PARAMS.mBits(), PARAMS.k());
        List<Long> out = new ArrayList<>();
        for (int b = 0; b < filters.length; b++) {
            if (filters[b].allSet(bits)) {
                out.add((long) b);
            }
        }
        return out;
    }

    /**
     * Adds to {@code out} the entries of block {@code block} whose trace code is {@code tid},
     * comparing every entry.
     */
    void matchesIn(int block, String tid, List<AnchorEntry> out) {
        for (AnchorEntry entry : entries[block]) {
            if (entry.tid().equals(tid)) {
                out.add(entry);
            }
        }
    }

    /**
     * Average number of candidate blocks (all of them false positives) over the absent TIDs, for a
     * chain of {@code blockCount} blocks built like the fixture's (filters only, to stay light).
     */
    static double averageFalsePositiveBlocks(int blockCount) {
        BitSlicedIndex index = new BitSlicedIndex(PARAMS);
        BloomFilter[] filters = buildFilters(blockCount);
        for (int b = 0; b < blockCount; b++) {
            index.add(b, filters[b]);
        }
        long total = 0;
        for (String tid : absentTids()) {
            total += index.candidates(tid).size();
        }
        return (double) total / ABSENT_TIDS;
    }
}
