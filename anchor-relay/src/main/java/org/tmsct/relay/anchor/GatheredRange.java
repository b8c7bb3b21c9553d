package org.tmsct.relay.anchor;

import java.util.ArrayList;
import java.util.List;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.relay.block.RecordTx;
import org.tmsct.relay.block.SlaveBlock;

/**
 * The slave blocks read since the last anchor, gathered into the next one: every block the relay
 * read while an earlier anchor was committing goes into a single AnchorBlock, up to the chain's
 * maxRange blocks and the relay's record and byte bounds.
 */
final class GatheredRange {

    private final long firstBlock;
    private final List<SlaveBlock> blocks = new ArrayList<>();
    private int records;
    private long bytes;

    GatheredRange(final long firstBlock) {
        this.firstBlock = firstBlock;
    }

    long firstBlock() {
        return firstBlock;
    }

    /** Adds {@code block}, which brings {@code bytes} ({@link #bytesOf}) to the anchor. */
    void add(final SlaveBlock block, final long bytes) {
        long expected = firstBlock + blocks.size();
        if (block.number() != expected) {
            throw new IllegalArgumentException(
                    "block " + block.number() + " added where block " + expected + " belongs");
        }
        blocks.add(block);
        records += block.records().size();
        this.bytes += bytes;
    }

    /**
     * Whether {@code block} fits without passing a bound. A block is never split, so a block over
     * the record or byte bound on its own still goes into a range of its own.
     */
    boolean canTake(
            final SlaveBlock block,
            final long blockBytes,
            final int maxRange,
            final int maxRecords,
            final long maxBytes) {
        return blocks.size() + 1 <= maxRange
                && records + block.records().size() <= maxRecords
                && bytes + blockBytes <= maxBytes;
    }

    boolean hasRecords() {
        return records > 0;
    }

    int blockCount() {
        return blocks.size();
    }

    int recordCount() {
        return records;
    }

    /** Whether a bound is reached, so no further block with records could join. */
    boolean isFull(final int maxRange, final int maxRecords, final long maxBytes) {
        return blocks.size() >= maxRange || records >= maxRecords || bytes >= maxBytes;
    }

    AnchorBatch toBatch(
            final String chain,
            final String productType,
            final BloomParams params,
            final boolean advance) {
        List<String> headers = new ArrayList<>();
        for (SlaveBlock b : blocks) {
            headers.add(b.headerBytesHex());
        }
        // blocks read without their serialized header (tests) carry none at all
        List<String> rangeHeaders = headers.contains("") ? List.of() : headers;
        return new AnchorBatch(
                chain, productType, firstBlock, rangeHeaders, blocks, params, advance);
    }

    /**
     * About what the block adds to the AnchorBlock argument: its entries' JSON and attestations.
     * Computed once per block, for both {@link #canTake} and {@link #add}.
     */
    static long bytesOf(final SlaveBlock block) {
        long n = 0;
        for (RecordTx r : block.records()) {
            n += r.entry().toJsonObject().toString().length();
            n += r.attestation() == null ? 0 : r.attestation().toString().length();
        }
        return n;
    }
}
