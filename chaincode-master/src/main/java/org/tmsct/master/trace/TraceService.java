package org.tmsct.master.trace;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.core.bloom.BloomFilter;
import org.tmsct.core.merkle.MerkleProof;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.master.anchor.AnchorLedger;
import org.tmsct.master.anchor.AnchorRecord;
import org.tmsct.master.anchor.BlockRef;
import org.tmsct.master.anchor.ChainAnchorState;
import org.tmsct.master.anchor.RejectedEntry;
import org.tmsct.master.anchor.TidSummary;
import org.tmsct.master.anchor.TraceEntry;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.common.Ids;
import org.tmsct.master.governance.SlaveChain;
import org.tmsct.master.governance.SlaveChainRegistry;
import org.tmsct.master.index.BitSlicedStateIndex;

/**
 * The read side of the master chain: a product's trace, existence, block search and Merkle proofs.
 */
public final class TraceService {

    /** How FindBlocks finds candidate blocks. */
    public enum Method {
        /** k rows per section of the chain's bit-sliced index (useBloom "true"). */
        BIT_SLICED("bit-sliced"),
        /** Every anchored block's own filter, one by one (useBloom "per-block"). */
        PER_BLOCK("per-block"),
        /**
         * No filter: every anchored block's entries are searched (useBloom "false"), the baseline.
         */
        WALK("walk");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Method of(String useBloom) {
            if (useBloom == null) {
                throw bad(null);
            }
            return switch (useBloom) {
                case "true", "bit-sliced" -> BIT_SLICED;
                case "per-block" -> PER_BLOCK;
                case "false", "walk" -> WALK;
                default -> throw bad(useBloom);
            };
        }

        private static ContractError bad(String value) {
            return new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "useBloom must be \"true\" (bit-sliced index), \"per-block\" "
                            + "(each block's filter) or \"false\" (search every block), got \""
                            + value
                            + "\"");
        }
    }

    private final AnchorLedger ledger;
    private final SlaveChainRegistry chains;

    public TraceService(AnchorLedger ledger, SlaveChainRegistry chains) {
        this.ledger = ledger;
        this.chains = chains;
    }

    /** The product's whole life across all slave chains, in anchoring order. */
    public JsonObject trace(String tid) {
        String id = Ids.tid(tid);
        List<TraceEntry> entries = ledger.trace(id);
        if (entries.isEmpty()) {
            throw new ContractError(
                    ErrorCodes.UNKNOWN_TID,
                    "unknown trace code "
                            + id
                            + ": no record of it has been anchored on the master chain");
        }
        JsonArray array = new JsonArray();
        entries.forEach(e -> array.add(e.toJson()));
        JsonObject out = new JsonObject();
        out.addProperty("tid", id);
        out.addProperty("productType", entries.get(0).productType());
        out.add("entries", array);
        return out;
    }

    /**
     * {exists, blocks:[{slaveChainId, blockNumber}]}, the blocks in anchoring order: one state read
     * for an unknown trace code, and one read of the code's entries for a known one.
     */
    public JsonObject exists(String tid) {
        String id = Ids.tid(tid);
        TidSummary summary = ledger.tid(id);
        JsonArray blocks = new JsonArray();
        if (summary != null) {
            Set<BlockRef> seen = new LinkedHashSet<>();
            ledger.trace(id).forEach(e -> seen.add(e.blockRef()));
            seen.forEach(b -> blocks.add(b.toJson()));
        }
        JsonObject out = new JsonObject();
        out.addProperty("tid", id);
        out.addProperty("exists", summary != null);
        out.add("blocks", blocks);
        return out;
    }

    /**
     * The anchored blocks that hold {@code tid}, on one chain or (chain "") on all, within [{@code
     * fromBlock}, {@code toBlock}] (-1: unbounded). Candidates come from the method's filter; each
     * candidate's entries are then searched to confirm it.
     */
    public JsonObject findBlocks(
            String tid, String slaveChainId, String fromBlock, String toBlock, String useBloom) {
        String id = Ids.tid(tid);
        long from = Ids.blockBound(fromBlock, "fromBlock");
        long to = Ids.blockBound(toBlock, "toBlock");
        Method method = Method.of(useBloom);
        List<SlaveChain> targets =
                slaveChainId == null || slaveChainId.isEmpty()
                        ? chains.all()
                        : List.of(chains.require(slaveChainId));

        List<BlockRef> candidates = new ArrayList<>();
        List<BlockRef> confirmed = new ArrayList<>();
        long skipped = 0;
        long scanned = 0;
        long reads = 0;
        for (SlaveChain chain : targets) {
            ChainAnchorState state = ledger.chainState(chain.id());
            reads++;
            if (!state.hasAnchors()) {
                continue;
            }
            long lo = Math.max(from < 0 ? 0 : from, state.firstCovered());
            long hi = to < 0 ? state.lastCovered() : Math.min(to, state.lastCovered());
            if (lo > hi) {
                continue;
            }
            switch (method) {
                case BIT_SLICED -> {
                    BitSlicedStateIndex.Lookup lookup =
                            new BitSlicedStateIndex(
                                            ledger.store(),
                                            chain.id(),
                                            chain.bloomParams(),
                                            chain.sectionSize())
                                    .candidates(id, lo, hi);
                    reads += lookup.stateReads();
                    skipped += lookup.blocksInRange() - lookup.candidates().size();
                    for (long block : lookup.candidates()) {
                        BlockRef ref = new BlockRef(chain.id(), block);
                        candidates.add(ref);
                        AnchorRecord record = ledger.anchor(chain.id(), block);
                        reads++;
                        scanned++;
                        if (record != null && record.containsTid(id)) {
                            confirmed.add(ref);
                        }
                    }
                }
                case PER_BLOCK -> {
                    int[] bits =
                            BloomFilter.indexes(
                                    id, chain.bloomParams().mBits(), chain.bloomParams().k());
                    List<AnchorLedger.BlockFilter> filters = ledger.filters(chain.id(), lo, hi);
                    reads += filters.size();
                    for (AnchorLedger.BlockFilter f : filters) {
                        if (!f.filter().allSet(bits)) {
                            skipped++;
                            continue;
                        }
                        BlockRef ref = new BlockRef(chain.id(), f.blockNumber());
                        candidates.add(ref);
                        AnchorRecord record = ledger.anchor(chain.id(), f.blockNumber());
                        reads++;
                        scanned++;
                        if (record != null && record.containsTid(id)) {
                            confirmed.add(ref);
                        }
                    }
                }
                case WALK -> {
                    List<AnchorRecord> records = ledger.anchors(chain.id(), lo, hi);
                    reads += records.size();
                    for (AnchorRecord record : records) {
                        scanned++;
                        if (record.leaves().isEmpty()) {
                            continue;
                        }
                        BlockRef ref = new BlockRef(chain.id(), record.blockNumber());
                        candidates.add(ref);
                        if (record.containsTid(id)) {
                            confirmed.add(ref);
                        }
                    }
                }
                default -> throw new IllegalStateException(method.toString());
            }
        }
        JsonObject out = new JsonObject();
        out.addProperty("tid", id);
        out.addProperty("method", method.label());
        out.add("candidates", refs(candidates));
        out.add("confirmed", refs(confirmed));
        out.addProperty("skippedByFilter", skipped);
        out.addProperty(
                "falsePositives", method == Method.WALK ? 0 : candidates.size() - confirmed.size());
        out.addProperty("blocksScanned", scanned);
        out.addProperty("stateReads", reads);
        return out;
    }

    /**
     * The Merkle inclusion proof of slave transaction {@code txId}'s entry in block {@code
     * blockNumber}.
     */
    public JsonObject proof(String slaveChainId, String blockNumber, String txId) {
        SlaveChain chain = chains.require(slaveChainId);
        long number = requireBlock(blockNumber);
        AnchorRecord record = requireAnchorOf(chain, number);
        if (record.blockNumber() != number) {
            throw new ContractError(
                    ErrorCodes.NOT_ANCHORED,
                    "block "
                            + number
                            + " of "
                            + chain.id()
                            + " carried no records; it is covered "
                            + "by the anchor of block "
                            + record.blockNumber());
        }
        int index = record.indexOf(txId);
        for (RejectedEntry r : record.rejected()) {
            if (r.txId().equals(txId)) {
                throw new ContractError(
                        ErrorCodes.TX_NOT_IN_BLOCK,
                        "slave transaction "
                                + txId
                                + " of block "
                                + number
                                + " of "
                                + chain.id()
                                + " was rejected by master ("
                                + r.code()
                                + "), so nothing proves it: "
                                + r.reason());
            }
        }
        if (index < 0) {
            throw new ContractError(
                    ErrorCodes.TX_NOT_IN_BLOCK,
                    "slave transaction "
                            + txId
                            + " is not among the "
                            + record.leaves().size()
                            + " anchored entries of block "
                            + number
                            + " of "
                            + chain.id());
        }
        MerkleProof proof = record.tree().proof(index);
        AnchorEntry entry = anchoredEntry(chain, txId);
        JsonObject out = new JsonObject();
        out.addProperty("slaveChainId", chain.id());
        out.addProperty("blockNumber", number);
        out.addProperty("blockHash", record.blockHash());
        out.addProperty("merkleRoot", record.merkleRoot());
        out.addProperty("entryIndex", index);
        out.add("entry", entry.toJsonObject());
        out.add("proof", proof.toJsonObject());
        out.addProperty("masterTxId", record.masterTxId());
        return out;
    }

    /**
     * The anchor of block {@code blockNumber}, or of the range that covers it, with its Bloom
     * filter.
     */
    public JsonObject anchor(String slaveChainId, String blockNumber) {
        SlaveChain chain = chains.require(slaveChainId);
        AnchorRecord record = requireAnchorOf(chain, requireBlock(blockNumber));
        BloomFilter filter = ledger.filter(chain.id(), record.blockNumber());
        JsonObject out = record.toJson();
        out.addProperty(
                "bloomFilter",
                (filter == null ? chain.bloomParams().newFilter() : filter).toBase64());
        return out;
    }

    /**
     * {slaveChainId, firstCovered, lastCovered, anchoredBlocks, blocksWithEntries, entries,
     * lastAnchorTxId}.
     */
    public JsonObject anchorState(String slaveChainId) {
        SlaveChain chain = chains.require(slaveChainId);
        return ledger.chainState(chain.id()).toJson();
    }

    /** The anchored entry of slave transaction {@code txId}, from its trace entry. */
    private AnchorEntry anchoredEntry(SlaveChain chain, String txId) {
        AnchorLedger.AnchoredTx where = ledger.anchoredTx(chain.id(), txId);
        TraceEntry e = where == null ? null : ledger.traceEntry(where.tid(), where.seq());
        if (e == null) {
            throw new IllegalStateException(
                    "the anchor of "
                            + chain.id()
                            + " names "
                            + txId
                            + " but it has no trace entry");
        }
        return new AnchorEntry(e.slaveTxId(), e.tid(), e.stage(), e.keyData(), e.dataHash());
    }

    private AnchorRecord requireAnchorOf(SlaveChain chain, long number) {
        ChainAnchorState state = ledger.chainState(chain.id());
        if (!state.hasAnchors() || number > state.lastCovered()) {
            throw new ContractError(
                    ErrorCodes.NOT_ANCHORED,
                    "block "
                            + number
                            + " of "
                            + chain.id()
                            + " is not anchored yet (last anchored block: "
                            + state.lastCovered()
                            + ")");
        }
        if (number < state.firstCovered()) {
            throw new ContractError(
                    ErrorCodes.NOT_ANCHORED,
                    "block "
                            + number
                            + " of "
                            + chain.id()
                            + " precedes the first anchored block "
                            + state.firstCovered());
        }
        AnchorRecord record = ledger.covering(chain.id(), number);
        if (record == null) {
            throw new IllegalStateException(
                    "no anchor covers block "
                            + number
                            + " of "
                            + chain.id()
                            + " inside the covered range");
        }
        return record;
    }

    private static long requireBlock(String value) {
        long n = Ids.blockBound(value, "blockNumber");
        if (n < 0) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "blockNumber must be a block number, got \"" + value + "\"");
        }
        return n;
    }

    private static JsonArray refs(List<BlockRef> refs) {
        JsonArray out = new JsonArray();
        refs.forEach(r -> out.add(r.toJson()));
        return out;
    }
}
