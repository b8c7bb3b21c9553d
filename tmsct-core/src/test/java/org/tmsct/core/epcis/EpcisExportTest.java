package org.tmsct.core.epcis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tmsct.core.genealogy.LotLinks;
import org.tmsct.core.record.RawRecord;

class EpcisExportTest {

    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final long ANCHORED = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();

    private static EpcisSchema schema;

    @BeforeAll
    static void loadGs1Schema() {
        schema = EpcisSchema.load(EpcisExamples.schema());
    }

    @Test
    void ownRecordsGiveBackTheCapturedEventsOnce() {
        List<RawRecord> records = captureAll();
        JsonObject document = EpcisExport.document(entries(records, true), CREATED);
        assertValid(document);
        assertEquals(eventIds(records), eventIds(recapture(document)));
        // each captured event exactly as it was in its document
        List<JsonObject> expected = new ArrayList<>();
        for (String name : EpcisExamples.names()) {
            if (!name.equals("SensorDataExample3.jsonld")) { // names no object: not recorded
                expected.addAll(EpcisDocument.parse(EpcisExamples.text(name)).events());
            }
        }
        assertEquals(expected, events(document));
    }

    @Test
    void recordsOfOtherStagesAreRebuiltFromKeyData() {
        List<RawRecord> records = captureAll();
        JsonObject document = EpcisExport.document(entries(records, false), CREATED);
        assertValid(document);
        List<RawRecord> again = recapture(document);
        assertEquals(eventIds(records), eventIds(again));
        // the same objects with the same links
        assertEquals(tidsAndLinks(records), tidsAndLinks(again));

        JsonObject transformation =
                events(document).stream()
                        .filter(e -> e.get("type").getAsString().equals("TransformationEvent"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(4, transformation.getAsJsonArray("outputEPCList").size());
        assertEquals(2, transformation.getAsJsonArray("inputEPCList").size());
        assertEquals(3, transformation.getAsJsonArray("inputQuantityList").size());
        assertFalse(transformation.has("action"));
        assertEquals("RAW_MATERIAL", transformation.get("tmsct:stage").getAsString());
        assertEquals(4, transformation.getAsJsonArray("tmsct:slaveTxId").size());
    }

    @Test
    void theDocumentEnvelope() {
        JsonObject document = EpcisExport.document(List.of(), CREATED);
        assertValid(document);
        assertEquals("EPCISDocument", document.get("type").getAsString());
        assertEquals("2.0", document.get("schemaVersion").getAsString());
        assertEquals("2026-01-02T03:04:05.678Z", document.get("creationDate").getAsString());
        JsonArray context = document.getAsJsonArray("@context");
        assertEquals(EpcisExport.EPCIS_CONTEXT, context.get(0).getAsString());
        assertEquals(
                EpcisExport.NAMESPACE, context.get(1).getAsJsonObject().get("tmsct").getAsString());
    }

    @Test
    void aRecordMadeWithoutEpcisBecomesAnObjectEventOfItsStage() {
        SortedMap<String, JsonElement> keyData = new TreeMap<>();
        keyData.put("batch", new JsonPrimitive("B-42"));
        keyData.put("temperature °C", new JsonPrimitive(4));
        EpcisExport.Entry entry =
                new EpcisExport.Entry(
                        "LOT-42",
                        "DISTRIBUTION",
                        "DistributorMSP",
                        keyData,
                        "tx-9",
                        ANCHORED,
                        null);
        JsonObject document = EpcisExport.document(List.of(entry, entry), CREATED);
        assertValid(document);
        List<JsonObject> events = events(document);
        assertEquals(1, events.size()); // the same entry twice is the same event
        JsonObject event = events.get(0);
        assertEquals("ObjectEvent", event.get("type").getAsString());
        assertEquals(List.of("urn:tmsct:tid:LOT-42"), strings(event.getAsJsonArray("epcList")));
        assertEquals(
                List.of("LOT-42"),
                EpcisCapture.records(EpcisEvent.of(event, "$"), "DISTRIBUTION").stream()
                        .map(RawRecord::tid)
                        .toList());
        assertEquals("OBSERVE", event.get("action").getAsString());
        assertEquals("stocking", event.get("bizStep").getAsString());
        assertEquals("2026-01-01T12:00:00Z", event.get("eventTime").getAsString());
        assertEquals("+00:00", event.get("eventTimeZoneOffset").getAsString());
        assertEquals("B-42", event.get("tmsct:batch").getAsString());
        assertEquals(4, event.get("tmsct:temperature%20%C2%B0C").getAsInt());
        assertEquals("DistributorMSP", event.get("tmsct:org").getAsString());
        assertEquals("tx-9", event.get("tmsct:slaveTxId").getAsString());
        JsonObject withoutId = event.deepCopy();
        withoutId.remove("eventID");
        assertEquals(
                EpcisEventHash.eventId(withoutId, Map.of("tmsct", EpcisExport.NAMESPACE)),
                event.get("eventID").getAsString());
    }

    @Test
    void aClassGoesToTheQuantityList() {
        SortedMap<String, JsonElement> keyData = new TreeMap<>();
        keyData.put("quantity", new JsonPrimitive(12.5));
        keyData.put("uom", new JsonPrimitive("KGM"));
        String lot = "https://id.gs1.org/01/04012345123456/10/998877";
        EpcisExport.Entry entry =
                new EpcisExport.Entry(
                        lot, "PROCESSING", "ProcessorMSP", keyData, "tx", ANCHORED, null);
        JsonObject event = events(EpcisExport.document(List.of(entry), CREATED)).get(0);
        JsonObject element = event.getAsJsonArray("quantityList").get(0).getAsJsonObject();
        assertEquals(lot, element.get("epcClass").getAsString());
        assertEquals(12.5, element.get("quantity").getAsDouble());
        assertEquals("KGM", element.get("uom").getAsString());
        assertFalse(event.has("epcList"));
        assertEquals("assembling", event.get("bizStep").getAsString());
    }

    @Test
    void aCapturedEventWithoutEventIdKeepsTheIdItWasRecordedUnder() {
        JsonObject source = EpcisExamples.json("Example_9.6.1-ObjectEvent.jsonld");
        EpcisExamples.event(source, 1).remove("eventID");
        List<RawRecord> records =
                EpcisCapture.records(EpcisDocument.parse(source.toString()), "LOGISTICS");
        JsonObject document = EpcisExport.document(entries(records, true), CREATED);
        assertValid(document);
        assertEquals(eventIds(records), eventIds(recapture(document)));
    }

    // ---- helpers

    private static List<RawRecord> captureAll() {
        List<RawRecord> out = new ArrayList<>();
        for (String name : EpcisExamples.names()) {
            EpcisDocument document = EpcisDocument.parse(EpcisExamples.text(name));
            String stage =
                    BizStepStages.stageOf(document.checkedEvents().get(0).bizStep()).orElseThrow();
            out.addAll(EpcisCapture.records(document, stage));
        }
        return out;
    }

    /** Trace entries of {@code records}: key data is every field but the raw event. */
    private static List<EpcisExport.Entry> entries(List<RawRecord> records, boolean own) {
        List<EpcisExport.Entry> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            RawRecord record = records.get(i);
            SortedMap<String, JsonElement> keyData = new TreeMap<>(record.fields());
            keyData.remove(EpcisCapture.EPCIS_FIELD);
            JsonObject raw = own ? record.toJsonObject().getAsJsonObject("fields") : null;
            out.add(
                    new EpcisExport.Entry(
                            record.tid(),
                            record.stage(),
                            record.stage() + "MSP",
                            keyData,
                            "tx-" + i,
                            ANCHORED + i,
                            raw));
        }
        return out;
    }

    /** Captures every event of an exported document, each by the stage of its business step. */
    private static List<RawRecord> recapture(JsonObject document) {
        EpcisDocument parsed = EpcisDocument.parse(document.toString());
        List<RawRecord> out = new ArrayList<>();
        for (EpcisEvent event : parsed.checkedEvents()) {
            String stage = BizStepStages.stageOf(event.bizStep()).orElseThrow();
            out.addAll(EpcisCapture.records(event, stage, parsed.namespaces()));
        }
        return out;
    }

    private static List<String> eventIds(List<RawRecord> records) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        records.forEach(r -> ids.add(r.fields().get("eventID").getAsString()));
        return List.copyOf(ids);
    }

    private static List<String> tidsAndLinks(List<RawRecord> records) {
        return records.stream()
                .map(r -> r.tid() + " " + LotLinks.of(r.tid(), r.fields()))
                .sorted()
                .toList();
    }

    private static List<JsonObject> events(JsonObject document) {
        List<JsonObject> out = new ArrayList<>();
        document.getAsJsonObject("epcisBody")
                .getAsJsonArray("eventList")
                .forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    private static List<String> strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static void assertValid(JsonObject document) {
        assertEquals(List.of(), schema.validate(document), document.toString());
        EpcisDocument.parse(document.toString()); // and our own checks
    }
}
