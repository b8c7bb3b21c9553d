package org.tmsct.relay.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tmsct.core.bloom.BloomFilter;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.relay.Fixtures;
import org.tmsct.relay.block.SlaveBlock;

class AnchorBatchTest {

    @Test
    void jsonIsWhatAnchorBlockExpects() {
        SlaveBlock block = Fixtures.block(12, 3);
        AnchorBatch batch =
                new AnchorBatch("raw-material", "default", 9, block, BloomParams.DEFAULT);
        JsonObject o = JsonParser.parseString(batch.toJson()).getAsJsonObject();

        assertEquals(
                Set.of(
                        "slaveChainId",
                        "productType",
                        "headers",
                        "ordererSignatures",
                        "entryBlocks",
                        "firstBlock",
                        "blockNumber",
                        "blockHash",
                        "entries",
                        "merkleRoot",
                        "bloomFilter",
                        "attestations"),
                o.keySet());
        assertEquals(3, o.getAsJsonArray("attestations").size());
        assertEquals("raw-material", o.get("slaveChainId").getAsString());
        assertEquals("default", o.get("productType").getAsString());
        assertEquals(9, o.get("firstBlock").getAsLong());
        assertEquals(12, o.get("blockNumber").getAsLong());
        assertEquals(block.headerHash(), o.get("blockHash").getAsString());
        List<AnchorEntry> entries = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("entries")) {
            entries.add(AnchorEntry.fromJson(e.getAsJsonObject()));
        }
        assertEquals(block.entries(), entries);

        // What every master endorser recomputes from the entries.
        BlockSummary expected =
                BlockSummary.build(
                        "raw-material", 12, block.headerHash(), entries, BloomParams.DEFAULT);
        assertEquals(expected.merkleRootHex(), o.get("merkleRoot").getAsString());
        assertEquals(expected.filter(), BloomFilter.fromBase64(o.get("bloomFilter").getAsString()));
    }

    @Test
    void usesTheChainsFilterShape() {
        BloomParams small = new BloomParams(512, 3);
        AnchorBatch batch = new AnchorBatch("logistics", "default", 0, Fixtures.block(1, 2), small);
        BloomFilter filter =
                BloomFilter.fromBase64(
                        JsonParser.parseString(batch.toJson())
                                .getAsJsonObject()
                                .get("bloomFilter")
                                .getAsString());
        assertEquals(512, filter.mBits());
        assertEquals(3, filter.k());
    }

    @Test
    void aRangeEndsAtARecordBearingBlock() {
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new AnchorBatch(
                                "raw-material",
                                "default",
                                3,
                                Fixtures.block(3, 0),
                                BloomParams.DEFAULT));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new AnchorBatch(
                                "raw-material",
                                "default",
                                4,
                                Fixtures.block(3, 1),
                                BloomParams.DEFAULT));
    }
}
