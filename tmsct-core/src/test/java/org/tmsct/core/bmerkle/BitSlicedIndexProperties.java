package org.tmsct.core.bmerkle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.tmsct.core.bloom.BloomFilter;

/** The bit-sliced index must answer exactly what testing every block's own filter answers. */
class BitSlicedIndexProperties {

    @Property(tries = 120)
    void candidatesEqualThePerBlockScan(
            @ForAll @IntRange(min = 1, max = 300) int m,
            @ForAll @IntRange(min = 1, max = 8) int k,
            @ForAll("sectionSizes") int sectionSize,
            @ForAll @LongRange(min = 0, max = 10_000) long firstBlock,
            @ForAll @IntRange(min = 0, max = 400) int blockCount,
            @ForAll @IntRange(min = 0, max = 12) int itemsPerBlock,
            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BloomParams params = new BloomParams(m, k);
        BitSlicedIndex index = new BitSlicedIndex(params, sectionSize);
        List<Long> numbers = new ArrayList<>();
        List<BloomFilter> filters = new ArrayList<>();
        long block = firstBlock;
        for (int b = 0; b < blockCount; b++) {
            BloomFilter f = params.newFilter();
            int items = random.nextInt(itemsPerBlock + 1);
            for (int i = 0; i < items; i++) {
                f.add("T-" + random.nextInt(500));
            }
            index.add(block, f);
            numbers.add(block);
            filters.add(f);
            block +=
                    random.nextInt(4) == 0
                            ? 1 + random.nextInt(3 * sectionSize)
                            : 1; // occasional gaps
        }
        long last = numbers.isEmpty() ? firstBlock : numbers.get(numbers.size() - 1);
        for (int q = 0; q < 25; q++) {
            String tid = "T-" + random.nextInt(600);
            assertEquals(
                    scan(numbers, filters, tid, 0, Long.MAX_VALUE), index.candidates(tid), tid);
            long from = firstBlock + random.nextLong(last - firstBlock + 2);
            long to = from + random.nextLong(2L * sectionSize + 2) - 1;
            assertEquals(
                    scan(numbers, filters, tid, from, to),
                    index.candidates(tid, from, to),
                    tid + " in " + from + ".." + to);
        }
    }

    @Property(tries = 60)
    void denseFiltersMatchTheScanToo(
            @ForAll("sectionSizes") int sectionSize,
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 95) Integer> probe,
            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BloomParams params = new BloomParams(96, probe.size());
        BitSlicedIndex index = new BitSlicedIndex(params, sectionSize);
        List<Long> numbers = new ArrayList<>();
        List<BloomFilter> filters = new ArrayList<>();
        for (long b = 0; b < 300; b++) {
            // filters with random bit patterns, set through items so that they are real filters
            BloomFilter f = params.newFilter();
            for (int i = 0, n = random.nextInt(40); i < n; i++) {
                f.add(Long.toString(random.nextLong()));
            }
            index.add(b, f);
            numbers.add(b);
            filters.add(f);
        }
        int[] bits = probe.stream().mapToInt(Integer::intValue).toArray();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            if (filters.get(i).allSet(bits)) {
                expected.add(numbers.get(i));
            }
        }
        assertEquals(expected, index.candidatesForIndexes(bits, 0, Long.MAX_VALUE));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> sectionSizes() {
        return net.jqwik.api.Arbitraries.of(1, 3, 7, 63, 64, 65, 100, 128, 4096);
    }

    private static List<Long> scan(
            List<Long> numbers, List<BloomFilter> filters, String tid, long from, long to) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            long n = numbers.get(i);
            if (n >= from && n <= to && filters.get(i).mightContain(tid)) {
                out.add(n);
            }
        }
        return out;
    }
}
