package org.tmsct.master.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.state.MemoryStore;
import org.tmsct.core.bloom.BloomFilter;
import org.tmsct.core.bmerkle.BitSlicedIndex;
import org.tmsct.core.bmerkle.BloomParams;

class BitSlicedStateIndexTest {

    private static final BloomParams SMALL = new BloomParams(256, 3);

    private final MemoryStore store = new MemoryStore();
    private final BitSlicedStateIndex index =
            new BitSlicedStateIndex(store, "logistics", SMALL, 64);

    private BloomFilter filterOf(String... tids) {
        BloomFilter f = SMALL.newFilter();
        for (String t : tids) {
            f.add(t);
        }
        return f;
    }

    private void add(long block, BloomFilter f) {
        index.add(block, f);
        store.commit("tx" + block, block);
    }

    @Test
    void answersExactlyWhatTheInMemoryIndexAnswers() {
        // the same blocks in tmsct-core's BitSlicedIndex are the oracle
        BitSlicedIndex oracle = new BitSlicedIndex(SMALL, 64);
        Random random = new Random(42);
        long block = 3;
        for (int i = 0; i < 300; i++) {
            block += 1 + random.nextInt(3);
            List<String> tids = new ArrayList<>();
            for (int j = random.nextInt(6); j > 0; j--) {
                tids.add("T-" + random.nextInt(400));
            }
            BloomFilter f = filterOf(tids.toArray(String[]::new));
            add(block, f);
            oracle.add(block, f);
        }
        for (int t = 0; t < 400; t += 7) {
            String tid = "T-" + t;
            assertEquals(oracle.candidates(tid), index.candidates(tid, 0, block).candidates(), tid);
            assertEquals(
                    oracle.candidates(tid, 100, 500),
                    index.candidates(tid, 100, 500).candidates(),
                    tid + " in 100..500");
        }
    }

    @Test
    void readsAboutKPlusOneKeysPerSection() {
        for (long b = 0; b < 640; b++) {
            add(b, filterOf("T-" + b));
        }
        BitSlicedStateIndex.Lookup lookup = index.candidates("T-100", 0, 639);
        assertTrue(lookup.candidates().contains(100L));
        int sections = 10;
        // one range read lists the sections that hold filtered blocks, then k + 1 keys each
        assertTrue(
                lookup.stateReads() <= 1 + sections * (SMALL.k() + 1),
                "read " + lookup.stateReads() + " keys for " + sections + " sections");
        assertEquals(640, lookup.blocksInRange());
    }

    @Test
    void rangeBoundsAreInclusiveAndCrossSections() {
        add(63, filterOf("A"));
        add(64, filterOf("A"));
        add(130, filterOf("A"));
        assertEquals(List.of(63L, 64L, 130L), index.candidates("A", 0, 200).candidates());
        assertEquals(List.of(64L), index.candidates("A", 64, 129).candidates());
        assertEquals(List.of(63L, 64L), index.candidates("A", 63, 64).candidates());
        assertEquals(List.of(), index.candidates("A", 65, 129).candidates());
        assertEquals(List.of(), index.candidates("A", 10, 5).candidates());
        assertEquals(1, index.candidates("A", 64, 129).blocksInRange());
    }

    @Test
    void absentTraceCodesStopAtTheFirstMissingRow() {
        add(5, filterOf("A"));
        BitSlicedStateIndex.Lookup miss = index.candidates("certainly-not-there-" + 99, 0, 63);
        assertTrue(miss.candidates().isEmpty() || miss.candidates().equals(List.of(5L)));
        assertTrue(miss.stateReads() <= SMALL.k() + 1);
    }

    @Test
    void rowsLiveUnderTheDocumentedKeys() {
        add(70, filterOf("A"));
        int[] bits = BloomFilter.indexes("A", SMALL.mBits(), SMALL.k());
        assertTrue(store.keys().contains(index.blocksKey(1)));
        for (int bit : bits) {
            assertTrue(store.keys().contains(index.rowKey(1, bit, 6)));
        }
        assertEquals(
                "\u0000bsi\u0000logistics\u0000000000000001\u0000"
                        + String.format("%010d", bits[0])
                        + "\u000000006\u0000",
                index.rowKey(1, bits[0], 6));
        assertEquals(1, store.get(index.rowKey(1, bits[0], 6))[0]);
        byte[] blocks = store.get(index.blocksKey(1));
        assertEquals(8, blocks.length);
        assertEquals(1 << 6, blocks[0] & 0xff, "block 70 is bit 6 of section 1");
    }

    @Test
    void addingABlockReadsOnlyItsSectionsBlocksVector() {
        add(5, filterOf("A", "B"));
        java.util.Set<String> before = new java.util.HashSet<>(store.keys());
        CountingStore counting = new CountingStore(store);
        new BitSlicedStateIndex(counting, "logistics", SMALL, 64).add(6, filterOf("A", "C"));
        // the blocks vector is the only key read; every row is a blind write of its own key
        assertEquals(List.of(index.blocksKey(0)), counting.reads);
        List<String> rows =
                counting.writes.stream().filter(k -> k.startsWith("\u0000bsi\u0000")).toList();
        assertEquals(filterOf("A", "C").bitCount(), rows.size());
        assertTrue(rows.stream().noneMatch(before::contains), "a row key is written only once");
    }

    @Test
    void sectionsWithoutFilteredBlocksCostNoReads() {
        // two filtered blocks a trillion blocks apart: the lookup visits their two sections only
        add(3, filterOf("T-far"));
        add(1_000_000_000_000L, filterOf("T-far"));
        BitSlicedStateIndex.Lookup lookup = index.candidates("T-far", 0, 1_000_000_000_063L);
        assertEquals(List.of(3L, 1_000_000_000_000L), lookup.candidates());
        assertTrue(
                lookup.stateReads() <= 1 + 2 * (SMALL.k() + 1),
                "read " + lookup.stateReads() + " keys for 2 sections");
        assertEquals(2, lookup.blocksInRange());
        // a range with no filtered block reads only the (empty) directory page
        assertEquals(1, index.candidates("T-far", 64, 999_999_999_999L).stateReads());
    }

    @Test
    void aFewSectionsAreReadDirectlyWithoutTheDirectory() {
        // one section: its blocks vector, then the k rows; no range read of the directory
        add(5, filterOf("T-near"));
        BitSlicedStateIndex.Lookup one = index.candidates("T-near", 0, 63);
        assertEquals(List.of(5L), one.candidates());
        assertEquals(1 + SMALL.k(), one.stateReads());
        // up to DIRECT_SECTIONS sections, an empty one costs its one absent vector
        int sections = BitSlicedStateIndex.DIRECT_SECTIONS;
        BitSlicedStateIndex.Lookup few = index.candidates("T-near", 0, sections * 64L - 1);
        assertEquals(List.of(5L), few.candidates());
        assertEquals(sections + SMALL.k(), few.stateReads());
    }

    /** Records which keys a component reads and writes. */
    private static final class CountingStore implements org.tmsct.chaincode.state.StateStore {
        final List<String> reads = new ArrayList<>();
        final List<String> writes = new ArrayList<>();
        private final MemoryStore inner;

        CountingStore(MemoryStore inner) {
            this.inner = inner;
        }

        @Override
        public byte[] get(String key) {
            reads.add(key);
            return inner.get(key);
        }

        @Override
        public void put(String key, byte[] value) {
            writes.add(key);
            inner.put(key, value);
        }

        @Override
        public void delete(String key) {
            writes.add(key);
            inner.delete(key);
        }

        @Override
        public List<org.tmsct.chaincode.state.KeyValue> byPrefix(String prefix) {
            reads.add(prefix);
            return inner.byPrefix(prefix);
        }

        @Override
        public List<org.tmsct.chaincode.state.KeyValue> byPrefix(String prefix, int limit) {
            reads.add(prefix);
            return inner.byPrefix(prefix, limit);
        }

        @Override
        public List<org.tmsct.chaincode.state.KeyValue> byRange(String from, String to) {
            reads.add(from);
            return inner.byRange(from, to);
        }

        @Override
        public List<org.tmsct.chaincode.state.KeyValue> byRange(String from, String to, int limit) {
            reads.add(from);
            return inner.byRange(from, to, limit);
        }

        @Override
        public List<org.tmsct.chaincode.state.Revision> history(String key) {
            return inner.history(key);
        }
    }
}
