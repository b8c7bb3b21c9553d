package org.tmsct.core.epcis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EpcisDocumentTest {

    private static final String OBJECT_EVENTS = "Example_9.6.1-ObjectEvent.jsonld";
    private static final String AGGREGATION = "Example_9.6.3-AggregationEvent.jsonld";
    private static final String TRANSFORMATION = "Example_9.6.4-TransformationEvent.jsonld";

    static Iterable<String> examples() {
        return EpcisExamples.names();
    }

    @Test
    void theExamplesAreThere() {
        assertEquals(11, EpcisExamples.names().size(), EpcisExamples.names().toString());
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleParses(String name) {
        EpcisDocument document = EpcisDocument.parse(EpcisExamples.text(name));
        JsonArray expected =
                EpcisExamples.json(name).getAsJsonObject("epcisBody").getAsJsonArray("eventList");
        assertEquals(expected.size(), document.events().size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).toString(), document.events().get(i).toString());
        }
        assertTrue(document.context().isJsonArray());
    }

    @Test
    void eventsKeepTheirPathsAndContextIsTheDocumentsOwn() {
        EpcisDocument document = EpcisDocument.parse(EpcisExamples.text(OBJECT_EVENTS));
        assertEquals("$.epcisBody.eventList[1]", document.checkedEvents().get(1).path());
        assertEquals(
                "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
                document.context().getAsJsonArray().get(0).getAsString());
    }

    @Test
    void aSingleEventBodyIsAccepted() {
        JsonObject document = EpcisExamples.json(AGGREGATION);
        JsonObject body = document.getAsJsonObject("epcisBody");
        body.add("event", EpcisExamples.event(document, 0));
        body.remove("eventList");
        EpcisDocument parsed = EpcisDocument.parse(document.toString());
        assertEquals("$.epcisBody.event", parsed.checkedEvents().get(0).path());
    }

    @Test
    void missingEventTime() {
        refused(
                OBJECT_EVENTS,
                d -> EpcisExamples.event(d, 1).remove("eventTime"),
                "$.epcisBody.eventList[1].eventTime",
                "missing");
    }

    @Test
    void epcListThatIsAString() {
        refused(
                OBJECT_EVENTS,
                d ->
                        EpcisExamples.event(d, 0)
                                .addProperty("epcList", "urn:epc:id:sgtin:0614141.107346.2017"),
                "$.epcisBody.eventList[0].epcList",
                "expected an array, found a string");
    }

    @Test
    void epcListItemThatIsNoString() {
        refused(
                OBJECT_EVENTS,
                d -> EpcisExamples.event(d, 0).getAsJsonArray("epcList").add(42),
                "$.epcisBody.eventList[0].epcList[2]",
                "expected a string, found a number");
    }

    @Test
    void invalidIdentifiers() {
        refused(
                OBJECT_EVENTS,
                d ->
                        EpcisExamples.event(d, 0)
                                .getAsJsonArray("epcList")
                                .set(1, new JsonPrimitive("not a uri")),
                "$.epcisBody.eventList[0].epcList[1]",
                "is not a URI");
        refused(
                OBJECT_EVENTS,
                d ->
                        EpcisExamples.event(d, 1)
                                .getAsJsonArray("epcList")
                                .set(0, new JsonPrimitive("urn:epc:id:sgtin:0614141.10734.2018")),
                "$.epcisBody.eventList[1].epcList[0]",
                "13 digits");
        refused(
                AGGREGATION,
                d ->
                        EpcisExamples.event(d, 0)
                                .addProperty(
                                        "parentID", "https://id.gs1.org/00/106141412345678909"),
                "$.epcisBody.eventList[0].parentID",
                "wrong check digit");
        refused(
                AGGREGATION,
                d ->
                        EpcisExamples.event(d, 0)
                                .addProperty("parentID", "urn:example:" + "x".repeat(130)),
                "$.epcisBody.eventList[0].parentID",
                "no valid trace code");
        refused(
                TRANSFORMATION,
                d ->
                        quantity(d, "inputQuantityList", 1)
                                .addProperty("epcClass", "urn:epc:class:lgtin:0614141.077777"),
                "$.epcisBody.eventList[0].inputQuantityList[1].epcClass",
                "3 components");
    }

    @Test
    void badTimestamps() {
        refused(
                OBJECT_EVENTS,
                d -> EpcisExamples.event(d, 1).addProperty("eventTime", "2005-04-04 20:33:31"),
                "$.epcisBody.eventList[1].eventTime",
                "RFC 3339");
        refused(
                OBJECT_EVENTS,
                d -> EpcisExamples.event(d, 0).addProperty("eventTime", "2005-02-30T20:33:31Z"),
                "$.epcisBody.eventList[0].eventTime",
                "RFC 3339");
        refused(
                OBJECT_EVENTS,
                d -> EpcisExamples.event(d, 0).addProperty("eventTimeZoneOffset", "-6:00"),
                "$.epcisBody.eventList[0].eventTimeZoneOffset",
                "time zone offset");
        refused(
                OBJECT_EVENTS,
                d -> d.addProperty("creationDate", "yesterday"),
                "$.creationDate",
                "RFC 3339");
        refused(
                OBJECT_EVENTS,
                d -> EpcisExamples.event(d, 0).addProperty("eventTime", 1112582011116L),
                "$.epcisBody.eventList[0].eventTime",
                "expected a string, found a number");
    }

    @Test
    void documentMembers() {
        refused(
                OBJECT_EVENTS,
                d -> d.addProperty("type", "EPCISQueryDocument"),
                "$.type",
                "EPCISDocument");
        refused(
                OBJECT_EVENTS,
                d -> d.addProperty("schemaVersion", "1.2"),
                "$.schemaVersion",
                "not EPCIS 2");
        refused(OBJECT_EVENTS, d -> d.remove("schemaVersion"), "$.schemaVersion", "missing");
        refused(OBJECT_EVENTS, d -> d.remove("@context"), "$['@context']", "missing");
        refused(
                OBJECT_EVENTS,
                d -> d.add("epcisBody", new JsonArray()),
                "$.epcisBody",
                "expected an object");
        refused(
                OBJECT_EVENTS,
                d -> d.getAsJsonObject("epcisBody").remove("eventList"),
                "$.epcisBody.eventList",
                "missing");
        refused(
                OBJECT_EVENTS,
                d -> d.getAsJsonObject("epcisBody").add("eventList", new JsonObject()),
                "$.epcisBody.eventList",
                "expected an array");
    }

    @Test
    void eventMembers() {
        refused(
                OBJECT_EVENTS,
                d -> EpcisExamples.event(d, 0).addProperty("type", "TransactionEvent"),
                "$.epcisBody.eventList[0].type",
                "not recorded");
        refused(
                OBJECT_EVENTS,
                d -> EpcisExamples.event(d, 1).remove("action"),
                "$.epcisBody.eventList[1].action",
                "missing");
        refused(
                OBJECT_EVENTS,
                d -> EpcisExamples.event(d, 1).addProperty("action", "observe"),
                "$.epcisBody.eventList[1].action",
                "not one of");
        refused(
                TRANSFORMATION,
                d -> EpcisExamples.event(d, 0).addProperty("action", "ADD"),
                "$.epcisBody.eventList[0].action",
                "has no action");
        refused(
                OBJECT_EVENTS,
                d -> EpcisExamples.event(d, 0).add("childEPCs", new JsonArray()),
                "$.epcisBody.eventList[0].childEPCs",
                "has no childEPCs");
        refused(
                OBJECT_EVENTS,
                d ->
                        EpcisExamples.event(d, 0)
                                .add(
                                        "readPoint",
                                        new JsonPrimitive("urn:epc:id:sgln:0614141.07346.1234")),
                "$.epcisBody.eventList[0].readPoint",
                "expected an object");
        refused(
                OBJECT_EVENTS,
                d -> EpcisExamples.event(d, 0).addProperty("bizStep", 7),
                "$.epcisBody.eventList[0].bizStep",
                "expected a string");
        refused(
                AGGREGATION,
                d -> quantity(d, "childQuantityList", 0).addProperty("quantity", "10"),
                "$.epcisBody.eventList[0].childQuantityList[0].quantity",
                "expected a number, found a string");
        refused(
                AGGREGATION,
                d -> quantity(d, "childQuantityList", 1).remove("epcClass"),
                "$.epcisBody.eventList[0].childQuantityList[1].epcClass",
                "missing");
        refused(
                AGGREGATION,
                d ->
                        EpcisExamples.event(d, 0)
                                .getAsJsonArray("childQuantityList")
                                .add("urn:epc:idpat:sgtin:4012345.098765.*"),
                "$.epcisBody.eventList[0].childQuantityList[2]",
                "expected an object");
        refused(
                AGGREGATION,
                d -> {
                    EpcisExamples.event(d, 0).addProperty("type", "AssociationEvent");
                    EpcisExamples.event(d, 0).remove("parentID");
                },
                "$.epcisBody.eventList[0].parentID",
                "missing");
    }

    @Test
    void numbersARecordCannotKeepExactly() {
        String document =
                EpcisExamples.text(AGGREGATION)
                        .replace("\"quantity\":10", "\"quantity\":9007199254740993");
        EpcisFormatException e =
                assertThrows(EpcisFormatException.class, () -> EpcisDocument.parse(document));
        assertEquals("$.epcisBody.eventList[0].childQuantityList[0].quantity", e.jsonPath());
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        String document =
                EpcisExamples.text(OBJECT_EVENTS)
                        .replace("\"type\": \"ObjectEvent\",", "\"type\": \"ObjectEvent\"");
        EpcisFormatException e =
                assertThrows(EpcisFormatException.class, () -> EpcisDocument.parse(document));
        assertEquals("$", e.jsonPath());
        assertTrue(
                e.getMessage().matches("(?s)\\$: malformed JSON at line \\d+, column \\d+.*"),
                e.getMessage());
        EpcisFormatException duplicate =
                assertThrows(
                        EpcisFormatException.class,
                        () -> EpcisDocument.parse("{\"type\":\"EPCISDocument\",\"type\":\"x\"}"));
        assertTrue(duplicate.getMessage().contains("duplicate"), duplicate.getMessage());
        assertEquals(
                "$",
                assertThrows(EpcisFormatException.class, () -> EpcisDocument.parse("[]"))
                        .jsonPath());
    }

    @Test
    void sizeLimits() {
        String padding = " ".repeat(EpcisDocument.MAX_BYTES);
        EpcisFormatException big =
                assertThrows(
                        EpcisFormatException.class,
                        () -> EpcisDocument.parse(EpcisExamples.text(OBJECT_EVENTS) + padding));
        assertEquals("$", big.jsonPath());
        assertTrue(big.getMessage().contains("4 MiB"), big.getMessage());

        JsonObject document = EpcisExamples.json(OBJECT_EVENTS);
        JsonArray events = document.getAsJsonObject("epcisBody").getAsJsonArray("eventList");
        JsonObject event = new JsonObject(); // small, so the count and not the size is over
        event.addProperty("type", "ObjectEvent");
        event.addProperty("action", "OBSERVE");
        event.add("epcList", new JsonArray());
        event.addProperty("eventTime", "2005-04-03T20:33:31Z");
        event.addProperty("eventTimeZoneOffset", "+00:00");
        while (events.size() <= EpcisDocument.MAX_EVENTS) {
            events.add(event);
        }
        EpcisFormatException many =
                assertThrows(
                        EpcisFormatException.class, () -> EpcisDocument.parse(document.toString()));
        assertEquals("$.epcisBody.eventList", many.jsonPath());
    }

    @Test
    void membersWithUnusualNamesGetBracketPaths() {
        assertEquals("$['@context']", JsonPath.member("$", "@context"));
        assertEquals("$.a['example:myField']", JsonPath.member("$.a", "example:myField"));
    }

    private static JsonObject quantity(JsonObject document, String list, int index) {
        return EpcisExamples.event(document, 0).getAsJsonArray(list).get(index).getAsJsonObject();
    }

    /** Manipulates example {@code name} and expects the refusal at {@code path}. */
    static void refused(String name, Consumer<JsonObject> change, String path, String words) {
        JsonObject document = EpcisExamples.json(name);
        change.accept(document);
        EpcisFormatException e =
                assertThrows(
                        EpcisFormatException.class, () -> EpcisDocument.parse(document.toString()));
        assertEquals(path, e.jsonPath(), e.getMessage());
        assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }
}
