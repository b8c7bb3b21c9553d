package org.tmsct.master.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.chaincode.fabric.Refusals.assertRefused;
import static org.tmsct.master.World.anchorJson;
import static org.tmsct.master.World.entry;
import static org.tmsct.master.World.relay;
import static org.tmsct.master.World.relayOf;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.common.Caller;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.core.bloom.BloomFilter;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.master.World;
import org.tmsct.master.common.ErrorCodes;

class AnchorServiceTest {

    private final World w = new World().withConsortium();

    private AnchorService.Outcome submit(Caller caller, JsonObject doc) {
        Tx tx = w.tx(caller);
        return w.anchors.anchor(tx, doc.toString());
    }

    /** Asserts a refusal that left no write behind. */
    private void assertRefusedClean(String code, String fragment, Caller caller, JsonObject doc) {
        assertRefused(code, fragment, () -> submit(caller, doc));
        assertEquals(0, w.store.pendingWrites(), "a refused anchor wrote state");
    }

    /**
     * Asserts that master anchored the block but rejected its entry {@code index} alone, with this
     * code and reason, leaving it out of the trace, the proofs and the filter. Returns the answer.
     */
    private JsonObject assertEntryRejected(
            String code, String fragment, Caller caller, JsonObject doc, int index) {
        Tx tx = w.tx(caller);
        JsonObject out = w.anchors.anchor(tx, doc.toString()).response();
        w.store.commit(tx.txId(), tx.timestampMillis());
        assertEquals("ANCHORED", out.get("status").getAsString(), out.toString());
        JsonObject rejected = null;
        for (var r : out.getAsJsonArray("rejected")) {
            if (r.getAsJsonObject().get("entryIndex").getAsInt() == index) {
                rejected = r.getAsJsonObject();
            }
        }
        assertNotNull(rejected, "entry " + index + " not rejected: " + out);
        assertEquals(code, rejected.get("code").getAsString());
        assertTrue(
                rejected.get("reason").getAsString().contains(fragment),
                rejected.get("reason").getAsString());
        String chain = doc.get("slaveChainId").getAsString();
        long block = doc.get("blockNumber").getAsLong();
        AnchorEntry entry =
                AnchorEntry.fromJson(doc.getAsJsonArray("entries").get(index).getAsJsonObject());
        assertEquals(entry.txId(), rejected.get("txId").getAsString());
        assertNull(w.ledger.anchoredTx(chain, entry.txId()), "a rejected entry is provable");
        assertTrue(
                w.ledger.trace(entry.tid()).stream()
                        .noneMatch(t -> t.slaveTxId().equals(entry.txId())),
                "a rejected entry is in the trace");
        AnchorRecord record = w.ledger.anchor(chain, block);
        assertEquals(-1, record.indexOf(entry.txId()));
        assertEquals(entry.txId(), record.rejected().get(0).txId());
        assertEquals(block, w.ledger.chainState(chain).lastCovered(), "the range did not advance");
        return out;
    }

    @Test
    void oneBadEntryIsRejectedAloneAndTheRestIsAnchoredAndProvable() {
        AnchorEntry good1 = entry("g1", "TID-A", "LOGISTICS", "truck");
        AnchorEntry bad = entry("bad", "TID-TYPO", "LOGISTICS", "truck");
        AnchorEntry good2 = entry("g2", "TID-B", "LOGISTICS", "ship");
        w.anchor("raw-material", 0, 1, entry("ra", "TID-A", "RAW_MATERIAL", "mine"));
        w.anchor("raw-material", 2, 2, entry("rb", "TID-B", "RAW_MATERIAL", "mine"));
        JsonObject doc = anchorJson("logistics", 0, 3, List.of(good1, bad, good2));
        JsonObject out =
                assertEntryRejected(
                        ErrorCodes.STAGE_OUT_OF_ORDER,
                        "entry 1 (slave tx bad, TID TID-TYPO): stage LOGISTICS of TID TID-TYPO"
                                + " needs one of [RAW_MATERIAL] first",
                        relayOf("logistics"),
                        doc,
                        1);
        assertEquals(2, out.get("entryCount").getAsInt());
        AnchorRecord record = w.ledger.anchor("logistics", 3);
        assertEquals(AnchorRecord.leavesOf(List.of(good1, good2)), record.leaves());
        // Root and filter cover the accepted entries only, so nothing proves the rejected one.
        BlockSummary kept =
                BlockSummary.build(
                        "logistics",
                        3,
                        doc.get("blockHash").getAsString(),
                        List.of(good1, good2),
                        BloomParams.DEFAULT);
        assertEquals(kept.merkleRootHex(), record.merkleRoot());
        assertEquals(kept.merkleRootHex(), out.get("merkleRoot").getAsString());
        assertEquals(kept.filter(), w.ledger.filter("logistics", 3));
        assertEquals(1, w.ledger.anchoredTx("logistics", "g2").entryIndex());
        assertNull(w.ledger.tid("TID-TYPO"));
        assertRefused(
                ErrorCodes.TX_NOT_IN_BLOCK,
                "was rejected by master (STAGE_OUT_OF_ORDER), so nothing proves it",
                () -> w.trace.proof("logistics", "3", "bad"));
        assertEquals(2, w.ledger.chainState("logistics").entries());
        // The next block of the chain anchors as usual.
        assertEquals(
                "ANCHORED",
                w.anchor("logistics", 4, 5, entry("g3", "TID-A", "LOGISTICS", "van"))
                        .get("status")
                        .getAsString());
    }

    @Test
    void aBlockWhoseEntriesAreAllRejectedStillAdvancesTheRange() {
        JsonObject doc =
                anchorJson("logistics", 0, 2, List.of(entry("l1", "NOPE", "LOGISTICS", "x")));
        JsonObject out =
                assertEntryRejected(
                        ErrorCodes.STAGE_OUT_OF_ORDER, "NOPE", relayOf("logistics"), doc, 0);
        assertEquals(0, out.get("entryCount").getAsInt());
        assertNull(w.ledger.filter("logistics", 2));
        assertEquals(1, w.ledger.chainState("logistics").anchoredBlocks());
    }

    @Test
    void anchorStoresTheBlockTheTraceAndTheProgress() {
        AnchorEntry e = entry("tx-a", "TID-1", "RAW_MATERIAL", "mine");
        JsonObject doc = anchorJson("raw-material", 0, 4, List.of(e));
        Tx tx = w.tx(relayOf("raw-material"));
        AnchorService.Outcome out = w.anchors.anchor(tx, doc.toString());
        w.store.commit(tx.txId(), tx.timestampMillis());
        assertEquals("ANCHORED", out.response().get("status").getAsString());
        assertEquals(tx.txId(), out.response().get("masterTxId").getAsString());
        assertNotNull(out.event());

        ChainAnchorState state = w.ledger.chainState("raw-material");
        assertEquals(0, state.firstCovered());
        assertEquals(4, state.lastCovered());
        assertEquals(1, state.anchoredBlocks());
        AnchorRecord record = w.ledger.anchor("raw-material", 4);
        assertEquals(AnchorRecord.leavesOf(List.of(e)), record.leaves());
        assertEquals(doc.get("merkleRoot").getAsString(), record.merkleRoot());
        assertEquals(
                BloomFilter.fromBase64(doc.get("bloomFilter").getAsString()),
                w.ledger.filter("raw-material", 4));
        TraceEntry t = w.ledger.trace("TID-1").get(0);
        assertEquals("raw-material", t.slaveChainId());
        assertEquals("RawMaterialOrgMSP", t.ownerMsp());
        assertEquals(tx.txId(), t.masterTxId());
        assertEquals(tx.timestampMillis(), t.txTimestamp());
        assertEquals(4, t.slaveBlockNumber());
        assertEquals(new BlockRef("raw-material", 4), t.blockRef());
        assertEquals(1, w.ledger.tid("TID-1").entryCount());
    }

    @Test
    void firstAnchorMayStartAnywhereThenRangesMustBeContiguous() {
        w.anchor("logistics", 7, 9);
        assertEquals(7, w.ledger.chainState("logistics").firstCovered());
        w.anchor("logistics", 10, 10);
        assertRefusedClean(
                ErrorCodes.BLOCK_GAP,
                "block 11 of logistics expected, got 14",
                relayOf("logistics"),
                anchorJson("logistics", 14, 15, List.of()));
        assertRefusedClean(
                ErrorCodes.BLOCK_OVERLAP,
                "block 11 of logistics expected, got 9",
                relayOf("logistics"),
                anchorJson("logistics", 9, 12, List.of()));
    }

    @Test
    void emptyBlocksAdvanceTheRangeWithoutAFilter() {
        JsonObject r = w.anchor("logistics", 0, 3);
        assertEquals(0, r.get("entryCount").getAsInt());
        assertNull(w.ledger.filter("logistics", 3));
        assertEquals(3, w.ledger.chainState("logistics").lastCovered());
        assertEquals(0, w.ledger.chainState("logistics").blocksWithEntries());
    }

    @Test
    void aReplayAnswersAlreadyAnchoredAndWritesNothing() {
        AnchorEntry e = entry("tx-a", "TID-1", "RAW_MATERIAL", "mine");
        JsonObject first = w.anchor("raw-material", 2, 5, e);
        w.anchor("raw-material", 6, 8);
        AnchorService.Outcome replay =
                submit(relayOf("raw-material"), anchorJson("raw-material", 2, 5, List.of(e)));
        assertEquals(0, w.store.pendingWrites());
        assertNull(replay.event());
        assertEquals("ALREADY_ANCHORED", replay.response().get("status").getAsString());
        assertEquals(
                first.get("masterTxId").getAsString(),
                replay.response().get("masterTxId").getAsString());
        assertEquals(8, replay.response().get("lastCovered").getAsLong());
        // a folded block inside an earlier range names the anchor that covers it
        AnchorService.Outcome folded =
                submit(relayOf("raw-material"), anchorJson("raw-material", 3, 3, List.of()));
        assertEquals(5, folded.response().get("anchoredBlockNumber").getAsLong());
        assertEquals(1, w.ledger.trace("TID-1").size());
    }

    @Test
    void onlyTheOwnersRelayAnchors() {
        JsonObject doc =
                anchorJson("raw-material", 0, 1, List.of(entry("t", "TID-1", "RAW_MATERIAL", "x")));
        assertRefusedClean(
                ErrorCodes.WRONG_ORG,
                "only the anchor relay of RawMaterialOrgMSP may anchor slave chain raw-material; "
                        + "the caller is from LogisticsOrgMSP",
                relay("LogisticsOrgMSP"),
                doc);
        assertRefusedClean(
                ErrorCodes.NOT_RELAY,
                "tmsct.role=relay",
                new Caller("RawMaterialOrgMSP", true, null),
                doc);
        assertRefusedClean(
                ErrorCodes.UNKNOWN_CHAIN,
                "slave chain moon is not registered",
                relay("RawMaterialOrgMSP"),
                anchorJson("moon", 0, 1, List.of()));
    }

    @Test
    void tamperedMerkleRootIsRefused() {
        JsonObject doc =
                anchorJson("raw-material", 0, 1, List.of(entry("t", "TID-1", "RAW_MATERIAL", "x")));
        doc.addProperty("merkleRoot", Sha256.hex(new byte[] {1}));
        assertRefusedClean(
                ErrorCodes.MERKLE_ROOT_MISMATCH,
                "the Merkle root of block 1 of raw-material does not match its 1 entries",
                relayOf("raw-material"),
                doc);
        // entries changed after the root was computed
        JsonObject doc2 =
                anchorJson("raw-material", 0, 1, List.of(entry("t", "TID-1", "RAW_MATERIAL", "x")));
        doc2.getAsJsonArray("entries")
                .get(0)
                .getAsJsonObject()
                .addProperty("dataHash", Sha256.hex(new byte[] {2}));
        assertRefusedClean(
                ErrorCodes.MERKLE_ROOT_MISMATCH, "does not match", relayOf("raw-material"), doc2);
    }

    @Test
    void tamperedFilterIsRefused() {
        JsonObject doc =
                anchorJson("raw-material", 0, 1, List.of(entry("t", "TID-1", "RAW_MATERIAL", "x")));
        BloomFilter f = BloomFilter.fromBase64(doc.get("bloomFilter").getAsString());
        f.add("TID-NOT-THERE");
        doc.addProperty("bloomFilter", f.toBase64());
        assertRefusedClean(
                ErrorCodes.BLOOM_MISMATCH,
                "does not match the trace codes of its entries",
                relayOf("raw-material"),
                doc);
        JsonObject other =
                anchorJson(
                        "raw-material",
                        0,
                        1,
                        List.of(entry("t", "TID-1", "RAW_MATERIAL", "x")),
                        new BloomParams(512, 3));
        assertRefusedClean(
                ErrorCodes.BLOOM_MISMATCH,
                "has m=512, k=3 but chain raw-material uses m=9586, k=7",
                relayOf("raw-material"),
                other);
        JsonObject garbage = anchorJson("raw-material", 0, 1, List.of());
        garbage.addProperty("bloomFilter", "@@@");
        assertRefusedClean(
                ErrorCodes.BAD_REQUEST, "\"bloomFilter\"", relayOf("raw-material"), garbage);
    }

    @Test
    void malformedAnchorsAreRefused() {
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "anchor",
                () -> w.anchors.anchor(w.tx(relayOf("logistics")), "{\"slaveChainId\":"));
        JsonObject doc = anchorJson("logistics", 0, 1, List.of());
        doc.addProperty("extra", 1);
        assertRefusedClean(
                ErrorCodes.BAD_REQUEST, "unknown field \"extra\"", relayOf("logistics"), doc);
        JsonObject backwards = anchorJson("logistics", 5, 1, List.of());
        assertRefusedClean(
                ErrorCodes.BAD_REQUEST,
                "firstBlock 5 is after blockNumber 1",
                relayOf("logistics"),
                backwards);
        JsonObject hash = anchorJson("logistics", 0, 1, List.of());
        hash.addProperty("blockHash", "ABCD");
        assertRefusedClean(
                ErrorCodes.BAD_REQUEST,
                "\"blockHash\" must be 64 lowercase hex",
                relayOf("logistics"),
                hash);
        JsonObject badEntry =
                anchorJson("logistics", 0, 1, List.of(entry("t", "TID-1", "LOGISTICS", "x")));
        badEntry.getAsJsonArray("entries").get(0).getAsJsonObject().addProperty("tid", "has space");
        assertRefusedClean(
                ErrorCodes.BAD_REQUEST, "entry 0: invalid tid", relayOf("logistics"), badEntry);
        JsonObject negative = anchorJson("logistics", 0, 1, List.of());
        negative.addProperty("firstBlock", -2);
        assertRefusedClean(
                ErrorCodes.BAD_REQUEST,
                "\"firstBlock\" must be between 0",
                relayOf("logistics"),
                negative);
    }

    @Test
    void unknownProductTypeIsRefused() {
        JsonObject doc = anchorJson("raw-material", 0, 1, List.of());
        doc.addProperty("productType", "bicycles");
        assertRefusedClean(
                ErrorCodes.UNKNOWN_PRODUCT_TYPE,
                "product type bicycles has no process definition",
                relayOf("raw-material"),
                doc);
    }

    @Test
    void stageOutOfOrderIsRejected() {
        assertEntryRejected(
                ErrorCodes.STAGE_OUT_OF_ORDER,
                "stage PROCESSING of TID TID-1 needs one of [LOGISTICS] first, but the TID has "
                        + "no anchored stage yet",
                relayOf("processing"),
                anchorJson("processing", 0, 1, List.of(entry("p0", "TID-1", "PROCESSING", "x"))),
                0);
        w.anchor("raw-material", 0, 1, entry("r1", "TID-1", "RAW_MATERIAL", "mine"));
        assertEntryRejected(
                ErrorCodes.STAGE_OUT_OF_ORDER,
                "needs one of [LOGISTICS] first, but the TID has [RAW_MATERIAL]",
                relayOf("processing"),
                anchorJson("processing", 2, 2, List.of(entry("p1", "TID-1", "PROCESSING", "y"))),
                0);
        w.anchor("logistics", 0, 1, entry("l1", "TID-1", "LOGISTICS", "truck"));
        JsonObject ok = w.anchor("processing", 3, 3, entry("p2", "TID-1", "PROCESSING", "plant"));
        assertEquals("ANCHORED", ok.get("status").getAsString());
        assertEquals(0, ok.getAsJsonArray("rejected").size());
        assertEquals(
                List.of("RAW_MATERIAL", "LOGISTICS", "PROCESSING"),
                w.ledger.trace("TID-1").stream().map(TraceEntry::stage).toList());
    }

    @Test
    void aStageMayFollowItsPredecessorInTheSameBlock() {
        String def =
                "{\"stages\":[{\"name\":\"PICK\",\"slaveChainId\":\"logistics\",\"keyFields\":[\"batch\",\"location\"]},"
                        + "{\"name\":\"SHIP\",\"slaveChainId\":\"logistics\",\"keyFields\":[\"batch\",\"location\"]}]}";
        w.commit(w.tx(World.admin("LogisticsOrgMSP")), t -> w.processes.define(t, "parcels", def));
        JsonObject doc =
                anchorJson(
                        "logistics",
                        0,
                        1,
                        List.of(entry("a", "P-1", "PICK", "x"), entry("b", "P-1", "SHIP", "y")));
        doc.addProperty("productType", "parcels");
        w.commit(w.tx(relayOf("logistics")), t -> w.anchors.anchor(t, doc.toString()));
        List<TraceEntry> trace = w.ledger.trace("P-1");
        assertEquals(List.of(0L, 1L), trace.stream().map(TraceEntry::seq).toList());
        assertEquals(2, w.ledger.tid("P-1").entryCount());
        // ... but not before it
        JsonObject reversed =
                anchorJson(
                        "logistics",
                        2,
                        2,
                        List.of(entry("c", "P-2", "SHIP", "x"), entry("d", "P-2", "PICK", "y")));
        reversed.addProperty("productType", "parcels");
        assertEntryRejected(
                ErrorCodes.STAGE_OUT_OF_ORDER,
                "stage SHIP of TID P-2 needs one of [PICK] first",
                relayOf("logistics"),
                reversed,
                0);
        // the rejected SHIP counts for nothing; the PICK after it is anchored
        assertEquals(
                List.of("PICK"), w.ledger.trace("P-2").stream().map(TraceEntry::stage).toList());
    }

    @Test
    void aTidStaysWithTheProcessItStartedIn() {
        String def =
                "{\"stages\":[{\"name\":\"RAW_MATERIAL\",\"slaveChainId\":\"raw-material\",\"keyFields\":[\"batch\",\"location\"]}]}";
        w.commit(w.tx(World.admin("RawMaterialOrgMSP")), t -> w.processes.define(t, "ore", def));
        w.anchor("raw-material", 0, 1, entry("r1", "TID-1", "RAW_MATERIAL", "mine"));
        JsonObject doc =
                anchorJson(
                        "raw-material",
                        2,
                        2,
                        List.of(entry("r2", "TID-1", "RAW_MATERIAL", "mine")));
        doc.addProperty("productType", "ore");
        assertEntryRejected(
                ErrorCodes.TID_PRODUCT_MISMATCH,
                "TID TID-1 follows process default, but this anchor is for ore",
                relayOf("raw-material"),
                doc,
                0);
    }

    @Test
    void stagesMustBelongToTheAnchoringChain() {
        JsonObject doc =
                anchorJson("logistics", 0, 1, List.of(entry("x", "TID-1", "RAW_MATERIAL", "mine")));
        assertEntryRejected(
                ErrorCodes.STAGE_WRONG_CHAIN,
                "stage RAW_MATERIAL belongs to slave chain raw-material in process default, not to logistics",
                relayOf("logistics"),
                doc,
                0);
        JsonObject unknown =
                anchorJson("logistics", 2, 2, List.of(entry("y", "TID-1", "SHIPPING", "sea")));
        assertEntryRejected(
                ErrorCodes.STAGE_NOT_IN_PROCESS,
                "stage SHIPPING is not a stage of process default",
                relayOf("logistics"),
                unknown,
                0);
    }

    @Test
    void fieldsOutsideTheStagesKeyFieldsAreRefused() {
        AnchorEntry leaky =
                new AnchorEntry(
                        "x",
                        "TID-1",
                        "RAW_MATERIAL",
                        Map.of("price", new JsonPrimitive(12)),
                        Sha256.hex(new byte[] {3}));
        assertEntryRejected(
                ErrorCodes.FIELDS_NOT_ALLOWED,
                "key data field \"price\" may not be shared by stage RAW_MATERIAL",
                relayOf("raw-material"),
                anchorJson("raw-material", 0, 1, List.of(leaky)),
                0);
    }

    @Test
    void duplicateSlaveTransactionsAreRefused() {
        AnchorEntry e = entry("tx-1", "TID-1", "RAW_MATERIAL", "mine");
        assertRefusedClean(
                ErrorCodes.DUPLICATE_TX,
                "slave transaction tx-1 appears twice in this anchor",
                relayOf("raw-material"),
                anchorJson("raw-material", 0, 1, List.of(e, e)));
        w.anchor("raw-material", 0, 1, e);
        assertRefusedClean(
                ErrorCodes.DUPLICATE_TX,
                "slave transaction tx-1 is already anchored in block 1 of raw-material",
                relayOf("raw-material"),
                anchorJson("raw-material", 2, 2, List.of(e)));
    }

    @Test
    void sequenceNumbersContinueAcrossBlocksAndChains() {
        List<AnchorEntry> life = w.lifeOf("TID-7", 3);
        List<TraceEntry> trace = w.ledger.trace("TID-7");
        assertEquals(4, trace.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, trace.get(i).seq());
            assertEquals(life.get(i).txId(), trace.get(i).slaveTxId());
        }
        assertTrue(
                w.ledger
                        .tid("TID-7")
                        .stages()
                        .containsAll(List.of("RAW_MATERIAL", "DISTRIBUTION")));
    }

    @Test
    void checkEntriesAnswersEachInOrderAsCheckEntryWould() {
        String queries =
                "[{\"tid\":\"TID-9\",\"stage\":\"LOGISTICS\",\"keyFields\":[\"batch\"]},"
                        + "{\"tid\":\"TID-8\",\"stage\":\"SHIPPING\",\"keyFields\":[]},"
                        + "{\"tid\":\"TID-7\",\"stage\":\"RAW_MATERIAL\"}]";
        com.google.gson.JsonArray answers = w.anchors.checkEntries("logistics", queries);
        assertEquals(3, answers.size());
        assertEquals(
                w.anchors.checkEntry("logistics", "TID-9", "LOGISTICS", "[\"batch\"]"),
                answers.get(0));
        assertEquals(
                ErrorCodes.STAGE_NOT_IN_PROCESS,
                answers.get(1).getAsJsonObject().get("code").getAsString());
        assertEquals(
                ErrorCodes.STAGE_WRONG_CHAIN,
                answers.get(2).getAsJsonObject().get("code").getAsString());
        assertEquals(0, w.store.pendingWrites());
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "JSON array of at most 500",
                () -> w.anchors.checkEntries("logistics", "{\"tid\":\"TID-9\"}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "unknown",
                () ->
                        w.anchors.checkEntries(
                                "logistics", "[{\"tid\":\"T\",\"stage\":\"S\",\"x\":1}]"));
    }

    @Test
    void checkEntryAnswersTheSameRulesWithoutWriting() {
        String fields = "[\"batch\",\"location\"]";
        JsonObject early = w.anchors.checkEntry("logistics", "TID-9", "LOGISTICS", fields);
        assertEquals(false, early.get("allowed").getAsBoolean());
        assertEquals(ErrorCodes.STAGE_OUT_OF_ORDER, early.get("code").getAsString());
        assertTrue(early.get("reason").getAsString().contains("needs one of [RAW_MATERIAL]"));
        assertEquals(
                true,
                w.anchors
                        .checkEntry("raw-material", "TID-9", "RAW_MATERIAL", fields)
                        .get("allowed")
                        .getAsBoolean());
        assertEquals(
                ErrorCodes.STAGE_WRONG_CHAIN,
                w.anchors
                        .checkEntry("logistics", "TID-9", "RAW_MATERIAL", fields)
                        .get("code")
                        .getAsString());
        assertEquals(
                ErrorCodes.STAGE_NOT_IN_PROCESS,
                w.anchors
                        .checkEntry("logistics", "TID-9", "SHIPPING", fields)
                        .get("code")
                        .getAsString());
        assertEquals(
                ErrorCodes.FIELDS_NOT_ALLOWED,
                w.anchors
                        .checkEntry("raw-material", "TID-9", "RAW_MATERIAL", "[\"price\"]")
                        .get("code")
                        .getAsString());
        w.anchor("raw-material", 0, 1, entry("r9", "TID-9", "RAW_MATERIAL", "mine"));
        assertEquals(
                true,
                w.anchors
                        .checkEntry("logistics", "TID-9", "LOGISTICS", fields)
                        .get("allowed")
                        .getAsBoolean());
        assertEquals(0, w.store.pendingWrites());
        assertRefused(
                ErrorCodes.UNKNOWN_CHAIN,
                "nowhere",
                () -> w.anchors.checkEntry("nowhere", "TID-9", "LOGISTICS", fields));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "key fields",
                () -> w.anchors.checkEntry("logistics", "TID-9", "LOGISTICS", "{}"));
    }

    @Test
    void anUnsignedEntryIsRejectedAloneAndItsNeighbourAnchored() {
        JsonObject doc =
                anchorJson(
                        "raw-material",
                        0,
                        1,
                        List.of(
                                entry("s1", "TID-S1", "RAW_MATERIAL", "mine"),
                                entry("s2", "TID-S2", "RAW_MATERIAL", "mine")));
        doc.getAsJsonArray("attestations").set(1, com.google.gson.JsonNull.INSTANCE);
        JsonObject out =
                assertEntryRejected(
                        ErrorCodes.DEVICE_SIGNATURE_INVALID,
                        "no device signature",
                        relayOf("raw-material"),
                        doc,
                        1);
        assertEquals(1, out.get("entryCount").getAsInt());
    }

    @Test
    void attestationsOfTheWrongShapeRefuseTheAnchor() {
        JsonObject doc =
                anchorJson(
                        "raw-material",
                        0,
                        1,
                        List.of(entry("s1", "TID-S1", "RAW_MATERIAL", "mine")));
        doc.add("attestations", new com.google.gson.JsonArray());
        assertRefusedClean(
                ErrorCodes.BAD_REQUEST,
                "one attestation (or null) per entry",
                relayOf("raw-material"),
                doc);
    }

    @Test
    void revocationsAreReportedByTheOwnerAndNeverMovedLater() {
        org.tmsct.master.governance.Members members =
                new org.tmsct.master.governance.Members(w.store);
        w.commit(
                w.tx(World.admin("RawMaterialOrgMSP")),
                t ->
                        members.init(
                                t,
                                "[\"RawMaterialOrgMSP\",\"LogisticsOrgMSP\",\"ProcessingOrgMSP\",\"DistributorOrgMSP\"]"));
        DeviceRevocations revocations = new DeviceRevocations(w.store, members);
        assertRefused(
                ErrorCodes.NOT_ADMIN,
                "only an admin or the anchor relay",
                () ->
                        revocations.report(
                                w.tx(new Caller("LogisticsOrgMSP", false, null)), "d", "1"));
        assertRefused(
                ErrorCodes.NOT_MEMBER,
                "not a member",
                () -> revocations.report(w.tx(World.admin("StrangerMSP")), "d", "1"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "is after this transaction",
                () ->
                        revocations.report(
                                w.tx(World.admin("LogisticsOrgMSP")), "d", "9999999999999"));
        w.commit(w.tx(relay("LogisticsOrgMSP")), t -> revocations.report(t, "d", "5000"));
        w.commit(w.tx(World.admin("LogisticsOrgMSP")), t -> revocations.report(t, "d", "9000"));
        assertEquals(5000L, revocations.revokedAt("LogisticsOrgMSP", "d"));
        w.commit(w.tx(World.admin("LogisticsOrgMSP")), t -> revocations.report(t, "d", "4000"));
        assertEquals(4000L, revocations.revokedAt("LogisticsOrgMSP", "d"));
        assertNull(revocations.revokedAt("ProcessingOrgMSP", "d"));
    }
}
