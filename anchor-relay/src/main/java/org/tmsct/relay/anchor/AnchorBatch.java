package org.tmsct.relay.anchor;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.relay.block.RecordTx;
import org.tmsct.relay.block.SlaveBlock;

/**
 * One AnchorBlock: slave blocks {@code firstBlock..lastBlock().number()}, with the B-Merkle summary
 * of every record in them (each entry tagged with its block, "entryBlocks"), the serialized headers
 * of every block of the range and the orderer's signatures on the last one. Blocks without records
 * are folded in. A range advance carries no records: the relay sends one when a run of blocks
 * without records reaches the chain's maxRange.
 */
public final class AnchorBatch {

    private final String slaveChainId;
    private final String productType;
    private final long firstBlock;
    private final List<SlaveBlock> blocks;
    private final SlaveBlock last;
    private final List<RecordTx> records;
    private final BlockSummary summary;
    private final List<String> headers;

    /** A range whose last block carries records, without headers (tests of the loop). */
    public AnchorBatch(
            final String slaveChainId,
            final String productType,
            final long firstBlock,
            final SlaveBlock block,
            final BloomParams params) {
        this(slaveChainId, productType, firstBlock, List.of(), block, params, false);
    }

    /**
     * A range whose only block that may carry records is its last, {@code block}.
     *
     * @param headers the serialized headers (hex) of blocks {@code firstBlock..block.number()}, in
     *     order, or none (tests)
     * @param advance whether this is a range advance (block without records)
     */
    public AnchorBatch(
            final String slaveChainId,
            final String productType,
            final long firstBlock,
            final List<String> headers,
            final SlaveBlock block,
            final BloomParams params,
            final boolean advance) {
        this(slaveChainId, productType, firstBlock, headers, List.of(block), params, advance);
    }

    /**
     * @param blocks blocks of the range, in order, ending with its last block; every block with
     *     records must be among them
     * @param headers the serialized headers (hex) of every block of the range, in order, or none
     *     (tests)
     * @param advance whether this is a range advance (no records)
     */
    public AnchorBatch(
            final String slaveChainId,
            final String productType,
            final long firstBlock,
            final List<String> headers,
            final List<SlaveBlock> blocks,
            final BloomParams params,
            final boolean advance) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a range needs at least its last block");
        }
        SlaveBlock lastBlock = blocks.get(blocks.size() - 1);
        if (firstBlock > lastBlock.number() || blocks.get(0).number() < firstBlock) {
            throw new IllegalArgumentException(
                    "blocks "
                            + blocks.get(0).number()
                            + ".."
                            + lastBlock.number()
                            + " are not within a range starting at "
                            + firstBlock);
        }
        if (!headers.isEmpty() && headers.size() != lastBlock.number() - firstBlock + 1) {
            throw new IllegalArgumentException(
                    headers.size()
                            + " headers for the range "
                            + firstBlock
                            + ".."
                            + lastBlock.number());
        }
        List<RecordTx> all = new ArrayList<>();
        List<AnchorEntry> entries = new ArrayList<>();
        for (SlaveBlock b : blocks) {
            all.addAll(b.records());
            entries.addAll(b.entries());
        }
        if (!advance && all.isEmpty()) {
            throw new IllegalArgumentException(
                    "blocks up to "
                            + lastBlock.number()
                            + " have no records; they are folded into the next range");
        }
        if (advance && !all.isEmpty()) {
            throw new IllegalArgumentException(
                    "the range up to block "
                            + lastBlock.number()
                            + " has records; a range advance carries none");
        }
        this.slaveChainId = slaveChainId;
        this.productType = productType;
        this.firstBlock = firstBlock;
        this.blocks = List.copyOf(blocks);
        this.last = lastBlock;
        this.records = List.copyOf(all);
        this.headers = List.copyOf(headers);
        this.summary =
                BlockSummary.build(slaveChainId, last.number(), last.headerHash(), entries, params);
    }

    public String slaveChainId() {
        return slaveChainId;
    }

    public long firstBlock() {
        return firstBlock;
    }

    public long blockNumber() {
        return last.number();
    }

    /** The range's last block, whose hash and orderer signatures the anchor carries. */
    public SlaveBlock lastBlock() {
        return last;
    }

    /** The block of the range numbered {@code number}, if the batch holds it. */
    public java.util.Optional<SlaveBlock> block(final long number) {
        return blocks.stream().filter(b -> b.number() == number).findFirst();
    }

    /** A range advance: no records, nothing to confirm on the slave channel. */
    public boolean isAdvance() {
        return records.isEmpty();
    }

    public List<String> headers() {
        return headers;
    }

    /** Every record of the range, in block order. */
    public List<RecordTx> records() {
        return records;
    }

    public List<String> txIds() {
        return records.stream().map(RecordTx::txId).toList();
    }

    /** The records of blocks {@code from..to} of the range. */
    public List<String> txIdsOfBlocks(final long from, final long to) {
        List<String> ids = new ArrayList<>();
        blocks.stream()
                .filter(b -> b.number() >= from && b.number() <= to)
                .forEach(b -> ids.addAll(b.txIds()));
        return ids;
    }

    public BlockSummary summary() {
        return summary;
    }

    /** The AnchorBlock argument. */
    public String toJson() {
        JsonArray entries = new JsonArray();
        JsonArray entryBlocks = new JsonArray();
        // beside the entries, not in them: the Merkle leaves stay the entries' JSON
        JsonArray attestations = new JsonArray();
        for (SlaveBlock b : blocks) {
            b.entries().forEach(e -> entries.add(e.toJsonObject()));
            b.records().forEach(r -> entryBlocks.add(b.number()));
            b.attestations()
                    .forEach(a -> attestations.add(a == null ? JsonNull.INSTANCE : a.deepCopy()));
        }
        JsonObject o = new JsonObject();
        o.addProperty("slaveChainId", slaveChainId);
        o.addProperty("productType", productType);
        o.addProperty("firstBlock", firstBlock);
        o.addProperty("blockNumber", last.number());
        o.addProperty("blockHash", last.headerHash());
        o.add("entries", entries);
        o.addProperty("merkleRoot", summary.merkleRootHex());
        o.addProperty("bloomFilter", summary.filter().toBase64());
        // bounded anchors: the range's headers and the orderer's signatures on the last one
        JsonArray hs = new JsonArray();
        headers.forEach(hs::add);
        o.add("headers", hs);
        o.addProperty("ordererSignatures", last.ordererSignaturesHex());
        if (!last.signerIdentities().isEmpty()) {
            JsonObject ids = new JsonObject();
            last.signerIdentities()
                    .forEach((id, identity) -> ids.addProperty(id.toString(), identity));
            o.add("signerIdentities", ids);
        }
        if (!records.isEmpty()) {
            o.add("entryBlocks", entryBlocks);
        }
        o.add("attestations", attestations);
        return o.toString();
    }

    @Override
    public String toString() {
        return slaveChainId
                + " blocks "
                + firstBlock
                + ".."
                + last.number()
                + " ("
                + records.size()
                + " records)";
    }
}
