package org.tmsct.core.bmerkle;

import org.tmsct.core.bloom.BloomFilter;

/**
 * The shape (m bits, k index functions) of the per-block Bloom filters of one slave chain. All
 * blocks of a chain share it, which is what lets a {@link BitSlicedIndex} AND their bits together.
 *
 * @param mBits bits per filter, 1..{@link BloomFilter#MAX_BITS}
 * @param k index functions, 1..{@link BloomFilter#MAX_K}
 */
public record BloomParams(int mBits, int k) {

    /**
     * The default: sized for 1000 entries per block at a 1% false-positive rate, which gives m =
     * 9586 bits and k = 7; a filter then serializes to 1208 bytes (9 header bytes + 1199). Blocks
     * with fewer entries simply have a lower false-positive rate.
     */
    public static final BloomParams DEFAULT = forExpected(1000, 0.01);

    public BloomParams {
        if (mBits < 1 || mBits > BloomFilter.MAX_BITS) {
            throw new IllegalArgumentException(
                    "mBits must be between 1 and " + BloomFilter.MAX_BITS + ", got " + mBits);
        }
        if (k < 1 || k > BloomFilter.MAX_K) {
            throw new IllegalArgumentException(
                    "k must be between 1 and " + BloomFilter.MAX_K + ", got " + k);
        }
    }

    /**
     * Parameters for blocks of up to {@code entriesPerBlock} entries at false-positive rate {@code
     * fpp}.
     */
    public static BloomParams forExpected(int entriesPerBlock, double fpp) {
        int m = BloomFilter.optimalBits(entriesPerBlock, fpp);
        return new BloomParams(m, BloomFilter.optimalK(m, entriesPerBlock));
    }

    /** The parameters of an existing filter. */
    public static BloomParams of(BloomFilter filter) {
        return new BloomParams(filter.mBits(), filter.k());
    }

    /** A new, empty filter of this shape. */
    public BloomFilter newFilter() {
        return new BloomFilter(mBits, k);
    }

    /** True if {@code filter} has this shape. */
    public boolean matches(BloomFilter filter) {
        return filter.mBits() == mBits && filter.k() == k;
    }

    /** Expected false-positive rate of a filter of this shape holding {@code n} items. */
    public double falsePositiveRate(int n) {
        return BloomFilter.theoreticalFalsePositiveRate(mBits, n, k);
    }

    /** Size of a serialized filter of this shape, in bytes. */
    public int serializedSize() {
        return BloomFilter.HEADER_BYTES + (int) (((long) mBits + 7) / 8);
    }
}
