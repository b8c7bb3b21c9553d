package org.tmsct.core.bloom;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.tmsct.core.hash.Sha256;

/**
 * A Bloom filter of m bits and k index functions over strings (trace codes).
 *
 * <h2>Index derivation (normative; other implementations must reproduce it exactly)</h2>
 *
 * For an item:
 *
 * <ol>
 *   <li>{@code h = SHA-256(UTF-8 bytes of the item)}.
 *   <li>{@code h1} = bytes {@code h[0..7]} read as an unsigned big-endian 64-bit integer; {@code
 *       h2} = bytes {@code h[8..15]} read the same way, then with its lowest bit set ({@code h2 |
 *       1}), so that it is odd.
 *   <li>For {@code i = 0 .. k-1}: {@code index_i = ((h1 + i * h2) mod 2^64) mod m}, where the sum
 *       and product wrap around at 2<sup>64</sup> and the final remainder treats the 64-bit value
 *       as unsigned. (In JavaScript: {@code BigInt.asUintN(64, h1 + BigInt(i) * h2) % BigInt(m)}.)
 * </ol>
 *
 * The same index may come out more than once for one item; it is then simply set once. Nothing
 * depends on {@link Object#hashCode()} or on a random seed, so every JVM and every other language
 * computes the same bits, which master-chain endorsers rely on.
 *
 * <h2>Accuracy</h2>
 *
 * For large m the measured false-positive rate matches {@link #theoreticalFalsePositiveRate}
 * closely (within a few percent at m = 9586, n = 1000, k = 7). For m in the low hundreds it is
 * noticeably higher, about 1.3% instead of 1.0% at m = 96, n = 10, k = 7: the fill varies from
 * filter to filter and the k positions of double hashing are not independent. Size small filters
 * with some margin.
 *
 * <h2>Bit layout and serialized form</h2>
 *
 * Bit {@code i} is bit {@code i % 8} (least significant first) of byte {@code i / 8} of the bit
 * array. {@link #toBytes()} writes, in order: one version byte ({@value #FORMAT_VERSION}); m as a
 * 4-byte big-endian integer; k as a 4-byte big-endian integer; then the {@code ceil(m / 8)} bytes
 * of the bit array. Unused bits of the last byte are zero. {@link #toBase64()} is standard base64
 * (RFC 4648 section 4, with padding) of those bytes.
 *
 * <p>Not thread-safe for concurrent {@link #add}; concurrent queries on an unchanging filter are
 * fine.
 */
public final class BloomFilter {

    /** Version byte of the serialized form. */
    public static final int FORMAT_VERSION = 1;

    /** Bytes before the bit array in the serialized form: version, m, k. */
    public static final int HEADER_BYTES = 9;

    /** Largest supported k. */
    public static final int MAX_K = 64;

    /** Largest supported m (2^31 - 64 bits, about 256 MiB). */
    public static final int MAX_BITS = Integer.MAX_VALUE - 63;

    private static final double LN2 = StrictMath.log(2);

    private final int m;
    private final int k;
    private final long[] words;

    /**
     * An empty filter.
     *
     * @param mBits number of bits, 1..{@link #MAX_BITS}
     * @param k number of index functions, 1..{@link #MAX_K}
     */
    public BloomFilter(int mBits, int k) {
        checkShape(mBits, k);
        this.m = mBits;
        this.k = k;
        this.words = new long[wordCount(mBits)];
    }

    private BloomFilter(int mBits, int k, long[] words) {
        this.m = mBits;
        this.k = k;
        this.words = words;
    }

    /**
     * An empty filter sized for {@code n} items at false-positive rate {@code falsePositiveRate}:
     * {@code m = ceil(-n ln p / (ln 2)^2)}, {@code k = max(1, round((m / n) ln 2))}. StrictMath is
     * used so that every JVM derives the same m and k.
     */
    public static BloomFilter forExpected(int n, double falsePositiveRate) {
        int mBits = optimalBits(n, falsePositiveRate);
        return new BloomFilter(mBits, optimalK(mBits, n));
    }

    /**
     * {@code ceil(-n ln p / (ln 2)^2)}: the number of bits for n items at false-positive rate p.
     */
    public static int optimalBits(int n, double falsePositiveRate) {
        if (n < 1) {
            throw new IllegalArgumentException(
                    "expected number of items must be at least 1, got " + n);
        }
        if (!(falsePositiveRate > 0 && falsePositiveRate < 1)) {
            throw new IllegalArgumentException(
                    "false-positive rate must be strictly between 0 and 1, got "
                            + falsePositiveRate);
        }
        double bits = StrictMath.ceil(-n * StrictMath.log(falsePositiveRate) / (LN2 * LN2));
        if (bits > MAX_BITS) {
            throw new IllegalArgumentException(
                    "a filter for "
                            + n
                            + " items at rate "
                            + falsePositiveRate
                            + " would need "
                            + (long) bits
                            + " bits, more than the maximum of "
                            + MAX_BITS);
        }
        return (int) bits;
    }

    /**
     * The k that minimises the false-positive rate of m bits holding n items: {@code round((m / n)
     * ln 2)}, at least 1 and at most {@link #MAX_K}.
     */
    public static int optimalK(int m, int n) {
        if (m < 1 || n < 1) {
            throw new IllegalArgumentException(
                    "m and n must be at least 1, got m=" + m + ", n=" + n);
        }
        long k = Math.round((double) m / n * LN2);
        return (int) Math.max(1, Math.min(MAX_K, k));
    }

    /**
     * The expected false-positive rate {@code (1 - e^(-k n / m))^k} of m bits, n items, k
     * functions.
     */
    public static double theoreticalFalsePositiveRate(int m, int n, int k) {
        if (m < 1 || n < 0 || k < 1) {
            throw new IllegalArgumentException(
                    "need m >= 1, n >= 0, k >= 1, got m=" + m + ", n=" + n + ", k=" + k);
        }
        return StrictMath.pow(1 - StrictMath.exp(-(double) k * n / m), k);
    }

    /** The k bit positions of {@code item} in a filter of m bits (see the class comment). */
    public static int[] indexes(String item, int m, int k) {
        checkShape(m, k);
        byte[] h = Sha256.digest(item.getBytes(StandardCharsets.UTF_8));
        long h1 = readLong(h, 0);
        long h2 = readLong(h, 8) | 1L;
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] =
                    (int)
                            Long.remainderUnsigned(
                                    h1 + i * h2, m); // long arithmetic wraps modulo 2^64
        }
        return out;
    }

    /** The k bit positions of {@code item} in this filter. */
    public int[] indexes(String item) {
        return indexes(item, m, k);
    }

    /** Inserts {@code item}. */
    public void add(String item) {
        for (int index : indexes(item)) {
            words[index >>> 6] |= 1L << index;
        }
    }

    /** False if {@code item} was certainly never added; true if it probably was. */
    public boolean mightContain(String item) {
        return allSet(indexes(item));
    }

    /**
     * True if every listed bit is set. With the indexes of an item this is {@link #mightContain}
     * without rehashing, for probing many filters of the same shape with one item.
     */
    public boolean allSet(int[] bitIndexes) {
        for (int index : bitIndexes) {
            if ((words[index >>> 6] & (1L << index)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Bit {@code bitIndex}. */
    public boolean get(int bitIndex) {
        if (bitIndex < 0 || bitIndex >= m) {
            throw new IndexOutOfBoundsException("bit " + bitIndex + " outside [0, " + m + ")");
        }
        return (words[bitIndex >>> 6] & (1L << bitIndex)) != 0;
    }

    /** The lowest set bit at or after {@code fromIndex}, or -1 if there is none. */
    public int nextSetBit(int fromIndex) {
        if (fromIndex < 0) {
            throw new IndexOutOfBoundsException("fromIndex " + fromIndex + " is negative");
        }
        if (fromIndex >= m) {
            return -1;
        }
        int w = fromIndex >>> 6;
        long word = words[w] & (-1L << fromIndex);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }

    /** Number of set bits. */
    public int bitCount() {
        int count = 0;
        for (long word : words) {
            count += Long.bitCount(word);
        }
        return count;
    }

    /**
     * Rate at which an absent item is reported present, given the bits now set: {@code (bitCount /
     * m)^k}.
     */
    public double currentFalsePositiveRate() {
        return StrictMath.pow((double) bitCount() / m, k);
    }

    public int mBits() {
        return m;
    }

    public int k() {
        return k;
    }

    /** Length of {@link #toBytes()}: {@value #HEADER_BYTES} + ceil(m / 8). */
    public int serializedSize() {
        return HEADER_BYTES + byteCount(m);
    }

    /** An independent copy. */
    public BloomFilter copy() {
        return new BloomFilter(m, k, words.clone());
    }

    /** The serialized form described in the class comment. */
    public byte[] toBytes() {
        byte[] out = new byte[serializedSize()];
        out[0] = FORMAT_VERSION;
        writeInt(out, 1, m);
        writeInt(out, 5, k);
        int bytes = byteCount(m);
        for (int j = 0; j < bytes; j++) {
            out[HEADER_BYTES + j] = (byte) (words[j >>> 3] >>> ((j & 7) << 3));
        }
        return out;
    }

    /**
     * Reads the serialized form.
     *
     * @throws IllegalArgumentException on an unknown version, an invalid m or k, a length that does
     *     not match m, or set padding bits
     */
    public static BloomFilter fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException(
                    "serialized Bloom filter is shorter than its " + HEADER_BYTES + "-byte header");
        }
        if (bytes[0] != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "unsupported Bloom filter format version "
                            + (bytes[0] & 0xff)
                            + " (this library reads version "
                            + FORMAT_VERSION
                            + ")");
        }
        int mBits = readInt(bytes, 1);
        int k = readInt(bytes, 5);
        checkShape(mBits, k);
        int expected = HEADER_BYTES + byteCount(mBits);
        if (bytes.length != expected) {
            throw new IllegalArgumentException(
                    "serialized Bloom filter with m="
                            + mBits
                            + " must be "
                            + expected
                            + " bytes, got "
                            + bytes.length);
        }
        if ((mBits & 7) != 0 && (bytes[bytes.length - 1] & 0xff) >>> (mBits & 7) != 0) {
            throw new IllegalArgumentException(
                    "serialized Bloom filter has bits set beyond m=" + mBits);
        }
        long[] words = new long[wordCount(mBits)];
        for (int j = 0; j < byteCount(mBits); j++) {
            words[j >>> 3] |= (bytes[HEADER_BYTES + j] & 0xffL) << ((j & 7) << 3);
        }
        return new BloomFilter(mBits, k, words);
    }

    /** Standard base64 (with padding) of {@link #toBytes()}. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(toBytes());
    }

    /** Reads {@link #toBase64()} output. */
    public static BloomFilter fromBase64(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Bloom filter is not valid base64: " + e.getMessage(), e);
        }
        return fromBytes(bytes);
    }

    /** Filters are equal when m, k and every bit are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof BloomFilter other
                && m == other.m
                && k == other.k
                && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * m + k) + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "BloomFilter[m=" + m + ", k=" + k + ", bitsSet=" + bitCount() + "]";
    }

    private static void checkShape(int mBits, int k) {
        if (mBits < 1 || mBits > MAX_BITS) {
            throw new IllegalArgumentException(
                    "m must be between 1 and " + MAX_BITS + " bits, got " + mBits);
        }
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", got " + k);
        }
    }

    private static int wordCount(int mBits) {
        return (int) (((long) mBits + 63) >>> 6);
    }

    private static int byteCount(int mBits) {
        return (int) (((long) mBits + 7) >>> 3);
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24)
                | ((b[off + 1] & 0xff) << 16)
                | ((b[off + 2] & 0xff) << 8)
                | (b[off + 3] & 0xff);
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
