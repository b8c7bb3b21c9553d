package org.tmsct.master.anchor;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tmsct.chaincode.common.Caller;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.core.bloom.BloomFilter;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.genealogy.LotLinks;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.RecordFormatException;
import org.tmsct.core.record.TraceId;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.genealogy.LotGraph;
import org.tmsct.master.governance.OrdererCaRoots;
import org.tmsct.master.governance.ProcessDefinition;
import org.tmsct.master.governance.ProcessRegistry;
import org.tmsct.master.governance.SlaveChain;
import org.tmsct.master.governance.SlaveChainRegistry;
import org.tmsct.master.index.BitSlicedStateIndex;

/**
 * AnchorBlock: an anchor relay's report of slave blocks {@code firstBlock..blockNumber}, where the
 * last one carried record entries. Checks of the whole anchor (caller, range, product type, the
 * B-Merkle summary the relay sent, duplicates) refuse it with nothing written. Then each entry is
 * checked on its own ({@link EntryRules}): one that breaks a rule is rejected alone, with its code,
 * and the rest are anchored: trace entries, the block's B-Merkle record and filter over the
 * accepted entries, the bit-sliced index and the chain's progress.
 */
public final class AnchorService {

    public static final String ANCHORED = "ANCHORED";
    public static final String ALREADY_ANCHORED = "ALREADY_ANCHORED";

    private final AnchorLedger ledger;
    private final SlaveChainRegistry chains;
    private final ProcessRegistry processes;
    private final EntryVerifier.Trust trust;

    /** The answer, and the BlockAnchored event payload (null when nothing was written). */
    public record Outcome(JsonObject response, JsonObject event) {}

    public AnchorService(
            AnchorLedger ledger,
            SlaveChainRegistry chains,
            ProcessRegistry processes,
            EntryVerifier.Trust trust) {
        this.ledger = ledger;
        this.chains = chains;
        this.processes = processes;
        this.trust = trust;
    }

    public Outcome anchor(Tx tx, String anchorJson) {
        AnchorRequest request = AnchorRequest.parse(anchorJson);
        SlaveChain chain = chains.require(request.slaveChainId());
        requireRelayOf(chain, tx.caller());

        ChainAnchorState state = ledger.chainState(chain.id());
        if (state.hasAnchors()) {
            long expected = state.lastCovered() + 1;
            if (request.blockNumber() <= state.lastCovered()) {
                return new Outcome(alreadyAnchored(chain, request, state), null);
            }
            if (request.firstBlock() > expected) {
                throw new ContractError(
                        ErrorCodes.BLOCK_GAP,
                        "block "
                                + expected
                                + " of "
                                + chain.id()
                                + " expected, got "
                                + request.firstBlock()
                                + " (blocks "
                                + expected
                                + ".."
                                + (request.firstBlock() - 1)
                                + " were never anchored)");
            }
            if (request.firstBlock() < expected) {
                throw new ContractError(
                        ErrorCodes.BLOCK_OVERLAP,
                        "block "
                                + expected
                                + " of "
                                + chain.id()
                                + " expected, got "
                                + request.firstBlock()
                                + " (blocks "
                                + request.firstBlock()
                                + ".."
                                + state.lastCovered()
                                + " are already anchored; start the range at "
                                + expected
                                + ")");
            }
        }
        // Bounded anchors: range size, slave block headers, orderer signature, entry blocks.
        RangeChecks.check(
                chain,
                state,
                request,
                ledger,
                new OrdererCaRoots(ledger.store()),
                tx.timestampMillis());
        ProcessDefinition process = processes.require(request.productType());
        List<AnchorAttestations.Item> attestations =
                AnchorAttestations.parse(anchorJson, request.entries().size());
        EntryVerifier.Trust cached = DeviceTrust.cached(trust);

        // B-Merkle: rebuild from the entries and compare with what the relay computed.
        BlockSummary summary;
        try {
            summary =
                    BlockSummary.build(
                            chain.id(),
                            request.blockNumber(),
                            request.blockHash(),
                            request.entries(),
                            chain.bloomParams());
        } catch (RecordFormatException e) {
            throw new ContractError(ErrorCodes.BAD_REQUEST, e.getMessage());
        }
        if (!summary.merkleRootHex().equals(request.merkleRoot())) {
            throw new ContractError(
                    ErrorCodes.MERKLE_ROOT_MISMATCH,
                    "the Merkle root of block "
                            + request.blockNumber()
                            + " of "
                            + chain.id()
                            + " does not match its "
                            + request.entries().size()
                            + " entries: computed "
                            + summary.merkleRootHex()
                            + ", got "
                            + request.merkleRoot());
        }
        BloomFilter filter = request.bloomFilter();
        if (!chain.bloomParams().matches(filter)) {
            throw new ContractError(
                    ErrorCodes.BLOOM_MISMATCH,
                    "the Bloom filter of block "
                            + request.blockNumber()
                            + " of "
                            + chain.id()
                            + " has m="
                            + filter.mBits()
                            + ", k="
                            + filter.k()
                            + " but chain "
                            + chain.id()
                            + " uses m="
                            + chain.bloomParams().mBits()
                            + ", k="
                            + chain.bloomParams().k());
        }
        if (!summary.filter().equals(filter)) {
            throw new ContractError(
                    ErrorCodes.BLOOM_MISMATCH,
                    "the Bloom filter of block "
                            + request.blockNumber()
                            + " of "
                            + chain.id()
                            + " does not match the trace codes of its entries ("
                            + filter.bitCount()
                            + " bits set, "
                            + summary.filter().bitCount()
                            + " expected)");
        }

        // Each entry once; then each entry on its own against the process. An entry that breaks
        // a rule is rejected alone (kept out of the trace, the proofs and the filter), so one bad
        // record does not hold up its chain.
        TreeMap<String, TidSummary> tids = new TreeMap<>();
        TreeMap<String, Long> seqStart = new TreeMap<>();
        TreeSet<String> txIds = new TreeSet<>();
        List<AnchorEntry> accepted = new ArrayList<>();
        List<RejectedEntry> rejected = new ArrayList<>();
        LotGraph graph = new LotGraph(ledger.store());
        for (int i = 0; i < request.entries().size(); i++) {
            AnchorEntry entry = request.entries().get(i);
            String where = where(i, entry);
            if (!txIds.add(entry.txId())) {
                throw new ContractError(
                        ErrorCodes.DUPLICATE_TX,
                        where
                                + ": slave transaction "
                                + entry.txId()
                                + " appears twice in this anchor");
            }
            AnchorLedger.AnchoredTx earlier = ledger.anchoredTx(chain.id(), entry.txId());
            if (earlier != null) {
                throw new ContractError(
                        ErrorCodes.DUPLICATE_TX,
                        where
                                + ": slave transaction "
                                + entry.txId()
                                + " is already anchored in block "
                                + earlier.blockNumber()
                                + " of "
                                + chain.id());
            }
            TidSummary known = known(tids, entry.tid());
            LotLinks.Declared links = LotLinks.of(entry.tid(), Map.of());
            ContractError refusal = null;
            try {
                links = LotLinks.of(entry.tid(), entry.keyData());
            } catch (RecordFormatException e) {
                refusal = new ContractError(ErrorCodes.BAD_REQUEST, e.getMessage());
            }
            if (refusal == null) {
                refusal =
                        EntryRules.check(
                                process,
                                chain.id(),
                                entry.tid(),
                                entry.stage(),
                                entry.keyData().keySet(),
                                known,
                                inheritedStages(tids, links));
            }
            if (refusal == null) {
                refusal = verifyDevice(entry, attestations.get(i), chain, cached, tx);
            }
            if (refusal == null && !links.isEmpty()) {
                refusal = graph.check(entry.tid(), links, lot -> known(tids, lot) != null);
            }
            if (refusal != null) {
                rejected.add(
                        new RejectedEntry(
                                i,
                                entry.txId(),
                                entry.tid(),
                                entry.stage(),
                                refusal.code(),
                                where + ": " + refusal.getMessage()));
                continue;
            }
            accepted.add(entry);
            graph.add(entry.tid(), links, chain.id(), entry.txId());
            TidSummary base =
                    known == null ? TidSummary.first(entry.tid(), process.productType()) : known;
            seqStart.putIfAbsent(entry.tid(), base.entryCount());
            tids.put(entry.tid(), base.plus(entry.stage()));
        }
        // What master keeps and proves: the summary of the accepted entries only.
        BlockSummary kept =
                rejected.isEmpty()
                        ? summary
                        : BlockSummary.build(
                                chain.id(),
                                request.blockNumber(),
                                request.blockHash(),
                                accepted,
                                chain.bloomParams());

        // All checks passed: write. Entries of a TID are numbered on from its count before this
        // block; entryIndex is the leaf's position among the accepted entries.
        TreeMap<String, Long> nextSeq = new TreeMap<>();
        for (int i = 0; i < accepted.size(); i++) {
            AnchorEntry entry = accepted.get(i);
            long seq = nextSeq.getOrDefault(entry.tid(), seqStart.get(entry.tid()));
            nextSeq.put(entry.tid(), seq + 1);
            ledger.putTrace(
                    new TraceEntry(
                            entry.tid(),
                            seq,
                            entry.stage(),
                            chain.id(),
                            chain.ownerMsp(),
                            process.productType(),
                            entry.keyData(),
                            entry.dataHash(),
                            request.blockNumber(),
                            entry.txId(),
                            i,
                            tx.txId(),
                            tx.timestampMillis()));
            ledger.putAnchoredTx(
                    new AnchorLedger.AnchoredTx(
                            chain.id(), entry.txId(), request.blockNumber(), i, entry.tid(), seq));
        }
        tids.values().forEach(ledger::putTid);
        ledger.putAnchor(
                new AnchorRecord(
                        chain.id(),
                        process.productType(),
                        request.firstBlock(),
                        request.blockNumber(),
                        request.blockHash(),
                        kept.merkleRootHex(),
                        AnchorRecord.leavesOf(accepted),
                        rejected,
                        chain.ownerMsp(),
                        tx.txId(),
                        tx.timestampMillis()));
        if (!accepted.isEmpty()) {
            ledger.putFilter(chain.id(), request.blockNumber(), kept.filter());
            new BitSlicedStateIndex(
                            ledger.store(), chain.id(), chain.bloomParams(), chain.sectionSize())
                    .add(request.blockNumber(), kept.filter());
        }
        ledger.putChainState(
                state.advance(
                        request.firstBlock(),
                        request.blockNumber(),
                        accepted.size(),
                        tx.txId(),
                        request.blockHash()));

        JsonObject response = new JsonObject();
        response.addProperty("status", ANCHORED);
        response.addProperty("masterTxId", tx.txId());
        response.addProperty("slaveChainId", chain.id());
        response.addProperty("productType", process.productType());
        response.addProperty("firstBlock", request.firstBlock());
        response.addProperty("blockNumber", request.blockNumber());
        response.addProperty("entryCount", accepted.size());
        response.addProperty("merkleRoot", kept.merkleRootHex());
        response.add("rejected", RejectedEntry.toJson(rejected));
        return new Outcome(response, response.deepCopy());
    }

    /**
     * Would master accept a record of {@code stage} for {@code tid} on chain {@code slaveChainId},
     * sharing {@code keyFieldsJson} (a JSON array of field names), if it were anchored now? The
     * same rules as AnchorBlock's per-entry check, under the TID's process (else {@code default}).
     * Read only: a slave contract asks it before it records. {@code {"allowed":true,
     * "productType"}} or {@code {"allowed":false,"productType","code","reason"}}.
     */
    public JsonObject checkEntry(
            String slaveChainId, String tid, String stage, String keyFieldsJson) {
        SlaveChain chain = chains.require(slaveChainId);
        String checkedTid;
        try {
            checkedTid = TraceId.validate(tid);
        } catch (RecordFormatException e) {
            throw new ContractError(ErrorCodes.BAD_REQUEST, e.getMessage());
        }
        List<String> fields =
                Json.distinctStrings(
                        Json.requestValue(keyFieldsJson, "key fields"), "key fields", 256, 256);
        TidSummary known = ledger.tid(checkedTid);
        ProcessDefinition process =
                processes.require(
                        known == null ? ProcessRegistry.DEFAULT_PRODUCT_TYPE : known.productType());
        ContractError refusal =
                EntryRules.check(
                        process,
                        chain.id(),
                        checkedTid,
                        stage,
                        new TreeSet<>(fields),
                        known,
                        new TreeSet<>());
        JsonObject out = new JsonObject();
        out.addProperty("allowed", refusal == null);
        out.addProperty("productType", process.productType());
        if (refusal != null) {
            out.addProperty("code", refusal.code());
            out.addProperty("reason", refusal.getMessage());
        }
        return out;
    }

    /** Queries per CheckEntries call at most (a RecordBatch holds up to 500 records). */
    public static final int MAX_CHECKS = 500;

    /**
     * {@link #checkEntry} for each of {@code queriesJson}, a JSON array of {@code {"tid","stage",
     * "keyFields":[...]}}: the answers in the same order. One call for a slave's whole RecordBatch.
     */
    public JsonArray checkEntries(String slaveChainId, String queriesJson) {
        JsonElement parsed = Json.requestValue(queriesJson, "entry checks");
        if (!parsed.isJsonArray() || parsed.getAsJsonArray().size() > MAX_CHECKS) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "entry checks must be a JSON array of at most "
                            + MAX_CHECKS
                            + " objects {tid, stage, keyFields}");
        }
        JsonArray out = new JsonArray();
        for (JsonElement e : parsed.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST,
                        "each entry check is an object {tid, stage, keyFields}");
            }
            JsonObject q = e.getAsJsonObject();
            Json.rejectUnknown(q, "entry check", "tid", "stage", "keyFields");
            JsonElement fields = q.get("keyFields");
            out.add(
                    checkEntry(
                            slaveChainId,
                            Json.requireString(q, "tid", "entry check"),
                            Json.requireString(q, "stage", "entry check"),
                            fields == null ? "[]" : fields.toString()));
        }
        return out;
    }

    /** What master knows of {@code tid}, counting entries accepted earlier in this anchor. */
    private TidSummary known(Map<String, TidSummary> inThisAnchor, String tid) {
        return inThisAnchor.containsKey(tid) ? inThisAnchor.get(tid) : ledger.tid(tid);
    }

    /** The stages of the lots an entry was made from. */
    private SortedSet<String> inheritedStages(
            Map<String, TidSummary> inThisAnchor, LotLinks.Declared links) {
        TreeSet<String> out = new TreeSet<>();
        for (String lot : links.mustBeKnown()) {
            TidSummary s = known(inThisAnchor, lot);
            if (s != null) {
                out.addAll(s.stages());
            }
        }
        return out;
    }

    private static ContractError verifyDevice(
            AnchorEntry entry,
            AnchorAttestations.Item attestation,
            SlaveChain chain,
            EntryVerifier.Trust trust,
            Tx tx) {
        if (attestation.unreadable() != null) {
            return new ContractError(
                    ErrorCodes.DEVICE_SIGNATURE_INVALID,
                    "the entry's attestation cannot be read: " + attestation.unreadable());
        }
        return EntryVerifier.check(
                entry, attestation.attestation(), chain.ownerMsp(), trust, tx.timestampMillis());
    }

    private static String where(int i, AnchorEntry entry) {
        return "entry " + i + " (slave tx " + entry.txId() + ", TID " + entry.tid() + ")";
    }

    private static void requireRelayOf(SlaveChain chain, Caller caller) {
        if (!caller.mspId().equals(chain.ownerMsp())) {
            throw new ContractError(
                    ErrorCodes.WRONG_ORG,
                    "only the anchor relay of "
                            + chain.ownerMsp()
                            + " may anchor slave chain "
                            + chain.id()
                            + "; the caller is from "
                            + caller.mspId());
        }
        if (!caller.isRelay()) {
            throw new ContractError(
                    ErrorCodes.NOT_RELAY,
                    "only an identity with attribute "
                            + Caller.ROLE_ATTRIBUTE
                            + "="
                            + Caller.RELAY_ROLE
                            + " may anchor blocks; the caller from "
                            + caller.mspId()
                            + " has none");
        }
    }

    private JsonObject alreadyAnchored(
            SlaveChain chain, AnchorRequest request, ChainAnchorState state) {
        JsonObject out = new JsonObject();
        out.addProperty("status", ALREADY_ANCHORED);
        out.addProperty("slaveChainId", chain.id());
        out.addProperty("blockNumber", request.blockNumber());
        out.addProperty("lastCovered", state.lastCovered());
        AnchorRecord covering = ledger.covering(chain.id(), request.blockNumber());
        if (covering != null) {
            out.addProperty("anchoredBlockNumber", covering.blockNumber());
            out.addProperty("masterTxId", covering.masterTxId());
        }
        return out;
    }
}
