package org.tmsct.core.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.proof.ProofBundle.EntryCheck;
import org.tmsct.core.proof.ProofBundle.Report;
import org.tmsct.core.proof.ProofBundle.RootCheck;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.JsonFields;

class ProofBundleTest {

    private static final String TID = "BIKE-FRAME-0001";
    private static final Instant CREATED = Instant.parse("2025-03-01T10:15:30Z");

    /** An anchored slave block and where the product's entries sit in it. */
    private record Block(
            String chain,
            long number,
            BlockSummary summary,
            List<AnchorEntry> leaves,
            String masterTx) {}

    /** Which leaf of which block each trace entry (seq 0..3) is. */
    private record Placed(Block block, int leaf) {}

    private static final List<Placed> TRACE = new ArrayList<>();

    static {
        // A: the raw-material block, the product's leaf between two others
        Block a =
                block(
                        "raw-material",
                        5,
                        "m-tx-a",
                        List.of(
                                other("a0", "OTHER-1"),
                                leaf(
                                        "a1",
                                        "harvest",
                                        Map.of("lot", s("L-17"), "weightKg", n(12.5))),
                                other("a2", "OTHER-2")));
        // B: five leaves, so the proof carries an unbalanced path
        Block b =
                block(
                        "logistics",
                        9,
                        "m-tx-b",
                        List.of(
                                other("b0", "OTHER-3"),
                                leaf(
                                        "b1",
                                        "transport",
                                        Map.of("carrier", s("ACME"), "tempC", n(-4))),
                                other("b2", "OTHER-4"),
                                other("b3", "OTHER-5"),
                                other("b4", "OTHER-6")));
        // C: two entries of the product in one block
        Block c =
                block(
                        "processing",
                        3,
                        "m-tx-c",
                        List.of(
                                other("c0", "OTHER-7"),
                                other("c1", "OTHER-8"),
                                leaf("c2", "machining", Map.of("line", s("L2"))),
                                leaf("c3", "painting", Map.of("colour", s("red")))));
        TRACE.add(new Placed(a, 1));
        TRACE.add(new Placed(b, 1));
        TRACE.add(new Placed(c, 2));
        TRACE.add(new Placed(c, 3));
    }

    private static JsonPrimitive s(String v) {
        return new JsonPrimitive(v);
    }

    private static JsonPrimitive n(Number v) {
        return new JsonPrimitive(v);
    }

    private static AnchorEntry leaf(String txId, String stage, Map<String, JsonElement> keyData) {
        return new AnchorEntry(
                txId,
                TID,
                stage,
                keyData,
                Sha256.hex(("D of " + txId).getBytes(StandardCharsets.UTF_8)));
    }

    private static AnchorEntry other(String txId, String tid) {
        return new AnchorEntry(
                txId,
                tid,
                "harvest",
                Map.of("lot", s("X-" + txId)),
                Sha256.hex(("D of " + txId).getBytes(StandardCharsets.UTF_8)));
    }

    private static Block block(
            String chain, long number, String masterTx, List<AnchorEntry> leaves) {
        String blockHash = Sha256.hex((chain + "#" + number).getBytes(StandardCharsets.UTF_8));
        BlockSummary summary =
                BlockSummary.build(chain, number, blockHash, leaves, BloomParams.DEFAULT);
        return new Block(chain, number, summary, leaves, masterTx);
    }

    /** Through JSON text, as the answers reach the client. */
    private static JsonObject wire(JsonObject o) {
        return JsonFields.parseObject(CanonicalJson.canonicalString(o), "answer");
    }

    /** master's Trace(TID), member for member as TraceEntry.toJson and MasterContract write it. */
    static JsonObject traceAnswer() {
        JsonArray entries = new JsonArray();
        for (int seq = 0; seq < TRACE.size(); seq++) {
            Placed p = TRACE.get(seq);
            AnchorEntry leaf = p.block().leaves().get(p.leaf());
            JsonObject e = new JsonObject();
            e.addProperty("tid", TID);
            e.addProperty("seq", seq);
            e.addProperty("stage", leaf.stage());
            e.addProperty("slaveChainId", p.block().chain());
            e.addProperty("ownerMsp", "Org" + p.block().chain().length() + "MSP");
            e.addProperty("productType", "bicycle");
            e.add("keyData", leaf.toJsonObject().get("keyData"));
            e.addProperty("dataHash", leaf.dataHash());
            e.addProperty("slaveBlockNumber", p.block().number());
            e.addProperty("slaveTxId", leaf.txId());
            e.addProperty("entryIndex", p.leaf());
            e.addProperty("masterTxId", p.block().masterTx());
            e.addProperty("txTimestamp", 1_740_000_000_000L + seq);
            entries.add(e);
        }
        JsonObject recall = new JsonObject();
        recall.addProperty("status", "CLEAR");
        recall.add("lots", new JsonArray());
        JsonObject trace = new JsonObject();
        trace.addProperty("tid", TID);
        trace.addProperty("productType", "bicycle");
        trace.add("entries", entries);
        trace.add("recall", recall);
        return wire(trace);
    }

    /** master's Proof(chain, block, txId) for each trace entry, as TraceService.proof writes it. */
    static List<JsonObject> proofAnswers() {
        List<JsonObject> out = new ArrayList<>();
        for (Placed p : TRACE) {
            Block b = p.block();
            JsonObject o = new JsonObject();
            o.addProperty("slaveChainId", b.chain());
            o.addProperty("blockNumber", b.number());
            o.addProperty("blockHash", b.summary().blockHash());
            o.addProperty("merkleRoot", b.summary().merkleRootHex());
            o.addProperty("entryIndex", p.leaf());
            o.add("entry", b.leaves().get(p.leaf()).toJsonObject());
            o.add("proof", b.summary().proof(p.leaf()).toJsonObject());
            o.addProperty("masterTxId", b.masterTx());
            out.add(wire(o));
        }
        return out;
    }

    /** A fresh bundle, read back from its text as a file would be. */
    static JsonObject bundle() {
        return wire(ProofBundle.build(traceAnswer(), proofAnswers(), CREATED));
    }

    private static JsonObject entry(JsonObject bundle, int i) {
        return bundle.getAsJsonArray("entries").get(i).getAsJsonObject();
    }

    private static JsonObject anchor(JsonObject bundle, int i) {
        return entry(bundle, i).getAsJsonObject("anchor");
    }

    private static JsonObject rootRow(JsonObject bundle, String chain) {
        for (JsonElement r : bundle.getAsJsonArray("roots")) {
            if (r.getAsJsonObject().get("slaveChainId").getAsString().equals(chain)) {
                return r.getAsJsonObject();
            }
        }
        throw new AssertionError("no root row of " + chain);
    }

    /** {@code hex} with its last character changed: one byte of the value differs. */
    private static String flip(String hex) {
        char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }

    private static void flipMember(JsonObject o, String name) {
        o.addProperty(name, flip(o.get(name).getAsString()));
    }

    /** Exactly the entries {@code failing} fail, each with a problem that mentions {@code why}. */
    private static void assertOnlyFail(Report report, String why, int... failing) {
        assertFalse(report.ok());
        List<Integer> expected = new ArrayList<>();
        for (int f : failing) {
            expected.add(f);
        }
        for (int i = 0; i < report.entries().size(); i++) {
            EntryCheck e = report.entries().get(i);
            if (expected.contains(i)) {
                assertFalse(e.ok(), "entry " + i + " should fail");
                assertTrue(
                        e.problem().contains(why),
                        "entry " + i + ": \"" + e.problem() + "\" should mention \"" + why + "\"");
            } else {
                assertTrue(e.ok(), "entry " + i + " should pass, got " + e.problem());
                assertNull(e.problem());
            }
        }
    }

    @Test
    void builtBundleHasTheDocumentedShape() {
        JsonObject b = bundle();
        assertEquals(ProofBundle.FORMAT, b.get("format").getAsString());
        assertEquals(TID, b.get("tid").getAsString());
        assertEquals("bicycle", b.get("productType").getAsString());
        assertEquals("2025-03-01T10:15:30Z", b.get("createdAt").getAsString());
        assertEquals("CLEAR", b.getAsJsonObject("recall").get("status").getAsString());
        assertEquals(4, b.getAsJsonArray("entries").size());
        // the trace entry's own members are kept as master gave them
        JsonObject first = entry(b, 0);
        JsonObject traced = traceAnswer().getAsJsonArray("entries").get(0).getAsJsonObject();
        for (String member : traced.keySet()) {
            assertEquals(traced.get(member), first.get(member), member);
        }
        JsonObject anchor = anchor(b, 0);
        assertEquals(
                TRACE.get(0).block().summary().merkleRootHex(),
                anchor.get("merkleRoot").getAsString());
        assertEquals(1, anchor.get("entryIndex").getAsInt());
        // three distinct blocks, in order of first use, C once for its two entries
        JsonArray roots = b.getAsJsonArray("roots");
        assertEquals(3, roots.size());
        assertEquals(
                "raw-material", roots.get(0).getAsJsonObject().get("slaveChainId").getAsString());
        assertEquals(
                "processing", roots.get(2).getAsJsonObject().get("slaveChainId").getAsString());
        assertEquals(3, roots.get(2).getAsJsonObject().get("blockNumber").getAsLong());
        assertEquals("m-tx-c", roots.get(2).getAsJsonObject().get("masterTxId").getAsString());
    }

    @Test
    void untouchedBundleVerifies() {
        Report r = ProofBundle.verify(bundle());
        assertTrue(r.ok(), () -> r.toString());
        assertEquals(TID, r.tid());
        assertEquals(CREATED, r.createdAt());
        assertEquals("CLEAR", r.recallStatus());
        assertEquals(4, r.entries().size());
        assertEquals(List.of(0L, 1L, 2L, 3L), r.entries().stream().map(EntryCheck::seq).toList());
        assertEquals("transport", r.entries().get(1).stage());
        assertEquals("logistics", r.entries().get(1).slaveChainId());
        assertEquals(9, r.entries().get(1).blockNumber());
        assertEquals("b1", r.entries().get(1).slaveTxId());
        assertEquals(3, r.roots().size());
        assertTrue(r.roots().stream().allMatch(RootCheck::ok));
        assertNull(r.roots().get(0).networkRoot());
        assertTrue(r.failedEntries().isEmpty());
    }

    @Test
    void bundleWithoutRecallVerifies() {
        JsonObject trace = traceAnswer();
        trace.remove("recall");
        Report r = ProofBundle.verify(ProofBundle.build(trace, proofAnswers(), CREATED));
        assertTrue(r.ok());
        assertNull(r.recallStatus());
    }

    @Test
    void changedKeyDataOfTheTraceEntryFailsThatEntryOnly() {
        JsonObject b = bundle();
        entry(b, 0).getAsJsonObject("keyData").addProperty("lot", "L-18");
        assertOnlyFail(ProofBundle.verify(b), "keyData", 0);
    }

    @Test
    void changedKeyDataOfTheAnchoredLeafFailsThatEntryOnly() {
        JsonObject b = bundle();
        anchor(b, 1)
                .getAsJsonObject("entry")
                .getAsJsonObject("keyData")
                .addProperty("carrier", "ACMF");
        Report r = ProofBundle.verify(b);
        assertOnlyFail(r, "keyData", 1);
        assertOnlyFail(r, "Merkle proof", 1);
    }

    @Test
    void changedDataHashFailsThatEntryOnly() {
        JsonObject b = bundle();
        flipMember(entry(b, 2), "dataHash");
        assertOnlyFail(ProofBundle.verify(b), "dataHash", 2);
    }

    @Test
    void changedDataHashOfTheAnchoredLeafBreaksItsProof() {
        JsonObject b = bundle();
        flipMember(anchor(b, 3).getAsJsonObject("entry"), "dataHash");
        assertOnlyFail(ProofBundle.verify(b), "Merkle proof", 3);
    }

    @Test
    void changedStageFailsThatEntryOnly() {
        JsonObject b = bundle();
        entry(b, 3).addProperty("stage", "paintinG");
        assertOnlyFail(ProofBundle.verify(b), "stage", 3);
    }

    @Test
    void changedProofSiblingFailsThatEntryOnly() {
        for (int i = 0; i < TRACE.size(); i++) {
            JsonObject b = bundle();
            JsonArray path = anchor(b, i).getAsJsonObject("proof").getAsJsonArray("path");
            path.set(0, new JsonPrimitive(flip(path.get(0).getAsString())));
            assertOnlyFail(ProofBundle.verify(b), "Merkle proof", i);
        }
    }

    @Test
    void changedRootOfAnEntryFailsThatEntryOnly() {
        JsonObject b = bundle();
        flipMember(anchor(b, 2), "merkleRoot");
        Report r = ProofBundle.verify(b);
        assertOnlyFail(r, "Merkle proof", 2);
        assertOnlyFail(r, "the bundle names for its block", 2);
    }

    @Test
    void changedRootInTheRootsListFailsTheEntriesOfThatBlock() {
        JsonObject b = bundle();
        flipMember(rootRow(b, "raw-material"), "merkleRoot");
        assertOnlyFail(ProofBundle.verify(b), "the bundle names for its block", 0);

        // block C holds two of the product's entries: both lose their anchored root
        JsonObject c = bundle();
        flipMember(rootRow(c, "processing"), "merkleRoot");
        assertOnlyFail(ProofBundle.verify(c), "the bundle names for its block", 2, 3);
    }

    @Test
    void removedRootRowFailsTheEntriesOfThatBlock() {
        JsonObject b = bundle();
        b.getAsJsonArray("roots").remove(rootRow(b, "logistics"));
        Report r = ProofBundle.verify(b);
        assertOnlyFail(r, "names no anchored root", 1);
        assertEquals(2, r.roots().size());
        assertTrue(r.roots().stream().allMatch(RootCheck::ok));
    }

    @Test
    void rootRowThatNoEntryUsesIsAProblemOfThatRoot() {
        JsonObject b = bundle();
        JsonObject extra = rootRow(b, "logistics").deepCopy();
        extra.addProperty("blockNumber", 10);
        b.getAsJsonArray("roots").add(extra);
        Report r = ProofBundle.verify(b);
        assertFalse(r.ok());
        assertTrue(r.failedEntries().isEmpty());
        RootCheck unused = r.roots().get(3);
        assertFalse(unused.ok());
        assertTrue(unused.problem().contains("no entry"), unused.problem());
    }

    @Test
    void entryOfAnotherProductFails() {
        JsonObject b = bundle();
        b.addProperty("tid", "BIKE-FRAME-0002");
        Report r = ProofBundle.verify(b);
        assertEquals(4, r.failedEntries().size());
        assertTrue(r.failedEntries().get(0).problem().contains("BIKE-FRAME-0002"));
    }

    @Test
    void leafIndexMustMatchTheProof() {
        JsonObject b = bundle();
        entry(b, 1).addProperty("entryIndex", 2);
        assertOnlyFail(ProofBundle.verify(b), "the proof is for leaf 1", 1);
    }

    @Test
    void masterTransactionMustMatchItsRoot() {
        JsonObject b = bundle();
        entry(b, 0).addProperty("masterTxId", "m-tx-forged");
        assertOnlyFail(ProofBundle.verify(b), "m-tx-forged", 0);
    }

    /** Mutations of a good bundle that make it malformed, and the member the error must name. */
    private static Map<String, Consumer<JsonObject>> malformations() {
        Map<String, Consumer<JsonObject>> m = new LinkedHashMap<>();
        m.put("format", b -> b.remove("format"));
        m.put("tmsct-proof-bundle/2", b -> b.addProperty("format", "tmsct-proof-bundle/2"));
        m.put("tid", b -> b.add("tid", new JsonArray()));
        m.put("createdAt", b -> b.addProperty("createdAt", "yesterday"));
        m.put("recall.status", b -> b.add("recall", new JsonObject()));
        m.put("entries", b -> b.addProperty("entries", "none"));
        m.put("entries is empty", b -> b.add("entries", new JsonArray()));
        m.put("entries[1] must be a JSON object", b -> b.getAsJsonArray("entries").set(1, n(7)));
        m.put("entries[0].seq", b -> entry(b, 0).addProperty("seq", "zero"));
        m.put("entries[3].seq", b -> entry(b, 3).addProperty("seq", 1.5));
        m.put("entries[2].keyData", b -> entry(b, 2).addProperty("keyData", "x"));
        m.put("entries[1].dataHash", b -> entry(b, 1).addProperty("dataHash", "ABCDEF"));
        m.put("entries[0].slaveTxId", b -> entry(b, 0).remove("slaveTxId"));
        m.put("entries[2].anchor is missing", b -> entry(b, 2).remove("anchor"));
        m.put(
                "entries[1].anchor.merkleRoot",
                b ->
                        anchor(b, 1)
                                .addProperty(
                                        "merkleRoot",
                                        "zz"
                                                + anchor(b, 1)
                                                        .get("merkleRoot")
                                                        .getAsString()
                                                        .substring(2)));
        m.put("entries[0].anchor.blockHash", b -> anchor(b, 0).remove("blockHash"));
        m.put("entries[0].anchor.entryIndex", b -> anchor(b, 0).addProperty("entryIndex", -1));
        m.put(
                "entries[3].anchor.proof",
                b ->
                        anchor(b, 3)
                                .getAsJsonObject("proof")
                                .getAsJsonArray("path")
                                .set(0, new JsonPrimitive("0g")));
        m.put("entries[2].anchor.entry", b -> anchor(b, 2).getAsJsonObject("entry").remove("tid"));
        m.put("roots", b -> b.remove("roots"));
        m.put("roots[0] must be a JSON object", b -> b.getAsJsonArray("roots").set(0, s("x")));
        m.put(
                "roots[1].blockHash",
                b -> rootRow(b, "logistics").addProperty("blockHash", flip("A".repeat(64))));
        m.put(
                "roots[2].blockNumber",
                b -> rootRow(b, "processing").addProperty("blockNumber", "3"));
        m.put(
                "roots[3] names block 5 of raw-material a second time",
                b -> b.getAsJsonArray("roots").add(rootRow(b, "raw-material").deepCopy()));
        return m;
    }

    @Test
    void malformedBundlesAreRefusedNamingTheMember() {
        for (Map.Entry<String, Consumer<JsonObject>> m : malformations().entrySet()) {
            JsonObject b = bundle();
            m.getValue().accept(b);
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ProofBundle.verify(b),
                            "malformation " + m.getKey());
            assertTrue(
                    e.getMessage().contains(m.getKey()),
                    "\"" + e.getMessage() + "\" should name " + m.getKey());
            assertTrue(e.getMessage().startsWith("proof bundle"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ProofBundle.verify(null));
    }

    @Test
    void checkRootsAcceptsTheNetworksRoots() {
        Report r = ProofBundle.checkRoots(bundle(), ProofBundleTest::networkRoot);
        assertTrue(r.ok(), () -> r.toString());
        for (RootCheck root : r.roots()) {
            assertEquals(root.merkleRoot(), root.networkRoot());
        }
    }

    private static String networkRoot(String chain, long number) {
        for (Placed p : TRACE) {
            if (p.block().chain().equals(chain) && p.block().number() == number) {
                return p.block().summary().merkleRootHex();
            }
        }
        throw new IllegalStateException("NOT_ANCHORED: block " + number + " of " + chain);
    }

    @Test
    void checkRootsReportsARootThatDiffersFromTheNetworks() {
        String forged = flip(networkRoot("logistics", 9));
        Report r =
                ProofBundle.checkRoots(
                        bundle(),
                        (chain, number) ->
                                chain.equals("logistics") ? forged : networkRoot(chain, number));
        assertFalse(r.ok());
        List<RootCheck> bad = r.roots().stream().filter(x -> !x.ok()).toList();
        assertEquals(1, bad.size());
        assertEquals("logistics", bad.get(0).slaveChainId());
        assertEquals(forged, bad.get(0).networkRoot());
        assertTrue(bad.get(0).problem().contains("master holds root " + forged));
        assertOnlyFail(r, "master holds root", 1);
    }

    @Test
    void checkRootsReportsARootTheNetworkCannotGive() {
        Report r =
                ProofBundle.checkRoots(
                        bundle(),
                        (chain, number) -> {
                            if (chain.equals("processing")) {
                                throw new Exception("NOT_ANCHORED: block 3 of processing");
                            }
                            return networkRoot(chain, number);
                        });
        RootCheck c = r.roots().get(2);
        assertFalse(c.ok());
        assertNull(c.networkRoot());
        assertTrue(c.problem().contains("NOT_ANCHORED"), c.problem());
        assertOnlyFail(r, "not checked against master", 2, 3);
    }

    @Test
    void checkRootsReadsTheWholeBundleBeforeAskingTheNetwork() {
        JsonObject b = bundle();
        anchor(b, 3).remove("proof");
        assertThrows(
                IllegalArgumentException.class,
                () -> ProofBundle.checkRoots(b, (chain, number) -> fail("asked the network")));
    }

    @Test
    void buildRefusesProofsThatDoNotPairWithTheEntries() {
        List<JsonObject> proofs = proofAnswers();
        IllegalArgumentException count =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ProofBundle.build(traceAnswer(), proofs.subList(0, 3), CREATED));
        assertTrue(count.getMessage().contains("4 entries"), count.getMessage());

        List<JsonObject> swapped = new ArrayList<>(proofs);
        swapped.set(0, proofs.get(1));
        swapped.set(1, proofs.get(0));
        IllegalArgumentException pair =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ProofBundle.build(traceAnswer(), swapped, CREATED));
        assertTrue(pair.getMessage().contains("Proof answer 0"), pair.getMessage());

        JsonObject trace = traceAnswer();
        trace.getAsJsonArray("entries").get(2).getAsJsonObject().remove("slaveBlockNumber");
        IllegalArgumentException missing =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ProofBundle.build(trace, proofs, CREATED));
        assertTrue(
                missing.getMessage().contains("entries[2].slaveBlockNumber"), missing.getMessage());
    }
}
