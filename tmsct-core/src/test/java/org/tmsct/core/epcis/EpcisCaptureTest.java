package org.tmsct.core.epcis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tmsct.core.genealogy.LotLinks;
import org.tmsct.core.record.RawRecord;

class EpcisCaptureTest {

    private static final String DL = "https://id.gs1.org/";
    private static final String SSCC = DL + "00/106141412345678908";
    private static final String ITEM_2017 = DL + "01/10614141073464/21/2017";
    private static final String ITEM_2018 = DL + "01/10614141073464/21/2018";
    private static final String DL_ITEM_2017 = DL + "01/70614141123451/21/2017";
    private static final String DL_ITEM_2018 = DL + "01/70614141123451/21/2018";
    private static final String ANY_98765 = DL + "01/04012345987652";
    private static final String LOT_998877 = DL + "01/04012345123456/10/998877";

    /** The outputs and inputs of Example 9.6.4, the same in its Digital Link twin. */
    private static final List<String> OUTPUTS =
            List.of(
                    DL + "01/04012345778892/21/25",
                    DL + "01/04012345778892/21/26",
                    DL + "01/04012345778892/21/27",
                    DL + "01/04012345778892/21/28");

    private static final List<String> INPUTS =
            List.of(
                    DL + "01/04012345111224/21/25",
                    DL + "01/04000001654321/21/99886655",
                    DL + "01/04012345111118/10/4444",
                    DL + "01/00614141777778/10/987",
                    DL + "01/04012345666663");

    @Test
    void objectEventsMakeARecordPerEpc() {
        List<RawRecord> records = capture("Example_9.6.1-ObjectEvent.jsonld", "LOGISTICS");
        assertEquals(List.of(ITEM_2017, ITEM_2018, ITEM_2018), tids(records));
        RawRecord first = records.get(0);
        Map<String, JsonElement> fields = first.fields();
        assertEquals("LOGISTICS", first.stage());
        assertEquals(
                "ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0",
                fields.get("eventID").getAsString());
        assertEquals("ObjectEvent", fields.get("eventType").getAsString());
        assertEquals("2005-04-03T20:33:31.116000-06:00", fields.get("eventTime").getAsString());
        assertEquals("-06:00", fields.get("eventTimeZoneOffset").getAsString());
        assertEquals("OBSERVE", fields.get("action").getAsString());
        assertEquals("shipping", fields.get("bizStep").getAsString());
        assertEquals("in_transit", fields.get("disposition").getAsString());
        assertEquals("urn:epc:id:sgln:0614141.07346.1234", fields.get("readPoint").getAsString());
        assertFalse(fields.containsKey("bizLocation"));
        assertEquals(
                EpcisExamples.event(EpcisExamples.json("Example_9.6.1-ObjectEvent.jsonld"), 0),
                fields.get("epcis"));
        assertTrue(LotLinks.of(first.tid(), fields).isEmpty());

        RawRecord second = records.get(2);
        assertEquals("receiving", second.fields().get("bizStep").getAsString());
        assertEquals(
                "urn:epc:id:sgln:0012345.11111.0",
                second.fields().get("bizLocation").getAsString());
    }

    @Test
    void theDigitalLinkTwinOfTheObjectEventsNamesOtherItems() {
        // GS1's twin document uses GTIN 70614141123451 where the URN one has 0614141.107346
        List<RawRecord> records =
                capture("Example_9.6.1-ObjectEventWithDigitalLink.jsonld", "LOGISTICS");
        assertEquals(List.of(DL_ITEM_2017, DL_ITEM_2018, DL_ITEM_2018), tids(records));
    }

    @Test
    void quantitiesMakeARecordPerClass() {
        List<RawRecord> records = capture("Example_9.6.2-ObjectEvent.jsonld", "LOGISTICS");
        assertEquals(List.of(LOT_998877), tids(records));
        assertEquals(
                new BigDecimal("200"), records.get(0).fields().get("quantity").getAsBigDecimal());
        assertEquals("KGM", records.get(0).fields().get("uom").getAsString());
    }

    @Test
    void anAggregationIsOneRecordOfTheParentWithItsChildren() {
        List<RawRecord> records = capture("Example_9.6.3-AggregationEvent.jsonld", "LOGISTICS");
        assertEquals(List.of(SSCC), tids(records));
        LotLinks.Declared links = LotLinks.of(SSCC, records.get(0).fields());
        assertEquals(List.of(ITEM_2017, ITEM_2018, ANY_98765, LOT_998877), links.children());
        assertEquals(List.of(), links.inputs());
        assertEquals(
                "ni:///sha-256;87b5f18a69993f0052046d4687dfacdf48f7c988cfabda2819688c86b4066a49?ver=CBV2.0",
                records.get(0).fields().get("eventID").getAsString());

        List<RawRecord> twin =
                capture("Example_9.6.3-AggregationEventWithDigitalLink.jsonld", "LOGISTICS");
        assertEquals(List.of(SSCC), tids(twin));
        assertEquals(
                List.of(DL_ITEM_2017, DL_ITEM_2018, ANY_98765, LOT_998877),
                LotLinks.of(SSCC, twin.get(0).fields()).children());
    }

    @Test
    void aTransformationIsARecordPerOutputWithAllInputs() {
        for (String name :
                List.of(
                        "Example_9.6.4-TransformationEvent.jsonld",
                        "Example_9.6.4-TransformationEventWithDigitalLink.jsonld")) {
            List<RawRecord> records = capture(name, "RAW_MATERIAL");
            assertEquals(OUTPUTS, tids(records), name);
            for (RawRecord record : records) {
                assertEquals(INPUTS, LotLinks.of(record.tid(), record.fields()).inputs(), name);
                assertEquals("commissioning", record.fields().get("bizStep").getAsString());
                assertFalse(record.fields().containsKey("action"));
            }
        }
    }

    @Test
    void sensorEvents() {
        String item = DL + "01/04012345111118/21/9876";
        assertEquals(List.of(item), tids(capture("SensorDataExample1.jsonld", "PROCESSING")));
        assertEquals(List.of(item), tids(capture("SensorDataExample2.jsonld", "PROCESSING")));
        // an empty epcList and no quantities: the event is about no object, so there is no record
        assertEquals(List.of(), capture("SensorDataExample3.jsonld", "PROCESSING"));
        List<RawRecord> lot = capture("SensorDataExample4.jsonld", "PROCESSING");
        assertEquals(List.of(DL + "01/04023333020008/10/2019-10-07"), tids(lot));
        assertEquals(150, lot.get(0).fields().get("quantity").getAsInt());
    }

    @Test
    void anEventOfAnotherStageIsRefusedAtItsBizStep() {
        EpcisDocument document =
                EpcisDocument.parse(EpcisExamples.text("Example_9.6.1-ObjectEvent.jsonld"));
        EpcisFormatException e =
                assertThrows(
                        EpcisFormatException.class,
                        () -> EpcisCapture.records(document, "PROCESSING"));
        assertEquals("$.epcisBody.eventList[0].bizStep", e.jsonPath());
        assertTrue(e.getMessage().contains("belongs to stage LOGISTICS"), e.getMessage());
    }

    @Test
    void anEventWithoutAStageOfItsOwnIsRefused() {
        JsonObject document = EpcisExamples.json("Example_9.6.2-ObjectEvent.jsonld");
        EpcisExamples.event(document, 0).remove("bizStep");
        assertRefused(document, "LOGISTICS", "$.epcisBody.eventList[0].bizStep", "no bizStep");
        EpcisExamples.event(document, 0).addProperty("bizStep", "destroying");
        assertRefused(
                document, "LOGISTICS", "$.epcisBody.eventList[0].bizStep", "belongs to no stage");
    }

    @Test
    void theSameObjectTwiceInOneEventIsRefused() {
        JsonObject document = EpcisExamples.json("Example_9.6.1-ObjectEventWithDigitalLink.jsonld");
        JsonArray epcs = EpcisExamples.event(document, 1).getAsJsonArray("epcList");
        epcs.add("https://example.com/01/70614141123451/21/2018?linkType=all");
        assertRefused(
                document, "LOGISTICS", "$.epcisBody.eventList[1].epcList[1]", "the same object");
    }

    @Test
    void aDeletedAggregationIsARecordOfTheParentWithoutLinks() {
        JsonObject event =
                EpcisExamples.event(EpcisExamples.json("Example_9.6.3-AggregationEvent.jsonld"), 0);
        event.addProperty("action", "DELETE");
        List<RawRecord> records = EpcisCapture.records(event, "LOGISTICS");
        assertEquals(List.of(SSCC), tids(records));
        assertTrue(LotLinks.of(SSCC, records.get(0).fields()).isEmpty());
    }

    @Test
    void anAggregationWithoutParentIsLikeAnObjectEvent() {
        JsonObject event =
                EpcisExamples.event(EpcisExamples.json("Example_9.6.3-AggregationEvent.jsonld"), 0);
        event.remove("parentID");
        List<RawRecord> records = EpcisCapture.records(event, "LOGISTICS");
        assertEquals(List.of(ITEM_2017, ITEM_2018, ANY_98765, LOT_998877), tids(records));
        assertEquals(10, records.get(2).fields().get("quantity").getAsInt());
        records.forEach(r -> assertTrue(LotLinks.of(r.tid(), r.fields()).isEmpty()));
    }

    @Test
    void aTransformationWithoutOutputsIsARecordPerInput() {
        JsonObject event =
                EpcisExamples.event(
                        EpcisExamples.json("Example_9.6.4-TransformationEvent.jsonld"), 0);
        event.remove("outputEPCList");
        List<RawRecord> records = EpcisCapture.records(event, "RAW_MATERIAL");
        assertEquals(INPUTS, tids(records));
        records.forEach(r -> assertTrue(LotLinks.of(r.tid(), r.fields()).isEmpty()));
    }

    @Test
    void anObjectThatIsInputAndOutputDoesNotFeedItself() {
        JsonObject event =
                EpcisExamples.event(
                        EpcisExamples.json("Example_9.6.4-TransformationEvent.jsonld"), 0);
        event.getAsJsonArray("inputEPCList").add("urn:epc:id:sgtin:4012345.077889.25");
        List<RawRecord> records = EpcisCapture.records(event, "RAW_MATERIAL");
        List<String> inputsOfFirst = LotLinks.of(OUTPUTS.get(0), records.get(0).fields()).inputs();
        assertEquals(INPUTS, inputsOfFirst);
        assertTrue(
                LotLinks.of(OUTPUTS.get(1), records.get(1).fields())
                        .inputs()
                        .contains(OUTPUTS.get(0)));
    }

    @Test
    void anEventWithoutEventIdIsIdentifiedByItsHash() {
        JsonObject document = EpcisExamples.json("Example_9.6.1-ObjectEvent.jsonld");
        EpcisExamples.event(document, 1).remove("eventID");
        List<RawRecord> records =
                EpcisCapture.records(EpcisDocument.parse(document.toString()), "LOGISTICS");
        // what epcis-event-hash-generator 1.9.3 gives this event of its document (GS1's example
        // eventIDs are not event hashes)
        assertEquals(
                "ni:///sha-256;32547b2344d525ea60ab1b899d82a9011fd9c39bb26ed936e113066146f49941"
                        + "?ver=CBV2.0",
                records.get(2).fields().get("eventID").getAsString());
        assertFalse(records.get(2).fields().get("epcis").getAsJsonObject().has("eventID"));
    }

    @Test
    void anEventTooLargeForARecordIsRefused() {
        JsonObject document = EpcisExamples.json("Example_9.6.2-ObjectEvent.jsonld");
        EpcisExamples.event(document, 0).addProperty("example:note", "x".repeat(70_000));
        assertRefused(document, "LOGISTICS", "$.epcisBody.eventList[0]", "limit of a raw record");
    }

    private static List<RawRecord> capture(String name, String stage) {
        return EpcisCapture.records(EpcisDocument.parse(EpcisExamples.text(name)), stage);
    }

    private static List<String> tids(List<RawRecord> records) {
        return records.stream().map(RawRecord::tid).toList();
    }

    private static void assertRefused(
            JsonObject document, String stage, String path, String words) {
        EpcisFormatException e =
                assertThrows(
                        EpcisFormatException.class,
                        () ->
                                EpcisCapture.records(
                                        EpcisDocument.parse(document.toString()), stage));
        assertEquals(path, e.jsonPath(), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }
}
