package org.tmsct.master.index;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.tmsct.chaincode.state.KeyValue;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.core.bloom.BloomFilter;
import org.tmsct.core.bmerkle.BloomParams;

/**
 * The Bloom filters of one slave chain's anchored blocks, bit-sliced in world state so that "which
 * blocks might hold this trace code?" reads about k keys per section instead of one filter per
 * block.
 *
 * <p>Layout (the same slicing as tmsct-core's in-memory {@code BitSlicedIndex}): blocks are grouped
 * into sections of S consecutive block numbers. The rows are append-only: block s*S+b having bit i
 * set in its filter is the key {@code bsi~<chain>~<s>~<i>~<b>} (value 1), written once by the
 * block's anchor and never read there, so anchoring costs one blind write per set bit and no
 * read-modify-write of shared rows. Key {@code bsiblocks~<chain>~<s>} holds the S-bit vector of the
 * section's blocks that have a filter at all (bit b is bit (b mod 8), least significant first, of
 * byte b/8; ceil(S/8) bytes), one read and one write per anchor.
 *
 * <p>A lookup over more than {@link #DIRECT_SECTIONS} sections lists those that hold filtered
 * blocks (a bounded, paged range read of {@code bsisec/<chain>/<s>}); over fewer it reads each
 * section's blocks vector directly. It computes the trace code's k bit positions once, and per such
 * section reads the blocks vector and then row i of each position (a prefix read of the blocks that
 * set it, at most S keys), stopping once the intersection is empty; what is left are exactly the
 * blocks whose own filter reports the trace code.
 */
public final class BitSlicedStateIndex {

    static final String ROW = "bsi";
    static final String BLOCKS = "bsiblocks";

    /** Digits of a block's offset in its section (sections hold at most 65,536 blocks). */
    private static final int OFFSET_DIGITS = 5;

    private static final byte[] SET = {1};

    /**
     * bsisec/<chain>/<12-digit section> (simple keys, so one bounded range read lists them): the
     * sections that hold at least one block with a filter. A lookup visits only these, so sections
     * of blocks without records, however many, cost nothing.
     */
    static final String SECTIONS_PREFIX = "bsisec/";

    /** Directory keys read per range page. */
    static final int SECTION_PAGE = 256;

    /**
     * Up to this many sections in the searched range, a lookup reads their block vectors directly
     * (an absent vector costs one read) instead of listing the directory with a range read.
     */
    static final int DIRECT_SECTIONS = 4;

    private final StateStore store;
    private final String chainId;
    private final BloomParams params;
    private final int sectionSize;

    /**
     * The outcome of a lookup: candidate blocks, how many filtered blocks the range held, state
     * keys read.
     */
    public record Lookup(List<Long> candidates, long blocksInRange, int stateReads) {}

    public BitSlicedStateIndex(
            StateStore store, String chainId, BloomParams params, int sectionSize) {
        this.store = store;
        this.chainId = chainId;
        this.params = params;
        this.sectionSize = sectionSize;
    }

    /**
     * Adds block {@code blockNumber}'s filter: one blind write per set bit, and the section's
     * blocks vector read and written once, so a transaction may add one block (it cannot read its
     * own writes).
     */
    public void add(long blockNumber, BloomFilter filter) {
        if (!params.matches(filter)) {
            throw new IllegalArgumentException(
                    "filter shape m="
                            + filter.mBits()
                            + ", k="
                            + filter.k()
                            + " differs from the chain's "
                            + params);
        }
        long section = blockNumber / sectionSize;
        int offset = (int) (blockNumber % sectionSize);
        if (!setBit(blocksKey(section), offset)) {
            store.put(sectionKey(section), new byte[] {1});
        }
        for (int bit = filter.nextSetBit(0); bit >= 0; bit = filter.nextSetBit(bit + 1)) {
            store.put(rowKey(section, bit, offset), SET);
        }
    }

    /**
     * Blocks in [{@code fromBlock}, {@code toBlock}] whose filter might contain {@code tid},
     * ascending.
     */
    public Lookup candidates(String tid, long fromBlock, long toBlock) {
        List<Long> out = new ArrayList<>();
        if (fromBlock > toBlock || toBlock < 0) {
            return new Lookup(out, 0, 0);
        }
        long from = Math.max(fromBlock, 0);
        // distinct, sorted: a bit position that comes out twice is read once
        TreeSet<Integer> bits = new TreeSet<>();
        for (int i : BloomFilter.indexes(tid, params.mBits(), params.k())) {
            bits.add(i);
        }
        int reads = 0;
        long inRange = 0;
        // the directory listing is one read per page; reading vectors directly counts in the loop
        List<Long> sections = new ArrayList<>();
        reads += sectionsToVisit(from / sectionSize, toBlock / sectionSize, sections);
        for (long s : sections) {
            long first = s * sectionSize;
            int lo = (int) Math.max(from - first, 0);
            int hi = (int) Math.min(toBlock - first, sectionSize - 1L);
            byte[] acc = store.get(blocksKey(s));
            reads++;
            if (acc == null || acc.length == 0) {
                continue;
            }
            acc = acc.clone();
            mask(acc, lo, hi);
            inRange += popCount(acc);
            for (int bit : bits) {
                if (popCount(acc) == 0) {
                    break;
                }
                byte[] row = new byte[acc.length];
                for (KeyValue kv : store.byPrefix(rowPrefix(s, bit))) {
                    int b = offsetOf(kv.key());
                    row[b >>> 3] |= (byte) (1 << (b & 7));
                }
                reads++;
                for (int j = 0; j < acc.length; j++) {
                    acc[j] &= row[j];
                }
            }
            for (int b = lo; b <= hi; b++) {
                if ((acc[b >>> 3] & (1 << (b & 7))) != 0) {
                    out.add(first + b);
                }
            }
        }
        return new Lookup(out, inRange, reads);
    }

    /**
     * Adds to {@code out} the sections of {@code first..last} to look at: all of them when they are
     * at most {@link #DIRECT_SECTIONS} (an empty one costs its one absent vector), otherwise those
     * the directory lists. Answers how many directory pages it read.
     */
    private int sectionsToVisit(long first, long last, List<Long> out) {
        if (last - first < DIRECT_SECTIONS) {
            for (long s = first; s <= last; s++) {
                out.add(s);
            }
            return 0;
        }
        String start = sectionKey(first);
        String end = sectionKey(last + 1);
        int prefix = sectionKey(0).length() - 12;
        int pages = 0;
        for (; ; ) {
            List<KeyValue> page = store.byRange(start, end, SECTION_PAGE);
            pages++;
            page.forEach(kv -> out.add(Long.parseLong(kv.key().substring(prefix))));
            if (page.size() < SECTION_PAGE) {
                return pages;
            }
            start = page.get(page.size() - 1).key() + "\u0000";
        }
    }

    /** Sets the bit; answers whether the row existed before. */
    private boolean setBit(String key, int offset) {
        byte[] row = store.get(key);
        boolean existed = row != null && row.length > 0;
        row = existed ? row.clone() : new byte[(sectionSize + 7) / 8];
        row[offset >>> 3] |= (byte) (1 << (offset & 7));
        store.put(key, row);
        return existed;
    }

    private static void mask(byte[] vector, int lo, int hi) {
        for (int b = 0; b < vector.length * 8; b++) {
            if (b < lo || b > hi) {
                vector[b >>> 3] &= (byte) ~(1 << (b & 7));
            }
        }
    }

    private static int popCount(byte[] vector) {
        int n = 0;
        for (byte v : vector) {
            n += Integer.bitCount(v & 0xff);
        }
        return n;
    }

    String rowKey(long section, int bit, int offset) {
        return Keys.composite(
                ROW,
                chainId,
                Keys.pad(section, 12),
                Keys.pad(bit, 10),
                Keys.pad(offset, OFFSET_DIGITS));
    }

    String rowPrefix(long section, int bit) {
        return Keys.composite(ROW, chainId, Keys.pad(section, 12), Keys.pad(bit, 10));
    }

    /** The block offset, the last attribute of a row key ({@code ...~<offset>~}). */
    private static int offsetOf(String rowKey) {
        int end = rowKey.length() - 1;
        return Integer.parseInt(rowKey.substring(end - OFFSET_DIGITS, end));
    }

    String sectionKey(long section) {
        return SECTIONS_PREFIX + chainId + "/" + Keys.pad(section, 12);
    }

    String blocksKey(long section) {
        return Keys.composite(BLOCKS, chainId, Keys.pad(section, 12));
    }
}
