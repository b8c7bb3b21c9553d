package org.tmsct.master.anchor;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.state.KeyValue;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.core.bloom.BloomFilter;
import org.tmsct.core.protocol.StateKeys;
import org.tmsct.core.record.JsonFields;

/**
 * Where the anchoring data lives in world state. Keys read by exact value or by composite-key
 * prefix use composite keys; the two families read by block-number range use simple keys ({@code
 * anchor/<chain>/<16-digit block>}, {@code bloom/<chain>/<16-digit block>}), because Fabric refuses
 * composite keys in a bounded range read. Chain ids cannot hold '/', so one chain's range never
 * runs into another's.
 */
public final class AnchorLedger {

    /** chainstate~chain: {@link ChainAnchorState}. */
    static final String CHAIN_STATE = "chainstate";

    /** atx~chain~slaveTxId: where an anchored slave transaction is ({@link AnchoredTx}). */
    static final String ANCHORED_TX = "atx";

    /** trace~tid~seq: {@link TraceEntry}. */
    static final String TRACE = StateKeys.MASTER_TRACE;

    /** tid~tid: {@link TidSummary}. */
    static final String TID = StateKeys.MASTER_TID;

    static final String ANCHOR_PREFIX = StateKeys.MASTER_ANCHOR_PREFIX;
    static final String BLOOM_PREFIX = "bloom/";

    /** Largest block number an anchor may name (a JSON integer carries it exactly). */
    public static final long MAX_BLOCK = JsonFields.MAX_SAFE_INTEGER;

    private static final int BLOCK_DIGITS = 16;
    private static final int SEQ_DIGITS = 10;

    private final StateStore store;

    /** Where a slave transaction's entry was anchored. */
    public record AnchoredTx(
            String slaveChainId,
            String txId,
            long blockNumber,
            int entryIndex,
            String tid,
            long seq) {
        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("slaveChainId", slaveChainId);
            o.addProperty("txId", txId);
            o.addProperty("blockNumber", blockNumber);
            o.addProperty("entryIndex", entryIndex);
            o.addProperty("tid", tid);
            o.addProperty("seq", seq);
            return o;
        }

        static AnchoredTx fromJson(JsonObject o) {
            return new AnchoredTx(
                    o.get("slaveChainId").getAsString(),
                    o.get("txId").getAsString(),
                    o.get("blockNumber").getAsLong(),
                    o.get("entryIndex").getAsInt(),
                    o.get("tid").getAsString(),
                    o.get("seq").getAsLong());
        }
    }

    /** A stored per-block filter. */
    public record BlockFilter(long blockNumber, BloomFilter filter) {}

    public AnchorLedger(StateStore store) {
        this.store = store;
    }

    public StateStore store() {
        return store;
    }

    // --- chain state ---

    public ChainAnchorState chainState(String chainId) {
        byte[] b = store.get(Keys.composite(CHAIN_STATE, chainId));
        return b == null || b.length == 0
                ? ChainAnchorState.empty(chainId)
                : ChainAnchorState.fromJson(Json.stored(b));
    }

    public void putChainState(ChainAnchorState state) {
        store.put(Keys.composite(CHAIN_STATE, state.slaveChainId()), Json.bytes(state.toJson()));
    }

    // --- anchors and filters ---

    public AnchorRecord anchor(String chainId, long blockNumber) {
        byte[] b = store.get(anchorKey(chainId, blockNumber));
        return b == null || b.length == 0 ? null : AnchorRecord.fromJson(Json.stored(b));
    }

    /**
     * The anchor whose range holds {@code blockNumber}: the first anchor at or after it (reads one
     * entry).
     */
    public AnchorRecord covering(String chainId, long blockNumber) {
        List<KeyValue> first =
                store.byRange(anchorKey(chainId, blockNumber), rangeEnd(ANCHOR_PREFIX, chainId), 1);
        if (first.isEmpty()) {
            return null;
        }
        AnchorRecord record = AnchorRecord.fromJson(Json.stored(first.get(0).value()));
        return record.firstBlock() <= blockNumber ? record : null;
    }

    /** Anchors with block numbers in [{@code from}, {@code to}], ascending. */
    public List<AnchorRecord> anchors(String chainId, long from, long to) {
        List<AnchorRecord> out = new ArrayList<>();
        for (KeyValue kv : store.byRange(anchorKey(chainId, from), anchorKey(chainId, to + 1))) {
            out.add(AnchorRecord.fromJson(Json.stored(kv.value())));
        }
        return out;
    }

    public void putAnchor(AnchorRecord record) {
        store.put(
                anchorKey(record.slaveChainId(), record.blockNumber()),
                Json.bytes(record.toJson()));
    }

    public BloomFilter filter(String chainId, long blockNumber) {
        byte[] b = store.get(bloomKey(chainId, blockNumber));
        return b == null || b.length == 0 ? null : BloomFilter.fromBytes(b);
    }

    /**
     * Stored filters of blocks in [{@code from}, {@code to}], ascending (blocks without entries
     * have none).
     */
    public List<BlockFilter> filters(String chainId, long from, long to) {
        List<BlockFilter> out = new ArrayList<>();
        int prefix = (BLOOM_PREFIX + chainId + "/").length();
        for (KeyValue kv : store.byRange(bloomKey(chainId, from), bloomKey(chainId, to + 1))) {
            out.add(
                    new BlockFilter(
                            Long.parseLong(kv.key().substring(prefix)),
                            BloomFilter.fromBytes(kv.value())));
        }
        return out;
    }

    public void putFilter(String chainId, long blockNumber, BloomFilter filter) {
        store.put(bloomKey(chainId, blockNumber), filter.toBytes());
    }

    // --- anchored transactions ---

    public AnchoredTx anchoredTx(String chainId, String txId) {
        byte[] b = store.get(Keys.composite(ANCHORED_TX, chainId, txId));
        return b == null || b.length == 0 ? null : AnchoredTx.fromJson(Json.stored(b));
    }

    public void putAnchoredTx(AnchoredTx tx) {
        store.put(
                Keys.composite(ANCHORED_TX, tx.slaveChainId(), tx.txId()), Json.bytes(tx.toJson()));
    }

    // --- trace codes ---

    public TidSummary tid(String tid) {
        byte[] b = store.get(Keys.composite(TID, tid));
        return b == null || b.length == 0 ? null : TidSummary.fromJson(Json.stored(b));
    }

    public void putTid(TidSummary summary) {
        store.put(Keys.composite(TID, summary.tid()), Json.bytes(summary.toJson()));
    }

    /** The trace entries of {@code tid} in anchoring order. */
    public List<TraceEntry> trace(String tid) {
        List<TraceEntry> out = new ArrayList<>();
        for (KeyValue kv : store.byPrefix(Keys.composite(TRACE, tid))) {
            out.add(TraceEntry.fromJson(Json.stored(kv.value())));
        }
        return out;
    }

    /** Entry {@code seq} of {@code tid}, or null. */
    public TraceEntry traceEntry(String tid, long seq) {
        byte[] b = store.get(traceKey(tid, seq));
        return b == null || b.length == 0 ? null : TraceEntry.fromJson(Json.stored(b));
    }

    public void putTrace(TraceEntry entry) {
        store.put(traceKey(entry.tid(), entry.seq()), Json.bytes(entry.toJson()));
    }

    private static String traceKey(String tid, long seq) {
        return Keys.composite(TRACE, tid, Keys.pad(seq, SEQ_DIGITS));
    }

    // --- keys ---

    static String anchorKey(String chainId, long blockNumber) {
        return ANCHOR_PREFIX + chainId + "/" + Keys.pad(blockNumber, BLOCK_DIGITS);
    }

    static String bloomKey(String chainId, long blockNumber) {
        return BLOOM_PREFIX + chainId + "/" + Keys.pad(blockNumber, BLOCK_DIGITS);
    }

    /** Just past every block number of the chain's family ('0' follows '/'). */
    private static String rangeEnd(String prefix, String chainId) {
        return prefix + chainId + "0";
    }
}
