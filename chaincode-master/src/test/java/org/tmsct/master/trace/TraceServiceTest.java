package org.tmsct.master.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.chaincode.fabric.Refusals.assertRefused;
import static org.tmsct.master.World.entry;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.merkle.MerkleProof;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.master.World;
import org.tmsct.master.common.ErrorCodes;

class TraceServiceTest {

    private final World w = new World().withConsortium();

    @Test
    void traceListsTheWholeLifeInProcessOrder() {
        List<AnchorEntry> life = w.lifeOf("TID-1", 2);
        JsonObject trace = w.trace.trace("TID-1");
        assertEquals("default", trace.get("productType").getAsString());
        JsonArray entries = trace.getAsJsonArray("entries");
        assertEquals(4, entries.size());
        String[] stages = {"RAW_MATERIAL", "LOGISTICS", "PROCESSING", "DISTRIBUTION"};
        String[] owners = {
            "RawMaterialOrgMSP", "LogisticsOrgMSP", "ProcessingOrgMSP", "DistributorOrgMSP"
        };
        for (int i = 0; i < 4; i++) {
            JsonObject e = entries.get(i).getAsJsonObject();
            assertEquals(stages[i], e.get("stage").getAsString());
            assertEquals(owners[i], e.get("ownerMsp").getAsString());
            assertEquals(life.get(i).txId(), e.get("slaveTxId").getAsString());
            assertEquals(life.get(i).dataHash(), e.get("dataHash").getAsString());
            assertEquals(2, e.get("slaveBlockNumber").getAsLong());
            assertTrue(e.has("masterTxId") && e.has("txTimestamp") && e.has("keyData"));
        }
    }

    @Test
    void unknownTraceCodeIsRefused() {
        assertRefused(
                ErrorCodes.UNKNOWN_TID, "unknown trace code NOPE-1", () -> w.trace.trace("NOPE-1"));
        assertRefused(ErrorCodes.BAD_REQUEST, "invalid tid", () -> w.trace.trace("bad tid"));
    }

    @Test
    void existsNamesTheBlocks() {
        w.lifeOf("TID-1", 2);
        JsonObject yes = w.trace.exists("TID-1");
        assertTrue(yes.get("exists").getAsBoolean());
        assertEquals(4, yes.getAsJsonArray("blocks").size());
        JsonObject no = w.trace.exists("TID-2");
        assertFalse(no.get("exists").getAsBoolean());
        assertEquals(0, no.getAsJsonArray("blocks").size());
    }

    /**
     * 40 raw-material blocks of 5 TIDs each, one of them holding TID-X, with empty blocks folded
     * between.
     */
    private void manyBlocks() {
        long block = 1;
        for (int b = 0; b < 40; b++) {
            List<AnchorEntry> entries = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                entries.add(entry("tx-" + b + "-" + i, "T-" + b + "-" + i, "RAW_MATERIAL", "mine"));
            }
            if (b == 17) {
                entries.add(entry("tx-x", "TID-X", "RAW_MATERIAL", "mine"));
            }
            w.anchor("raw-material", block, block + 2, entries.toArray(AnchorEntry[]::new));
            block += 3;
        }
    }

    @Test
    void everyMethodFindsTheSameBlocks() {
        manyBlocks();
        JsonObject bits = w.trace.findBlocks("TID-X", "raw-material", "-1", "-1", "true");
        JsonObject perBlock = w.trace.findBlocks("TID-X", "raw-material", "-1", "-1", "per-block");
        JsonObject walk = w.trace.findBlocks("TID-X", "", "-1", "-1", "false");
        JsonArray expected = new JsonArray();
        JsonObject ref = new JsonObject();
        ref.addProperty("slaveChainId", "raw-material");
        ref.addProperty("blockNumber", 1 + 17 * 3 + 2);
        expected.add(ref);
        assertEquals(expected, bits.getAsJsonArray("confirmed"));
        assertEquals(expected, perBlock.getAsJsonArray("confirmed"));
        assertEquals(expected, walk.getAsJsonArray("confirmed"));
        assertEquals("bit-sliced", bits.get("method").getAsString());
        assertEquals("per-block", perBlock.get("method").getAsString());
        assertEquals("walk", walk.get("method").getAsString());
        assertEquals(40, walk.get("blocksScanned").getAsInt());
        assertEquals(
                39, bits.get("skippedByFilter").getAsInt() + bits.get("falsePositives").getAsInt());
        assertEquals(bits.get("candidates"), perBlock.get("candidates"));
        assertTrue(bits.get("stateReads").getAsInt() < walk.get("stateReads").getAsInt());
    }

    @Test
    void absentTraceCodeIsSkippedByTheFilter() {
        manyBlocks();
        JsonObject out = w.trace.findBlocks("TID-ABSENT", "", "-1", "-1", "true");
        assertEquals(0, out.getAsJsonArray("confirmed").size());
        assertEquals(
                40, out.get("skippedByFilter").getAsInt() + out.get("falsePositives").getAsInt());
    }

    @Test
    void smallFiltersShowFalsePositivesThatTheSearchRejects() {
        World small = new World().withConsortium("{\"mBits\":16,\"k\":1,\"sectionSize\":64}");
        for (int b = 0; b < 30; b++) {
            small.anchor(
                    "raw-material",
                    b,
                    b,
                    entry("t" + b, "T-" + b, "RAW_MATERIAL", "m"),
                    entry("u" + b, "U-" + b, "RAW_MATERIAL", "m"));
        }
        JsonObject out = small.trace.findBlocks("NOT-THERE", "raw-material", "-1", "-1", "true");
        assertTrue(out.get("falsePositives").getAsInt() > 0, out.toString());
        assertEquals(0, out.getAsJsonArray("confirmed").size());
        assertEquals(
                out.get("candidates"),
                small.trace
                        .findBlocks("NOT-THERE", "raw-material", "-1", "-1", "per-block")
                        .get("candidates"));
    }

    @Test
    void blockBoundsLimitTheSearch() {
        manyBlocks();
        assertEquals(
                0,
                w.trace
                        .findBlocks("TID-X", "raw-material", "0", "40", "true")
                        .getAsJsonArray("confirmed")
                        .size());
        assertEquals(
                1,
                w.trace
                        .findBlocks("TID-X", "raw-material", "50", "60", "true")
                        .getAsJsonArray("confirmed")
                        .size());
        assertEquals(
                1,
                w.trace
                        .findBlocks("TID-X", "raw-material", "54", "54", "false")
                        .getAsJsonArray("confirmed")
                        .size());
    }

    @Test
    void badFindBlocksArgumentsAreRefused() {
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "useBloom must be",
                () -> w.trace.findBlocks("T", "", "-1", "-1", "yes"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "fromBlock must be a block number or -1",
                () -> w.trace.findBlocks("T", "", "x", "-1", "true"));
        assertRefused(
                ErrorCodes.UNKNOWN_CHAIN,
                "slave chain mars is not registered",
                () -> w.trace.findBlocks("T", "mars", "-1", "-1", "true"));
    }

    @Test
    void proofsVerifyAgainstTheAnchoredRoot() {
        AnchorEntry a = entry("ta", "TID-A", "RAW_MATERIAL", "m");
        AnchorEntry b = entry("tb", "TID-B", "RAW_MATERIAL", "m");
        AnchorEntry c = entry("tc", "TID-C", "RAW_MATERIAL", "m");
        w.anchor("raw-material", 0, 6, a, b, c);
        JsonObject proof = w.trace.proof("raw-material", "6", "tb");
        AnchorEntry entry = AnchorEntry.fromJson(proof.getAsJsonObject("entry"));
        assertEquals(b, entry);
        MerkleProof path = MerkleProof.fromJson(proof.getAsJsonObject("proof"));
        assertTrue(
                BlockSummary.verify(
                        entry, path, Hex.decode(proof.get("merkleRoot").getAsString())));
        assertEquals(World.blockHash("raw-material", 6), proof.get("blockHash").getAsString());
        // the proof does not fit another entry
        assertFalse(
                BlockSummary.verify(c, path, Hex.decode(proof.get("merkleRoot").getAsString())));
    }

    @Test
    void proofRefusals() {
        w.anchor("raw-material", 0, 6, entry("ta", "TID-A", "RAW_MATERIAL", "m"));
        assertRefused(
                ErrorCodes.TX_NOT_IN_BLOCK,
                "slave transaction zz is not among the 1 anchored entries of block 6 of raw-material",
                () -> w.trace.proof("raw-material", "6", "zz"));
        assertRefused(
                ErrorCodes.NOT_ANCHORED,
                "block 4 of raw-material carried no records; it is covered by the anchor of block 6",
                () -> w.trace.proof("raw-material", "4", "ta"));
        assertRefused(
                ErrorCodes.NOT_ANCHORED,
                "block 9 of raw-material is not anchored yet (last anchored block: 6)",
                () -> w.trace.proof("raw-material", "9", "ta"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "blockNumber must be a block number",
                () -> w.trace.proof("raw-material", "-1", "ta"));
        assertRefused(
                ErrorCodes.NOT_ANCHORED,
                "is not anchored yet",
                () -> w.trace.proof("logistics", "0", "ta"));
    }

    @Test
    void getAnchorReturnsTheCoveringAnchorWithItsFilter() {
        w.anchor("raw-material", 0, 0, entry("r", "TID-A", "RAW_MATERIAL", "m"));
        w.anchor("logistics", 3, 5);
        w.anchor("logistics", 6, 8, entry("l", "TID-A", "LOGISTICS", "m"));
        JsonObject a = w.trace.anchor("logistics", "7");
        assertEquals(8, a.get("blockNumber").getAsLong());
        assertEquals(6, a.get("firstBlock").getAsLong());
        assertTrue(a.has("bloomFilter"));
        assertEquals(5, w.trace.anchor("logistics", "4").get("blockNumber").getAsLong());
        assertRefused(
                ErrorCodes.NOT_ANCHORED,
                "block 2 of logistics precedes the first anchored block 3",
                () -> w.trace.anchor("logistics", "2"));
        JsonObject state = w.trace.anchorState("logistics");
        assertEquals(3, state.get("firstCovered").getAsLong());
        assertEquals(8, state.get("lastCovered").getAsLong());
        assertEquals(2, state.get("anchoredBlocks").getAsLong());
        assertEquals(1, state.get("blocksWithEntries").getAsLong());
        assertEquals(-1, w.trace.anchorState("processing").get("lastCovered").getAsLong());
        assertRefused(
                ErrorCodes.UNKNOWN_CHAIN, "not registered", () -> w.trace.anchorState("nowhere"));
    }
}
