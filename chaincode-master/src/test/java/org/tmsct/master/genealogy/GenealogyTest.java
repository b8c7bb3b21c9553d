package org.tmsct.master.genealogy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.core.genealogy.LotLinks;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.master.World;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.genealogy.LotGraph.Direction;

/** Lot links through AnchorBlock, the genealogy queries and recall marks, on one world. */
class GenealogyTest {

    private final World w = new World().withConsortium();

    /** Two aluminium lots through raw material and logistics; a frame batch made of both. */
    private void frameFromTwoLots() {
        w.anchor("raw-material", 2, 2, raw("AL-A"), raw("AL-B"));
        w.anchor("logistics", 2, 2, logistics("AL-A"), logistics("AL-B"));
        JsonObject r =
                w.anchor(
                        "processing",
                        2,
                        2,
                        World.entry(
                                "p-FR-1",
                                "FR-1",
                                "PROCESSING",
                                "welding line",
                                links(LotLinks.INPUTS, "AL-A", "AL-B")));
        assertEquals(1, r.get("entryCount").getAsInt(), r.toString());
    }

    @Test
    void aFrameFirstRecordedAtProcessingInheritsItsLotsStagesAndIsTracedBackToBoth() {
        frameFromTwoLots();
        JsonObject up = w.genealogy.walk("FR-1", Direction.UP, "", "", "", "", "true");
        assertEquals(List.of("AL-A", "AL-B"), tids(up));
        JsonObject first = up.getAsJsonArray("lots").get(0).getAsJsonObject();
        assertEquals(LotLinks.INPUTS, first.get("relation").getAsString());
        assertEquals("LOGISTICS", first.get("lastStage").getAsString());
        assertEquals("LogisticsOrgMSP", first.get("holder").getAsString());
        assertEquals(2, first.getAsJsonArray("entries").size());
        // "true" looks the start up in the Bloom index; "every" each listed lot too
        JsonObject start = up.getAsJsonObject("existenceCheck");
        JsonObject every =
                w.genealogy
                        .walk("FR-1", Direction.UP, "", "", "", "", "every")
                        .getAsJsonObject("existenceCheck");
        assertTrue(
                every.get("indexReads").getAsLong() > start.get("indexReads").getAsLong(),
                start + " / " + every);
        assertTrue(every.get("skippedByFilter").getAsLong() > 0, every.toString());
        assertFalse(
                w.genealogy
                        .walk("FR-1", Direction.UP, "", "", "", "", "false")
                        .has("existenceCheck"));

        JsonObject down = w.genealogy.walk("AL-B", Direction.DOWN, "", "", "", "", "false");
        assertEquals(List.of("FR-1"), tids(down));
        assertEquals(
                "PROCESSING",
                down.getAsJsonArray("lots")
                        .get(0)
                        .getAsJsonObject()
                        .get("lastStage")
                        .getAsString());
    }

    @Test
    void anUnknownInputIsRefusedAloneAndTheRestOfTheBlockIsAnchored() {
        w.anchor("raw-material", 2, 2, raw("AL-A"));
        JsonObject r =
                w.anchor(
                        "raw-material",
                        3,
                        3,
                        World.entry(
                                "r-X",
                                "X-1",
                                "RAW_MATERIAL",
                                "mine",
                                links(LotLinks.INPUTS, "NEVER-SEEN")),
                        raw("AL-C"));
        assertEquals(1, r.get("entryCount").getAsInt(), r.toString());
        JsonObject rejected = r.getAsJsonArray("rejected").get(0).getAsJsonObject();
        assertEquals(ErrorCodes.UNKNOWN_INPUT, rejected.get("code").getAsString());
        assertTrue(
                rejected.get("reason").getAsString().contains("NEVER-SEEN"), rejected.toString());
        assertTrue(w.trace.exists("AL-C").get("exists").getAsBoolean());
        assertFalse(w.trace.exists("X-1").get("exists").getAsBoolean());
    }

    @Test
    void aLinkThatClosesACycleIsRefused() {
        frameFromTwoLots();
        // AL-A made from FR-1, which is made from AL-A
        JsonObject r =
                w.anchor(
                        "raw-material",
                        3,
                        3,
                        World.entry(
                                "r-cycle",
                                "AL-A",
                                "RAW_MATERIAL",
                                "mine",
                                links(LotLinks.INPUTS, "FR-1")));
        assertEquals(0, r.get("entryCount").getAsInt(), r.toString());
        assertEquals(
                ErrorCodes.GENEALOGY_CYCLE,
                r.getAsJsonArray("rejected").get(0).getAsJsonObject().get("code").getAsString());
        // an output naming an ancestor closes one too
        JsonObject out =
                w.anchor(
                        "processing",
                        3,
                        3,
                        World.entry(
                                "p-cycle",
                                "FR-1",
                                "PROCESSING",
                                "line",
                                links(LotLinks.OUTPUTS, "AL-B")));
        assertEquals(
                ErrorCodes.GENEALOGY_CYCLE,
                out.getAsJsonArray("rejected").get(0).getAsJsonObject().get("code").getAsString());
        assertEquals(
                List.of("FR-1"),
                tids(w.genealogy.walk("AL-A", Direction.DOWN, "", "", "", "", "false")));
    }

    @Test
    void linksWithinOneAnchorSeeEachOther() {
        // AL-Z first seen in the same block as the pallet that packs it
        JsonObject r =
                w.anchor(
                        "raw-material",
                        2,
                        2,
                        raw("AL-Z"),
                        World.entry(
                                "r-P",
                                "PAL-1",
                                "RAW_MATERIAL",
                                "yard",
                                links(LotLinks.CHILDREN, "AL-Z")),
                        World.entry(
                                "r-bad",
                                "AL-Z",
                                "RAW_MATERIAL",
                                "yard",
                                links(LotLinks.INPUTS, "PAL-1")));
        assertEquals(2, r.get("entryCount").getAsInt(), r.toString());
        assertEquals(
                ErrorCodes.GENEALOGY_CYCLE,
                r.getAsJsonArray("rejected").get(0).getAsJsonObject().get("code").getAsString());
        assertEquals(
                List.of("AL-Z"),
                tids(w.genealogy.walk("PAL-1", Direction.UP, "", "", "", "", "true")));
    }

    @Test
    void aRecallMarkShowsOnEveryDownstreamTraceAndItsHistoryStays() {
        frameFromTwoLots();
        assertEquals("CLEAR", w.genealogy.recallStatus("FR-1").get("status").getAsString());
        ContractError notOwner =
                assertThrows(
                        ContractError.class,
                        () ->
                                w.commit(
                                        w.tx(World.admin("ProcessingOrgMSP")),
                                        t -> w.recalls.mark(t, "AL-A", true, "cracks")));
        assertEquals(ErrorCodes.NOT_LOT_OWNER, notOwner.code());
        w.commit(
                w.tx(World.admin("RawMaterialOrgMSP")),
                t -> w.recalls.mark(t, "AL-A", true, "cracks"));
        JsonObject status = w.genealogy.recallStatus("FR-1");
        assertEquals(Recalls.RECALLED, status.get("status").getAsString());
        assertEquals(
                "AL-A",
                status.getAsJsonArray("lots").get(0).getAsJsonObject().get("tid").getAsString());
        assertEquals("CLEAR", w.genealogy.recallStatus("AL-B").get("status").getAsString());
        JsonObject down = w.genealogy.walk("AL-A", Direction.DOWN, "", "", "", "", "false");
        assertEquals(List.of("FR-1"), tids(down));

        w.commit(
                w.tx(World.admin("LogisticsOrgMSP")),
                t -> w.recalls.mark(t, "AL-A", false, "false alarm"));
        assertEquals("CLEAR", w.genealogy.recallStatus("FR-1").get("status").getAsString());
        JsonObject history = w.recalls.history("AL-A");
        assertEquals(2, history.getAsJsonArray("history").size(), history.toString());
        assertEquals(
                Recalls.CLEARED, history.getAsJsonObject("current").get("status").getAsString());
    }

    @Test
    void queriesAreBoundedAndPaginated() {
        w.anchor("raw-material", 2, 2, raw("L-0"));
        // a chain L-0 -> L-1 -> ... -> L-5, and L-0 also into W-0..W-4
        long block = 3;
        for (int i = 1; i <= 5; i++) {
            w.anchor(
                    "raw-material",
                    block,
                    block,
                    World.entry(
                            "r-L" + i,
                            "L-" + i,
                            "RAW_MATERIAL",
                            "mine",
                            links(LotLinks.INPUTS, "L-" + (i - 1))));
            block++;
        }
        for (int i = 0; i < 5; i++) {
            w.anchor(
                    "raw-material",
                    block,
                    block,
                    World.entry(
                            "r-W" + i,
                            "W-" + i,
                            "RAW_MATERIAL",
                            "mine",
                            links(LotLinks.INPUTS, "L-0")));
            block++;
        }
        JsonObject all = w.genealogy.walk("L-0", Direction.DOWN, "", "", "", "", "false");
        assertEquals(10, all.get("total").getAsInt());
        JsonObject shallow = w.genealogy.walk("L-0", Direction.DOWN, "2", "", "", "", "false");
        assertEquals(7, shallow.get("total").getAsInt());
        assertTrue(shallow.get("depthLimited").getAsBoolean());
        JsonObject small = w.genealogy.walk("L-0", Direction.DOWN, "", "4", "", "", "false");
        assertEquals(4, small.get("total").getAsInt());
        assertTrue(small.get("sizeLimited").getAsBoolean());
        JsonObject page1 = w.genealogy.walk("L-0", Direction.DOWN, "", "", "3", "", "false");
        assertEquals("3", page1.get("bookmark").getAsString());
        JsonObject page4 = w.genealogy.walk("L-0", Direction.DOWN, "", "", "3", "9", "false");
        assertEquals(1, page4.getAsJsonArray("lots").size());
        assertEquals("", page4.get("bookmark").getAsString());
        ContractError bad =
                assertThrows(
                        ContractError.class,
                        () -> w.genealogy.walk("L-0", Direction.DOWN, "65", "", "", "", "false"));
        assertEquals(ErrorCodes.BAD_REQUEST, bad.code());
        ContractError unknown =
                assertThrows(
                        ContractError.class,
                        () -> w.genealogy.walk("NOPE", Direction.UP, "", "", "", "", "true"));
        assertEquals(ErrorCodes.UNKNOWN_TID, unknown.code());
    }

    private static AnchorEntry raw(String tid) {
        return World.entry("r-" + tid, tid, "RAW_MATERIAL", "mine");
    }

    private static AnchorEntry logistics(String tid) {
        return World.entry("l-" + tid, tid, "LOGISTICS", "port");
    }

    private static Map<String, JsonElement> links(String field, String... tids) {
        return Map.of(field, LotLinks.toJson(List.of(tids)));
    }

    static List<String> tids(JsonObject walk) {
        JsonArray lots = walk.getAsJsonArray("lots");
        return lots.asList().stream()
                .map(e -> e.getAsJsonObject().get("tid").getAsString())
                .toList();
    }
}
