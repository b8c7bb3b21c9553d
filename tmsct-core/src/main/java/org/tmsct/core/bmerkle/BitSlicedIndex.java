package org.tmsct.core.bmerkle;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import org.tmsct.core.bloom.BloomFilter;

/**
 * The Bloom filters of many blocks of one slave chain, stored "bit-sliced" so that one lookup
 * answers "which blocks might hold this trace code?" without testing the blocks one by one.
 *
 * <p>Blocks are grouped into sections of S consecutive block numbers (section {@code s} holds
 * blocks {@code s*S .. s*S+S-1}). Within a section, for every filter bit position {@code i} in [0,
 * m) there is a bit vector over the section's blocks: bit {@code b} of row {@code i} is set iff
 * block {@code s*S+b} has bit {@code i} set in its filter (the layout Ethereum clients use for
 * their log-bloom sections). A query computes the item's k bit positions once, ANDs the k rows of
 * each section 64 blocks at a time, and reads the block numbers off the surviving bits. The answer
 * is exactly the set of added blocks whose own filter reports the item.
 *
 * <p>Memory: a row is allocated only when some block of its section sets that bit, and holds {@code
 * ceil(S / 64)} longs. With dense filters that is about {@code m * S / 8} bytes per full section,
 * i.e. m/8 bytes per block, the same as the filters themselves.
 *
 * <p>Not thread-safe for concurrent {@link #add}; queries may run concurrently with each other.
 */
public final class BitSlicedIndex {

    /** Default number of blocks per section. */
    public static final int DEFAULT_SECTION_SIZE = 4096;

    private final BloomParams params;
    private final int sectionSize;
    private final int wordsPerRow;

    /** Sections in increasing section number; only sections with at least one added block exist. */
    private final List<Section> sections = new ArrayList<>();

    private long firstBlock = -1;
    private long lastBlock = -1;
    private long blockCount;

    private static final class Section {
        final long number;
        final long firstBlock;
        final long[][] rows;

        Section(long number, int sectionSize, int mBits) {
            this.number = number;
            this.firstBlock = number * sectionSize;
            this.rows = new long[mBits][];
        }
    }

    /** An empty index with {@link #DEFAULT_SECTION_SIZE} blocks per section. */
    public BitSlicedIndex(BloomParams params) {
        this(params, DEFAULT_SECTION_SIZE);
    }

    /**
     * An empty index.
     *
     * @param params the filter shape every added block must have
     * @param sectionSize blocks per section, at least 1 (multiples of 64 use memory best)
     */
    public BitSlicedIndex(BloomParams params, int sectionSize) {
        this.params = Objects.requireNonNull(params, "params");
        if (sectionSize < 1) {
            throw new IllegalArgumentException(
                    "sectionSize must be at least 1, got " + sectionSize);
        }
        this.sectionSize = sectionSize;
        this.wordsPerRow = (sectionSize + 63) / 64;
    }

    /**
     * Adds the filter of block {@code blockNumber}. Blocks must come in strictly increasing order;
     * numbering may start anywhere and may have gaps (a block never added is never a candidate).
     *
     * @throws IllegalArgumentException if the filter's m or k differ from the index's, or the block
     *     number is negative or not above the last one added
     */
    public void add(long blockNumber, BloomFilter filter) {
        Objects.requireNonNull(filter, "filter");
        if (!params.matches(filter)) {
            throw new IllegalArgumentException(
                    "filter has m="
                            + filter.mBits()
                            + ", k="
                            + filter.k()
                            + " but this index holds m="
                            + params.mBits()
                            + ", k="
                            + params.k());
        }
        if (blockNumber < 0) {
            throw new IllegalArgumentException(
                    "block number must not be negative, got " + blockNumber);
        }
        if (blockNumber <= lastBlock) {
            throw new IllegalArgumentException(
                    "blocks must be added in increasing order: "
                            + blockNumber
                            + " is not after "
                            + lastBlock);
        }
        long sectionNumber = blockNumber / sectionSize;
        Section section = sections.isEmpty() ? null : sections.get(sections.size() - 1);
        if (section == null || section.number != sectionNumber) {
            section = new Section(sectionNumber, sectionSize, params.mBits());
            sections.add(section);
        }
        int offset = (int) (blockNumber - section.firstBlock);
        int word = offset >>> 6;
        long mask = 1L << offset;
        for (int bit = filter.nextSetBit(0); bit >= 0; bit = filter.nextSetBit(bit + 1)) {
            long[] row = section.rows[bit];
            if (row == null) {
                row = new long[wordsPerRow];
                section.rows[bit] = row;
            }
            row[word] |= mask;
        }
        if (firstBlock < 0) {
            firstBlock = blockNumber;
        }
        lastBlock = blockNumber;
        blockCount++;
    }

    /** Block numbers, ascending, whose filter might contain {@code tid} (an unmodifiable list). */
    public List<Long> candidates(String tid) {
        return candidates(tid, 0, Long.MAX_VALUE);
    }

    /**
     * As {@link #candidates(String)}, limited to blocks {@code fromBlock..toBlock} (both
     * inclusive).
     */
    public List<Long> candidates(String tid, long fromBlock, long toBlock) {
        return candidatesForIndexes(
                BloomFilter.indexes(tid, params.mBits(), params.k()), fromBlock, toBlock);
    }

    /**
     * Block numbers in {@code fromBlock..toBlock}, ascending, whose filter has every one of {@code
     * bitIndexes} set (the indexes of an item, from {@link BloomFilter#indexes(String, int, int)}).
     */
    public List<Long> candidatesForIndexes(int[] bitIndexes, long fromBlock, long toBlock) {
        for (int index : bitIndexes) {
            if (index < 0 || index >= params.mBits()) {
                throw new IndexOutOfBoundsException(
                        "bit index " + index + " outside [0, " + params.mBits() + ")");
            }
        }
        BlockNumbers out = new BlockNumbers();
        if (bitIndexes.length == 0 || fromBlock > toBlock || sections.isEmpty()) {
            return out;
        }
        long from = Math.max(fromBlock, 0);
        long[][] picked = new long[bitIndexes.length][];
        long[] acc = new long[wordsPerRow];
        for (int s = firstSectionAtOrAfter(from / sectionSize); s < sections.size(); s++) {
            Section section = sections.get(s);
            if (section.firstBlock > toBlock) {
                break;
            }
            if (!pickRows(section, bitIndexes, picked)) {
                continue; // some bit is unset in every block of this section
            }
            long lo = Math.max(from - section.firstBlock, 0);
            long hi = Math.min(toBlock - section.firstBlock, sectionSize - 1L);
            int firstWord = (int) (lo >>> 6);
            int endWord = (int) (hi >>> 6) + 1;
            // Row by row over the section's words: simple loops the JIT vectorizes, and no
            // data-dependent branches (the bits of a half-full row are unpredictable).
            System.arraycopy(picked[0], firstWord, acc, firstWord, endWord - firstWord);
            for (int j = 1; j < picked.length; j++) {
                long[] row = picked[j];
                for (int w = firstWord; w < endWord; w++) {
                    acc[w] &= row[w];
                }
            }
            acc[firstWord] &= -1L << (lo & 63);
            if ((hi & 63) != 63) {
                acc[endWord - 1] &= (1L << ((hi & 63) + 1)) - 1;
            }
            for (int w = firstWord; w < endWord; w++) {
                long bits = acc[w];
                while (bits != 0) {
                    out.add(
                            section.firstBlock
                                    + ((long) w << 6)
                                    + Long.numberOfTrailingZeros(bits));
                    bits &= bits - 1;
                }
            }
        }
        return out;
    }

    /** An ascending list of block numbers kept as primitive longs; boxed only when read. */
    private static final class BlockNumbers extends AbstractList<Long> implements RandomAccess {
        private long[] values = new long[16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        @Override
        public Long get(int index) {
            Objects.checkIndex(index, size);
            return values[index];
        }

        @Override
        public int size() {
            return size;
        }
    }

    /**
     * Fills {@code picked} with the rows of {@code bitIndexes}; false if one of them was never set
     * in the section.
     */
    private static boolean pickRows(Section section, int[] bitIndexes, long[][] picked) {
        for (int j = 0; j < bitIndexes.length; j++) {
            long[] row = section.rows[bitIndexes[j]];
            if (row == null) {
                return false;
            }
            picked[j] = row;
        }
        return true;
    }

    /**
     * Position in {@link #sections} of the first section numbered {@code sectionNumber} or higher.
     */
    private int firstSectionAtOrAfter(long sectionNumber) {
        int lo = 0;
        int hi = sections.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sections.get(mid).number < sectionNumber) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public BloomParams params() {
        return params;
    }

    public int sectionSize() {
        return sectionSize;
    }

    /** Number of blocks added. */
    public long blockCount() {
        return blockCount;
    }

    /** Number of the first block added, or -1 if none. */
    public long firstBlock() {
        return firstBlock;
    }

    /** Number of the last block added, or -1 if none. */
    public long lastBlock() {
        return lastBlock;
    }

    /**
     * Approximate heap bytes held by the rows (array headers included, object overhead of sections
     * not).
     */
    public long memoryBytes() {
        long bytes = 0;
        for (Section section : sections) {
            bytes += 16L + 8L * section.rows.length;
            for (long[] row : section.rows) {
                if (row != null) {
                    bytes += 16L + 8L * row.length;
                }
            }
        }
        return bytes;
    }
}
