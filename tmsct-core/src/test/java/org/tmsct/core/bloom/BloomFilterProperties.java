package org.tmsct.core.bloom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class BloomFilterProperties {

    @Property(tries = 300)
    void neverAFalseNegative(
            @ForAll @Size(max = 60) List<@StringLength(max = 20) String> items,
            @ForAll @IntRange(min = 1, max = 3000) int m,
            @ForAll @IntRange(min = 1, max = 12) int k) {
        BloomFilter filter = new BloomFilter(m, k);
        items.forEach(filter::add);
        for (String item : items) {
            assertTrue(filter.mightContain(item), item);
        }
    }

    @Property(tries = 300)
    void serializationRoundTripsExactly(
            @ForAll @Size(max = 40) List<String> items,
            @ForAll @IntRange(min = 1, max = 700) int m,
            @ForAll @IntRange(min = 1, max = 64) int k) {
        BloomFilter filter = new BloomFilter(m, k);
        items.forEach(filter::add);
        BloomFilter back = BloomFilter.fromBytes(filter.toBytes());
        assertEquals(filter, back);
        assertEquals(filter, BloomFilter.fromBase64(filter.toBase64()));
        assertEquals(9 + (m + 7) / 8, filter.toBytes().length);
        assertEquals(filter.bitCount(), back.bitCount());
    }

    @Property(tries = 300)
    void indexesAreInRangeAndDeterministic(
            @ForAll String item,
            @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE - 63) int m,
            @ForAll @IntRange(min = 1, max = 64) int k) {
        int[] a = BloomFilter.indexes(item, m, k);
        int[] b = BloomFilter.indexes(item, m, k);
        assertEquals(k, a.length);
        for (int i = 0; i < k; i++) {
            assertTrue(a[i] >= 0 && a[i] < m);
            assertEquals(a[i], b[i]);
        }
    }
}
