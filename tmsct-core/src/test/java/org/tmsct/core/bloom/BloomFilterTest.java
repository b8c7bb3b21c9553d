package org.tmsct.core.bloom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tmsct.core.TestVectors;
import org.tmsct.core.hash.Hex;

class BloomFilterTest {

    // test-vectors/bloom.json, computed with an independent implementation of the documented
    // derivation (Python, hashlib + arbitrary-precision integers).
    private static final JsonObject VECTORS = TestVectors.json("bloom.json");

    private static List<JsonObject> vectors(String name) {
        List<JsonObject> out =
                VECTORS.getAsJsonArray(name).asList().stream()
                        .map(JsonElement::getAsJsonObject)
                        .toList();
        assertFalse(out.isEmpty(), name);
        return out;
    }

    @Test
    void indexPositionsOfAFixedTidAreStable() {
        for (JsonObject v : vectors("indexes")) {
            int m = v.get("mBits").getAsInt();
            int k = v.get("k").getAsInt();
            String item = v.get("item").getAsString();
            int[] expected =
                    v.getAsJsonArray("indexes").asList().stream()
                            .mapToInt(JsonElement::getAsInt)
                            .toArray();
            assertArrayEquals(expected, BloomFilter.indexes(item, m, k), v.toString());
            assertArrayEquals(expected, new BloomFilter(m, k).indexes(item), v.toString());
        }
    }

    @Test
    void serializedFilterBytesAreStable() {
        for (JsonObject v : vectors("filters")) {
            BloomFilter filter = new BloomFilter(v.get("mBits").getAsInt(), v.get("k").getAsInt());
            v.getAsJsonArray("items").forEach(item -> filter.add(item.getAsString()));
            String base64 = v.get("base64").getAsString();
            assertEquals(v.get("hex").getAsString(), Hex.encode(filter.toBytes()));
            assertEquals(base64, filter.toBase64());
            assertEquals(filter, BloomFilter.fromBytes(filter.toBytes()));
            assertEquals(filter, BloomFilter.fromBase64(base64));
        }
    }

    @Test
    void sizingFollowsTheFormulas() {
        BloomFilter f = BloomFilter.forExpected(1000, 0.01);
        assertEquals(9586, f.mBits()); // ceil(1000 * ln(100) / ln(2)^2) = ceil(9585.06)
        assertEquals(7, f.k()); // round(9.586 * ln 2) = round(6.64)
        assertEquals(9 + 1199, f.toBytes().length);
        assertEquals(96, BloomFilter.forExpected(10, 0.01).mBits());
        assertEquals(7, BloomFilter.optimalK(9586, 1000));
        assertEquals(1, BloomFilter.optimalK(10, 1000));
        assertEquals(14, BloomFilter.optimalK(2000, 100));
        assertEquals(0.0, BloomFilter.theoreticalFalsePositiveRate(100, 0, 3));
        double p = BloomFilter.theoreticalFalsePositiveRate(9586, 1000, 7);
        assertEquals(0.01, p, 0.0005);
        assertEquals(
                Math.pow(1 - Math.exp(-3.0 * 50 / 500), 3),
                BloomFilter.theoreticalFalsePositiveRate(500, 50, 3),
                1e-15);
    }

    @Test
    void oneThousandEntryFilterAtOnePercentIsWithinFivePercentOfTheBloomMinimum() {
        BloomFilter f = BloomFilter.forExpected(1000, 0.01);
        double bitsPerEntry = f.toBytes().length * 8.0 / 1000;
        double minimum = -Math.log(0.01) / (Math.log(2) * Math.log(2)); // 9.585 bits per entry
        assertTrue(bitsPerEntry <= minimum * 1.05, bitsPerEntry + " bits/entry vs " + minimum);
    }

    @Test
    void addedItemsAreFoundAndAbsentOnesMostlyNot() {
        BloomFilter f = BloomFilter.forExpected(200, 0.01);
        for (int i = 0; i < 200; i++) {
            f.add("TID-" + i);
        }
        for (int i = 0; i < 200; i++) {
            assertTrue(f.mightContain("TID-" + i));
        }
        int falsePositives = 0;
        for (int i = 0; i < 2000; i++) {
            if (f.mightContain("ABSENT-" + i)) {
                falsePositives++;
            }
        }
        assertTrue(falsePositives < 60, "false positives: " + falsePositives);
        assertFalse(new BloomFilter(64, 3).mightContain("anything"));
    }

    /**
     * Measured false-positive rate against (1 - e^(-kn/m))^k. Each case averages many filters (each
     * with its own n items) so that the result reflects the index functions, not one lucky filter.
     * Inputs are fixed strings, so the outcome is deterministic; the tolerance is still stated
     * statistically: a relative model error (last column) plus four binomial standard deviations of
     * the number of queries. The formula is an approximation that is good for large m; for m in the
     * low hundreds the true rate is higher (the fill ratio varies from filter to filter and
     * E[fill^k] > E[fill]^k, and double hashing correlates the k positions), measured at about +34%
     * for m=96, n=10, k=7, hence the wider allowance there.
     */
    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({
        "9586, 1000, 7, 4, 10000, 0.15",
        "1000, 100, 3, 40, 1000, 0.15",
        "4096, 500, 5, 8, 5000, 0.15",
        "2000, 400, 2, 10, 4000, 0.15",
        "512, 100, 1, 20, 2000, 0.15",
        "96, 10, 7, 400, 250, 0.40",
    })
    void measuredFalsePositiveRateMatchesTheory(
            int m, int n, int k, int filters, int queriesPerFilter, double modelError) {
        long queries = 0;
        long positives = 0;
        for (int f = 0; f < filters; f++) {
            BloomFilter filter = new BloomFilter(m, k);
            for (int i = 0; i < n; i++) {
                filter.add("in-" + m + "-" + f + "-" + i);
            }
            for (int q = 0; q < queriesPerFilter; q++) {
                if (filter.mightContain("out-" + m + "-" + f + "-" + q)) {
                    positives++;
                }
                queries++;
            }
        }
        double theory = BloomFilter.theoreticalFalsePositiveRate(m, n, k);
        double measured = (double) positives / queries;
        double tolerance = modelError * theory + 4 * Math.sqrt(theory * (1 - theory) / queries);
        assertEquals(
                theory,
                measured,
                tolerance,
                String.format(
                        "m=%d n=%d k=%d: measured %.5f, theory %.5f, tolerance %.5f",
                        m, n, k, measured, theory, tolerance));
    }

    @Test
    void bitAccessAndCounting() {
        BloomFilter f = new BloomFilter(130, 4);
        assertEquals(-1, f.nextSetBit(0));
        f.add("x");
        int[] idx = f.indexes("x");
        for (int i : idx) {
            assertTrue(f.get(i));
        }
        int count = 0;
        for (int b = f.nextSetBit(0); b >= 0; b = f.nextSetBit(b + 1)) {
            assertTrue(f.get(b));
            count++;
        }
        assertEquals(f.bitCount(), count);
        assertTrue(count >= 1 && count <= 4);
        assertThrows(IndexOutOfBoundsException.class, () -> f.get(130));
        assertEquals(-1, f.nextSetBit(130));
    }

    @Test
    void equalityIsByValue() {
        BloomFilter a = new BloomFilter(100, 3);
        BloomFilter b = new BloomFilter(100, 3);
        a.add("x");
        assertNotEquals(a, b);
        b.add("x");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(new BloomFilter(100, 3), new BloomFilter(100, 4));
        assertNotEquals(new BloomFilter(100, 3), new BloomFilter(101, 3));
        BloomFilter copy = a.copy();
        copy.add("y");
        assertNotEquals(a, copy);
    }

    @Test
    void malformedSerializedFormsAreRejected() {
        byte[] good = new BloomFilter(20, 3).toBytes();
        byte[] version = good.clone();
        version[0] = 2;
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> BloomFilter.fromBytes(version))
                        .getMessage()
                        .contains("version 2"));
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.fromBytes(new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.fromBytes(null));
        byte[] shorter = java.util.Arrays.copyOf(good, good.length - 1);
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> BloomFilter.fromBytes(shorter))
                        .getMessage()
                        .contains("must be 12 bytes"));
        assertThrows(
                IllegalArgumentException.class,
                () -> BloomFilter.fromBytes(java.util.Arrays.copyOf(good, good.length + 1)));
        byte[] padding = good.clone();
        padding[padding.length - 1] = (byte) 0x10; // bit 20 of a 20-bit filter
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.fromBytes(padding));
        assertThrows(
                IllegalArgumentException.class,
                () -> BloomFilter.fromBytes(Hex.decode("010000000000000003")));
        assertThrows(
                IllegalArgumentException.class,
                () -> BloomFilter.fromBytes(Hex.decode("01000000080000000000")));
        assertThrows(
                IllegalArgumentException.class,
                () -> BloomFilter.fromBytes(Hex.decode("01000000080000004100")));
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.fromBase64("not base64!"));
    }

    @Test
    void invalidShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BloomFilter(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BloomFilter(8, 0));
        assertThrows(IllegalArgumentException.class, () -> new BloomFilter(8, 65));
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.forExpected(0, 0.01));
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.forExpected(10, 0));
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.forExpected(10, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> BloomFilter.forExpected(Integer.MAX_VALUE, 1e-9));
    }
}
