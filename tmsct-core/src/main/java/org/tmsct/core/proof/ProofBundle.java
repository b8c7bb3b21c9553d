package org.tmsct.core.proof;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.merkle.MerkleProof;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.CanonicalJson;

/**
 * A self-contained proof of a product's trace: master's {@code Trace} answer with, for every entry,
 * the anchored Merkle leaf, its inclusion proof and its block's root, so that anyone can check the
 * trace offline and later compare the few anchored roots it names with master's.
 *
 * <p>JSON form ({@value #FORMAT}):
 *
 * <pre>{@code
 * {"format":"tmsct-proof-bundle/1", "tid":"...", "productType":"...",
 *  "createdAt":"2025-01-31T12:00:00Z",             // ISO-8601 instant
 *  "recall":{"status":"CLEAR","lots":[]},          // as Trace gave it; optional
 *  "entries":[{ ...the trace entry's members as Trace gave them (tid, seq, stage, slaveChainId,
 *               ownerMsp, productType, keyData, dataHash, slaveBlockNumber, slaveTxId,
 *               entryIndex, masterTxId, txTimestamp)...,
 *               "anchor":{"merkleRoot":"<hex>","blockHash":"<hex>","entryIndex":0,
 *                         "entry":{AnchorEntry JSON},"proof":{MerkleProof JSON}}}],
 *  "roots":[{"slaveChainId":"...","blockNumber":5,"merkleRoot":"<hex>","blockHash":"<hex>",
 *            "masterTxId":"..."}]}
 * }</pre>
 *
 * {@code roots} lists every anchored block of the entries once, in the order of first use: these
 * are the roots the bundle claims master anchored. {@link #verify} checks everything that needs no
 * network; {@link #checkRoots} also compares the named roots with the network's. The bundle proves
 * that each entry it holds was anchored; it cannot prove offline that master holds no other entry
 * of the product, nor the recall status, which is master's word at {@code createdAt}.
 */
public final class ProofBundle {

    /** The value of the {@code format} member this class writes and reads. */
    public static final String FORMAT = "tmsct-proof-bundle/1";

    private static final String BUNDLE = "proof bundle";

    private ProofBundle() {}

    /** Where the network's anchored roots come from: master, through GetAnchor or Proof. */
    @FunctionalInterface
    public interface RootSource {
        /** The Merkle root (64 lowercase hex characters) master holds for the block. */
        String merkleRoot(String slaveChainId, long blockNumber) throws Exception;
    }

    /** The outcome for one entry; {@code problem} is null when {@code ok}. */
    public record EntryCheck(
            long seq,
            String stage,
            String slaveChainId,
            long blockNumber,
            String slaveTxId,
            boolean ok,
            String problem) {}

    /**
     * One anchored root the bundle names. {@code networkRoot} is master's root for the block when
     * it was fetched ({@link #checkRoots}), else null; {@code problem} is null when {@code ok}.
     */
    public record RootCheck(
            String slaveChainId,
            long blockNumber,
            String merkleRoot,
            String blockHash,
            String masterTxId,
            String networkRoot,
            boolean ok,
            String problem) {}

    /**
     * The result of checking a bundle. {@code recallStatus} is the bundle's {@code recall.status},
     * or null if it has none.
     */
    public record Report(
            String tid,
            String productType,
            Instant createdAt,
            String recallStatus,
            List<EntryCheck> entries,
            List<RootCheck> roots) {

        public Report {
            entries = List.copyOf(entries);
            roots = List.copyOf(roots);
        }

        /** True if every entry and every root passed. */
        public boolean ok() {
            return entries.stream().allMatch(EntryCheck::ok)
                    && roots.stream().allMatch(RootCheck::ok);
        }

        /** The entries that failed. */
        public List<EntryCheck> failedEntries() {
            return entries.stream().filter(e -> !e.ok()).toList();
        }
    }

    /**
     * The bundle of a trace.
     *
     * @param trace master's answer to {@code Trace(tid)}
     * @param proofs master's answers to {@code Proof(slaveChainId, slaveBlockNumber, slaveTxId)},
     *     one per trace entry, in the order of the entries
     * @param createdAt when the answers were fetched
     * @throws IllegalArgumentException if a member is missing or of the wrong type, or the proofs
     *     do not pair with the entries (count, chain or block)
     */
    public static JsonObject build(JsonObject trace, List<JsonObject> proofs, Instant createdAt) {
        Members t = Members.of(trace, "trace");
        if (proofs == null) {
            throw new IllegalArgumentException("proofs are missing");
        }
        if (createdAt == null) {
            throw new IllegalArgumentException("createdAt is missing");
        }
        String tid = t.string("tid");
        String productType = t.string("productType");
        JsonArray traceEntries = t.array("entries");
        if (traceEntries.size() != proofs.size()) {
            throw new IllegalArgumentException(
                    "the trace has "
                            + traceEntries.size()
                            + " entries but "
                            + proofs.size()
                            + " Proof answers were given, one per entry is needed");
        }
        JsonArray entries = new JsonArray();
        Map<BlockKey, JsonObject> roots = new LinkedHashMap<>();
        for (int i = 0; i < traceEntries.size(); i++) {
            Members e = t.element(traceEntries, "entries", i);
            String chain = e.string("slaveChainId");
            long block = e.integer("slaveBlockNumber", 0);
            if (e.has("anchor")) {
                throw e.bad("anchor", "is already there: this is not a Trace answer");
            }
            Members p = Members.of(proofs.get(i), "Proof answer " + i);
            String proofChain = p.string("slaveChainId");
            long proofBlock = p.integer("blockNumber", 0);
            if (!proofChain.equals(chain) || proofBlock != block) {
                throw new IllegalArgumentException(
                        "Proof answer "
                                + i
                                + " is for block "
                                + proofBlock
                                + " of "
                                + proofChain
                                + ", but trace entry "
                                + i
                                + " is in block "
                                + block
                                + " of "
                                + chain);
            }
            JsonObject anchor = new JsonObject();
            anchor.addProperty("merkleRoot", p.hex32("merkleRoot"));
            anchor.addProperty("blockHash", p.hex32("blockHash"));
            anchor.addProperty("entryIndex", p.integer("entryIndex", 0));
            anchor.add("entry", p.object("entry").deepCopy());
            anchor.add("proof", p.object("proof").deepCopy());
            JsonObject entry = e.object().deepCopy();
            entry.add("anchor", anchor);
            entries.add(entry);

            // the first answer for a block names its root; verify flags any later one that differs
            roots.computeIfAbsent(
                    new BlockKey(chain, block),
                    k -> {
                        JsonObject row = new JsonObject();
                        row.addProperty("slaveChainId", chain);
                        row.addProperty("blockNumber", block);
                        row.addProperty("merkleRoot", anchor.get("merkleRoot").getAsString());
                        row.addProperty("blockHash", anchor.get("blockHash").getAsString());
                        row.addProperty("masterTxId", p.string("masterTxId"));
                        return row;
                    });
        }
        JsonObject out = new JsonObject();
        out.addProperty("format", FORMAT);
        out.addProperty("tid", tid);
        out.addProperty("productType", productType);
        out.addProperty("createdAt", createdAt.toString());
        if (t.has("recall")) {
            out.add("recall", t.object("recall").deepCopy());
        }
        out.add("entries", entries);
        JsonArray rootRows = new JsonArray();
        roots.values().forEach(rootRows::add);
        out.add("roots", rootRows);
        return out;
    }

    /**
     * Checks a bundle offline: for every entry, the Merkle proof of the anchored leaf reaches the
     * entry's root, the leaf matches the trace entry (slave tx id, tid, stage, keyData, dataHash,
     * leaf index), and the entry's root and block hash are those the bundle names for its block.
     *
     * @throws IllegalArgumentException if the bundle is malformed (unknown format, a member missing
     *     or of the wrong type, bad hex), naming the member
     */
    public static Report verify(JsonObject bundle) {
        return check(Parsed.of(bundle), null);
    }

    /**
     * As {@link #verify}, and compares every root the bundle names with the one {@code source}
     * gives for the block: a different root, or none, is a problem of that root and of the entries
     * in its block. The bundle is read whole before {@code source} is asked anything.
     *
     * @throws IllegalArgumentException as {@link #verify}
     */
    public static Report checkRoots(JsonObject bundle, RootSource source) {
        if (source == null) {
            throw new IllegalArgumentException("root source is missing");
        }
        return check(Parsed.of(bundle), source);
    }

    private static Report check(Parsed b, RootSource source) {
        Map<BlockKey, String> rootProblems = new LinkedHashMap<>();
        Map<BlockKey, String> networkRoots = new LinkedHashMap<>();
        if (source != null) {
            for (Root r : b.roots.values()) {
                String problem = null;
                String net = null;
                try {
                    net = source.merkleRoot(r.key.chain(), r.key.block());
                    if (!Hex.isLowerHex(net, Sha256.LENGTH)) {
                        problem = "master gave no valid root for the block";
                        net = null;
                    } else if (!net.equals(r.merkleRoot)) {
                        problem = "master holds root " + net + " for the block";
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    problem = "not checked against master: interrupted";
                } catch (Exception e) {
                    problem = "not checked against master: " + e.getMessage();
                }
                networkRoots.put(r.key, net);
                if (problem != null) {
                    rootProblems.put(r.key, problem);
                }
            }
        }

        List<EntryCheck> entryChecks = new ArrayList<>();
        Set<BlockKey> used = new HashSet<>();
        for (Entry e : b.entries) {
            used.add(e.key);
            List<String> why = new ArrayList<>();
            if (!BlockSummary.verify(e.anchored, e.proof, Hex.decode(e.merkleRoot))) {
                why.add(
                        "the Merkle proof of the anchored leaf does not reach root "
                                + e.merkleRoot);
            }
            if (e.anchorEntryIndex != e.proof.leafIndex()
                    || (e.entryIndex != null && e.entryIndex != e.proof.leafIndex())) {
                why.add(
                        "the proof is for leaf "
                                + e.proof.leafIndex()
                                + ", the entry names leaf "
                                + (e.entryIndex == null ? e.anchorEntryIndex : e.entryIndex));
            }
            List<String> differ = new ArrayList<>();
            if (!e.anchored.txId().equals(e.slaveTxId)) {
                differ.add("slaveTxId");
            }
            if (!e.anchored.tid().equals(e.tid)) {
                differ.add("tid");
            }
            if (!e.anchored.stage().equals(e.stage)) {
                differ.add("stage");
            }
            if (!e.anchoredKeyData.equals(e.keyData)) {
                differ.add("keyData");
            }
            if (!e.anchored.dataHash().equals(e.dataHash)) {
                differ.add("dataHash");
            }
            if (!differ.isEmpty()) {
                why.add(
                        "the anchored leaf differs from the trace entry in "
                                + String.join(", ", differ));
            }
            if (!e.tid.equals(b.tid)) {
                why.add("the entry is of trace code " + e.tid + ", the bundle of " + b.tid);
            }
            Root r = b.roots.get(e.key);
            if (r == null) {
                why.add("the bundle names no anchored root for its block");
            } else {
                if (!r.merkleRoot.equals(e.merkleRoot)) {
                    why.add(
                            "its root "
                                    + e.merkleRoot
                                    + " is not the root "
                                    + r.merkleRoot
                                    + " the bundle names for its block");
                }
                if (!r.blockHash.equals(e.blockHash)) {
                    why.add("its block hash is not the one the bundle names for its block");
                }
                if (e.masterTxId != null && !e.masterTxId.equals(r.masterTxId)) {
                    why.add(
                            "it names master transaction "
                                    + e.masterTxId
                                    + ", the bundle's root of its block "
                                    + r.masterTxId);
                }
                if (rootProblems.containsKey(e.key)) {
                    why.add("its block's root: " + rootProblems.get(e.key));
                }
            }
            entryChecks.add(
                    new EntryCheck(
                            e.seq,
                            e.stage,
                            e.key.chain(),
                            e.key.block(),
                            e.slaveTxId,
                            why.isEmpty(),
                            why.isEmpty() ? null : String.join("; ", why)));
        }

        List<RootCheck> rootChecks = new ArrayList<>();
        for (Root r : b.roots.values()) {
            List<String> why = new ArrayList<>();
            if (rootProblems.containsKey(r.key)) {
                why.add(rootProblems.get(r.key));
            }
            if (!used.contains(r.key)) {
                // build never writes such a row: a root that proves nothing in the bundle
                why.add("no entry of the bundle is in this block");
            }
            rootChecks.add(
                    new RootCheck(
                            r.key.chain(),
                            r.key.block(),
                            r.merkleRoot,
                            r.blockHash,
                            r.masterTxId,
                            networkRoots.get(r.key),
                            why.isEmpty(),
                            why.isEmpty() ? null : String.join("; ", why)));
        }
        return new Report(
                b.tid, b.productType, b.createdAt, b.recallStatus, entryChecks, rootChecks);
    }

    private record BlockKey(String chain, long block) {}

    private record Root(BlockKey key, String merkleRoot, String blockHash, String masterTxId) {}

    /** One entry as read from the bundle; entryIndex and masterTxId are null when absent. */
    private record Entry(
            long seq,
            String tid,
            String stage,
            BlockKey key,
            String slaveTxId,
            String keyData,
            String dataHash,
            Long entryIndex,
            String masterTxId,
            String merkleRoot,
            String blockHash,
            long anchorEntryIndex,
            AnchorEntry anchored,
            String anchoredKeyData,
            MerkleProof proof) {}

    /** The whole bundle, read strictly before anything is checked. */
    private record Parsed(
            String tid,
            String productType,
            Instant createdAt,
            String recallStatus,
            List<Entry> entries,
            Map<BlockKey, Root> roots) {

        static Parsed of(JsonObject bundle) {
            Members m = Members.of(bundle, BUNDLE);
            String format = m.string("format");
            if (!FORMAT.equals(format)) {
                throw m.bad("format", "is \"" + format + "\", this reader knows only " + FORMAT);
            }
            String tid = m.string("tid");
            String productType = m.string("productType");
            Instant createdAt;
            try {
                createdAt = Instant.parse(m.string("createdAt"));
            } catch (DateTimeParseException e) {
                throw m.bad(
                        "createdAt", "must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
            }
            String recallStatus = m.has("recall") ? m.child("recall").string("status") : null;

            JsonArray rootRows = m.array("roots");
            Map<BlockKey, Root> roots = new LinkedHashMap<>();
            for (int i = 0; i < rootRows.size(); i++) {
                Members r = m.element(rootRows, "roots", i);
                BlockKey key = new BlockKey(r.string("slaveChainId"), r.integer("blockNumber", 0));
                Root root =
                        new Root(
                                key,
                                r.hex32("merkleRoot"),
                                r.hex32("blockHash"),
                                r.string("masterTxId"));
                if (roots.putIfAbsent(key, root) != null) {
                    throw new IllegalArgumentException(
                            BUNDLE
                                    + ": roots["
                                    + i
                                    + "] names block "
                                    + key.block()
                                    + " of "
                                    + key.chain()
                                    + " a second time");
                }
            }

            JsonArray entryRows = m.array("entries");
            if (entryRows.isEmpty()) {
                throw m.bad("entries", "is empty: a bundle proves at least one entry");
            }
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < entryRows.size(); i++) {
                entries.add(entry(m.element(entryRows, "entries", i)));
            }
            return new Parsed(tid, productType, createdAt, recallStatus, entries, roots);
        }

        private static Entry entry(Members e) {
            long seq = e.integer("seq", 0);
            String tid = e.string("tid");
            String stage = e.string("stage");
            BlockKey key = new BlockKey(e.string("slaveChainId"), e.integer("slaveBlockNumber", 0));
            String slaveTxId = e.string("slaveTxId");
            String keyData = canonical(e, "keyData");
            String dataHash = e.hex32("dataHash");
            Long entryIndex = e.has("entryIndex") ? e.integer("entryIndex", 0) : null;
            String masterTxId = e.has("masterTxId") ? e.string("masterTxId") : null;

            Members a = e.child("anchor");
            String merkleRoot = a.hex32("merkleRoot");
            String blockHash = a.hex32("blockHash");
            long anchorEntryIndex = a.integer("entryIndex", 0);
            AnchorEntry anchored;
            try {
                anchored = AnchorEntry.fromJson(a.object("entry"));
            } catch (IllegalArgumentException x) {
                throw a.bad("entry", x);
            }
            MerkleProof proof;
            try {
                proof = MerkleProof.fromJson(a.object("proof"));
            } catch (IllegalArgumentException x) {
                throw a.bad("proof", x);
            }
            String anchoredKeyData =
                    CanonicalJson.canonicalString(anchored.toJsonObject().get("keyData"));
            return new Entry(
                    seq,
                    tid,
                    stage,
                    key,
                    slaveTxId,
                    keyData,
                    dataHash,
                    entryIndex,
                    masterTxId,
                    merkleRoot,
                    blockHash,
                    anchorEntryIndex,
                    anchored,
                    anchoredKeyData,
                    proof);
        }

        /** The canonical text of object member {@code name}, so that key order does not matter. */
        private static String canonical(Members e, String name) {
            JsonObject value = e.object(name);
            try {
                return CanonicalJson.canonicalString(value);
            } catch (IllegalArgumentException x) {
                throw e.bad(name, x);
            }
        }
    }
}
