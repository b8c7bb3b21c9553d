package org.tmsct.core.bmerkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmsct.core.bloom.BloomFilter;

class BitSlicedIndexTest {

    private static final BloomParams PARAMS = new BloomParams(96, 7);

    @Test
    void findsTheBlocksThatHoldATidAcrossSectionBoundaries() {
        BitSlicedIndex index = new BitSlicedIndex(PARAMS, 64);
        List<BloomFilter> filters = new ArrayList<>();
        for (long b = 60; b < 200; b++) {
            BloomFilter f = PARAMS.newFilter();
            f.add("TID-" + b);
            if (b % 50 == 0) {
                f.add("TID-SHARED");
            }
            index.add(b, f);
            filters.add(f);
        }
        assertEquals(List.of(100L, 150L), index.candidates("TID-SHARED"));
        assertEquals(List.of(150L), index.candidates("TID-SHARED", 101, 199));
        assertEquals(List.of(100L), index.candidates("TID-SHARED", 0, 149));
        assertEquals(List.of(), index.candidates("TID-SHARED", 101, 149));
        assertTrue(index.candidates("TID-63").contains(63L));
        assertTrue(index.candidates("TID-64").contains(64L));
        assertEquals(140, index.blockCount());
        assertEquals(60, index.firstBlock());
        assertEquals(199, index.lastBlock());
    }

    @Test
    void emptyIndexAndEmptyRangesHaveNoCandidates() {
        BitSlicedIndex index = new BitSlicedIndex(PARAMS);
        assertEquals(List.of(), index.candidates("x"));
        BloomFilter f = PARAMS.newFilter();
        f.add("x");
        index.add(5, f);
        assertEquals(List.of(5L), index.candidates("x"));
        assertEquals(List.of(), index.candidates("x", 6, 4));
        assertEquals(List.of(), index.candidates("x", 6, 100));
        assertEquals(List.of(5L), index.candidates("x", 5, 5));
    }

    @Test
    void rejectsMismatchedFiltersAndOutOfOrderBlocks() {
        BitSlicedIndex index = new BitSlicedIndex(PARAMS, 128);
        index.add(10, PARAMS.newFilter());
        assertThrows(IllegalArgumentException.class, () -> index.add(11, new BloomFilter(97, 7)));
        assertThrows(IllegalArgumentException.class, () -> index.add(11, new BloomFilter(96, 6)));
        assertThrows(IllegalArgumentException.class, () -> index.add(10, PARAMS.newFilter()));
        assertThrows(IllegalArgumentException.class, () -> index.add(9, PARAMS.newFilter()));
        assertThrows(IllegalArgumentException.class, () -> new BitSlicedIndex(PARAMS, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new BitSlicedIndex(PARAMS, 64).add(-1, PARAMS.newFilter()));
    }

    @Test
    void rowsAreAllocatedOnlyForBitsThatAreSet() {
        BloomParams wide = new BloomParams(9586, 7);
        BitSlicedIndex index = new BitSlicedIndex(wide, 4096);
        BloomFilter f = wide.newFilter();
        f.add("only-one");
        index.add(0, f);
        // one section: its row table plus at most k rows of 64 longs
        assertTrue(
                index.memoryBytes() <= 16 + 8L * 9586 + 7 * (16 + 8 * 64),
                "bytes " + index.memoryBytes());
        assertEquals(List.of(0L), index.candidates("only-one"));
    }

    @Test
    void sparseBlockNumbersFarApartWork() {
        BitSlicedIndex index = new BitSlicedIndex(PARAMS, 4096);
        long[] blocks = {3, 4095, 4096, 1_000_000_007L, 9_000_000_000L};
        for (long b : blocks) {
            BloomFilter f = PARAMS.newFilter();
            f.add("common");
            index.add(b, f);
        }
        assertEquals(
                List.of(3L, 4095L, 4096L, 1_000_000_007L, 9_000_000_000L),
                index.candidates("common"));
        assertEquals(List.of(4095L, 4096L), index.candidates("common", 4, 1_000_000_006L));
    }
}
