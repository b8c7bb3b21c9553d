package org.tmsct.core.bmerkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmsct.core.TestVectors;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.merkle.MerkleProof;
import org.tmsct.core.merkle.MerkleTree;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.RawRecord;
import org.tmsct.core.record.RecordFormatException;

class BlockSummaryTest {

    private static final JsonObject VECTORS = TestVectors.json("block-summary.json");

    /** A fixed anchored block: the entry of the sample record, then two more with fixed content. */
    private static final JsonObject FIXED = VECTORS.getAsJsonObject("fixedBlock");

    static final String BLOCK_HASH =
            Sha256.hex(FIXED.get("blockHashOf").getAsString().getBytes(StandardCharsets.UTF_8));

    static List<AnchorEntry> fixedEntries() {
        return FIXED.getAsJsonArray("entries").asList().stream()
                .map(e -> AnchorEntry.fromJson(e.getAsJsonObject()))
                .toList();
    }

    static List<AnchorEntry> entries(int n, String prefix) {
        List<AnchorEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(
                    new AnchorEntry(
                            "tx-" + i,
                            prefix + i,
                            "logistics",
                            java.util.Map.of(),
                            Sha256.hex((prefix + i).getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    @Test
    void fixedBlockHasAFixedAnchorRecord() {
        BlockSummary summary =
                BlockSummary.build(
                        FIXED.get("slaveChainId").getAsString(),
                        FIXED.get("blockNumber").getAsLong(),
                        BLOCK_HASH,
                        fixedEntries(),
                        new BloomParams(FIXED.get("mBits").getAsInt(), FIXED.get("k").getAsInt()));
        assertEquals(3, summary.entryCount());
        // independently computed (Python: RFC 6962 root over the entries' canonical JSON, the
        // documented filter)
        assertEquals(FIXED.get("summary").getAsString(), summary.toJson());
    }

    /**
     * The block caliper/lib/bmerkle.js builds for the preload must be the one the master contract
     * recomputes.
     */
    @Test
    void recordsBlockMatchesTheJavaScriptVector() {
        JsonObject v = VECTORS.getAsJsonObject("recordsBlock");
        List<String> keyFields =
                v.getAsJsonArray("keyFields").asList().stream()
                        .map(JsonElement::getAsString)
                        .toList();
        List<JsonElement> records = v.getAsJsonArray("records").asList();
        List<AnchorEntry> entries = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            entries.add(
                    AnchorEntry.of(
                            v.getAsJsonArray("txIds").get(i).getAsString(),
                            RawRecord.parse(records.get(i).toString()),
                            keyFields));
        }
        assertEquals(5, entries.size());
        assertEquals(AnchorEntry.fromJson(v.getAsJsonObject("firstEntry")), entries.get(0));
        JsonObject filter = v.getAsJsonObject("defaultFilter");
        assertEquals(
                new BloomParams(filter.get("mBits").getAsInt(), filter.get("k").getAsInt()),
                BloomParams.DEFAULT);
        BlockSummary summary =
                BlockSummary.build("raw-material", 1, BLOCK_HASH, entries, BloomParams.DEFAULT);
        assertEquals(v.get("merkleRoot").getAsString(), summary.merkleRootHex());
        assertEquals(filter.get("sha256").getAsString(), Sha256.hex(summary.filter().toBytes()));
    }

    @Test
    void summaryCombinesTheMerkleTreeAndTheFilter() {
        List<AnchorEntry> entries = entries(37, "TID-A-");
        BlockSummary summary =
                BlockSummary.build(
                        "logistics", 12, BLOCK_HASH, entries, BloomParams.forExpected(37, 0.01));
        List<byte[]> leaves = new ArrayList<>();
        entries.forEach(e -> leaves.add(e.leafBytes()));
        assertArrayEquals(MerkleTree.build(leaves).root(), summary.merkleRoot());
        assertEquals(37, summary.entryCount());
        assertEquals("logistics", summary.slaveChainId());
        assertEquals(12, summary.blockNumber());
        assertEquals(BLOCK_HASH, summary.blockHash());
        for (int i = 0; i < entries.size(); i++) {
            AnchorEntry e = entries.get(i);
            assertTrue(summary.mightContain(e.tid()));
            MerkleProof proof = summary.proof(i);
            assertTrue(BlockSummary.verify(e, proof, summary.merkleRoot()));
            assertTrue(summary.verify(e, proof));
            assertFalse(summary.verify(entries.get((i + 1) % entries.size()), proof));
        }
        int falsePositives = 0;
        for (int i = 0; i < 1000; i++) {
            if (summary.mightContain("TID-B-" + i)) {
                falsePositives++;
            }
        }
        assertTrue(falsePositives < 40, "false positives " + falsePositives);
    }

    @Test
    void jsonRoundTripGivesAnEqualSummaryWithoutProofs() {
        BlockSummary summary =
                BlockSummary.build(
                        "processing", 3, BLOCK_HASH, entries(10, "T-"), BloomParams.DEFAULT);
        BlockSummary back = BlockSummary.fromJson(summary.toJson());
        assertEquals(summary, back);
        assertEquals(summary.hashCode(), back.hashCode());
        assertEquals(summary.toJson(), back.toJson());
        assertEquals(BloomParams.DEFAULT, back.params());
        assertTrue(back.mightContain("T-3"));
        assertTrue(back.verify(entries(10, "T-").get(3), summary.proof(3)));
        assertThrows(IllegalStateException.class, () -> back.proof(0));
    }

    @Test
    void endorserRecomputationDetectsAnyDifference() {
        List<AnchorEntry> entries = entries(5, "T-");
        BlockSummary claimed =
                BlockSummary.build("processing", 3, BLOCK_HASH, entries, BloomParams.DEFAULT);
        assertEquals(
                claimed,
                BlockSummary.build(
                        "processing", 3, BLOCK_HASH, entries(5, "T-"), BloomParams.DEFAULT));
        List<AnchorEntry> swapped = new ArrayList<>(entries);
        java.util.Collections.swap(swapped, 0, 1);
        assertNotEquals(
                claimed,
                BlockSummary.build("processing", 3, BLOCK_HASH, swapped, BloomParams.DEFAULT));
        assertNotEquals(
                claimed,
                BlockSummary.build("processing", 4, BLOCK_HASH, entries, BloomParams.DEFAULT));
        assertNotEquals(
                claimed,
                BlockSummary.build("logistics", 3, BLOCK_HASH, entries, BloomParams.DEFAULT));
        assertNotEquals(
                claimed,
                BlockSummary.build(
                        "processing", 3, BLOCK_HASH, entries.subList(0, 4), BloomParams.DEFAULT));
    }

    @Test
    void emptyBlockHasTheEmptyRootAndAnEmptyFilter() {
        BlockSummary empty =
                BlockSummary.build("distribution", 0, BLOCK_HASH, List.of(), BloomParams.DEFAULT);
        assertEquals(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                empty.merkleRootHex());
        assertEquals(0, empty.filter().bitCount());
        assertFalse(empty.mightContain("anything"));
        assertEquals(empty, BlockSummary.fromJson(empty.toJson()));
    }

    @Test
    void malformedAnchorRecordsAreRejected() {
        String good =
                BlockSummary.build(
                                "raw-material",
                                7,
                                BLOCK_HASH,
                                fixedEntries(),
                                new BloomParams(256, 3))
                        .toJson();
        assertThrows(
                RecordFormatException.class,
                () ->
                        BlockSummary.fromJson(
                                good.replace("\"blockNumber\":7", "\"blockNumber\":-7")));
        assertThrows(
                RecordFormatException.class,
                () -> BlockSummary.fromJson(good.replace("c00d0166", "C00D0166")));
        assertThrows(
                RecordFormatException.class,
                () ->
                        BlockSummary.fromJson(
                                good.replace("\"merkleRoot\":\"8e", "\"merkleRoot\":\"")));
        assertThrows(
                RecordFormatException.class,
                () -> BlockSummary.fromJson(good.replace("AQAAAQAA", "AgAAAQAA")));
        assertThrows(
                RecordFormatException.class,
                () ->
                        BlockSummary.fromJson(
                                good.replace(
                                        "\"slaveChainId\":\"raw-material\"",
                                        "\"slaveChainId\":\"\"")));
        assertThrows(
                RecordFormatException.class,
                () -> BlockSummary.fromJson(good.replace("\"entryCount\":3", "\"entryCount\":0")));
        assertThrows(
                RecordFormatException.class,
                () -> BlockSummary.fromJson(good.replace("}", ",\"extra\":true}")));
        assertThrows(
                RecordFormatException.class,
                () ->
                        BlockSummary.build(
                                "raw-material", 7, "abc", fixedEntries(), BloomParams.DEFAULT));
    }

    @Test
    void defaultParametersAreDocumented() {
        assertEquals(new BloomParams(9586, 7), BloomParams.DEFAULT);
        assertEquals(1208, BloomParams.DEFAULT.serializedSize());
        assertEquals(
                BloomParams.DEFAULT.serializedSize(),
                BloomParams.DEFAULT.newFilter().toBytes().length);
        assertEquals(new BloomParams(96, 7), BloomParams.forExpected(10, 0.01));
        assertThrows(IllegalArgumentException.class, () -> new BloomParams(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new BloomParams(10, 0));
    }
}
