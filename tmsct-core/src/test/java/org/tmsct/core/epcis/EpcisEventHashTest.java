package org.tmsct.core.epcis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tmsct.core.TestVectors;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;

/**
 * The event hash against the reference implementation: every event of GS1's EPCIS 2.0 example
 * documents (read from {@code ../shared/epcis/examples}, next to the repository) must hash as in
 * {@code test-vectors/epcis-event-hashes.json}, which scripts/epcis-hash-vectors.sh computes with
 * the Python package epcis-event-hash-generator. The eventID values written in the examples are not
 * the reference's output and are not compared.
 */
class EpcisEventHashTest {

    private static final String DESADV = "{\"type\": \"desadv\", \"bizTransaction\": \"urn:x:1\"}";

    private static final String ERROR_DECLARATION =
            "{\"declarationTime\": \"2024-03-03T00:00:00Z\", \"reason\": \"incorrect_data\"}";

    private static final Map<String, String> EXAMPLE_NS =
            Map.of("example", "http://ns.example.com/epcis/");

    // --- the reference's output for the example documents ---

    @Test
    void examplesAndVectorsNameTheSameDocuments() {
        JsonObject vectors = TestVectors.json("epcis-event-hashes.json");
        JsonObject generator = vectors.getAsJsonObject("generator");
        assertEquals("epcis-event-hash-generator", generator.get("name").getAsString());
        assertFalse(generator.get("version").getAsString().isBlank());
        Set<String> documents =
                exampleDocuments().stream()
                        .map(p -> p.getFileName().toString())
                        .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(
                new TreeSet<>(vectors.getAsJsonObject("files").keySet()),
                documents,
                "the example documents and the vectors differ; run scripts/epcis-hash-vectors.sh");
    }

    @TestFactory
    Stream<DynamicTest> everyExampleEventHashesAsTheReference() {
        JsonObject files = TestVectors.json("epcis-event-hashes.json").getAsJsonObject("files");
        return exampleDocuments().stream()
                .map(
                        path ->
                                DynamicTest.dynamicTest(
                                        path.getFileName().toString(),
                                        () -> assertHashesAsReference(path, files)));
    }

    private static void assertHashesAsReference(Path path, JsonObject files) throws IOException {
        String name = path.getFileName().toString();
        JsonObject vector = files.getAsJsonObject(name);
        if (vector == null) {
            fail(name + " has no vector; run scripts/epcis-hash-vectors.sh");
        }
        byte[] bytes = Files.readAllBytes(path);
        assertEquals(
                vector.get("sha256").getAsString(),
                Hex.encode(Sha256.digest(bytes)),
                name
                        + " changed since the vectors were computed; run scripts/epcis-hash-vectors.sh");
        List<String> expected = new ArrayList<>();
        vector.getAsJsonArray("eventHashes").forEach(h -> expected.add(h.getAsString()));
        JsonObject document = JsonParser.parseString(Files.readString(path)).getAsJsonObject();
        assertFalse(expected.isEmpty(), name);
        assertEquals(expected, EpcisEventHash.eventIds(document), name);
    }

    @Test
    void theDigitalLinkExampleHashesAsItsUrnTwin() throws IOException {
        // Example 9.6.4 exists twice, once with EPC URNs and once with Digital Links
        Path urns = exampleDocument("Example_9.6.4-TransformationEvent.jsonld");
        Path links = exampleDocument("Example_9.6.4-TransformationEventWithDigitalLink.jsonld");
        JsonObject withUrns = JsonParser.parseString(Files.readString(urns)).getAsJsonObject();
        JsonObject withLinks = JsonParser.parseString(Files.readString(links)).getAsJsonObject();
        assertEquals(EpcisEventHash.eventIds(withUrns), EpcisEventHash.eventIds(withLinks));
    }

    // --- the pre-hash string ---

    /** An event with most kinds of field; the expected values were computed by the reference. */
    private static JsonObject sample() {
        return json(
                """
                {"type": "ObjectEvent", "eventTime": "2024-03-01T10:15:30.5+01:00",
                 "eventTimeZoneOffset": "+01:00",
                 "epcList": ["urn:epc:id:sgtin:4012345.011111.9876",
                             "https://example.com/gtin/4012345111118/ser/1234?17=261231"],
                 "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
                 "readPoint": {"id": "urn:epc:id:sgln:4012345.00005.0"},
                 "bizTransactionList": [
                   {"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:PO-7"}],
                 "quantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.011111.LOT1",
                                   "quantity": 12.50, "uom": "KGM"}],
                 "sensorElementList": [{"sensorMetadata": {"time": "2024-03-01T10:00:00+01:00"},
                   "sensorReport": [{"type": "Temperature", "value": 4.0, "uom": "CEL"}]}],
                 "example:batch": "B-7"}
                """);
    }

    @Test
    void preHashStringAndHashOfASampleEventAreThoseOfTheReference() {
        String expected =
                "eventType=ObjectEvent"
                        + "eventTime=2024-03-01T09:15:30.500Z"
                        + "eventTimeZoneOffset=+01:00"
                        + "epcList"
                        + "epc=https://id.gs1.org/01/04012345111118/21/1234"
                        + "epc=https://id.gs1.org/01/04012345111118/21/9876"
                        + "quantityList"
                        + "quantityElementepcClass=https://id.gs1.org/01/04012345111118/10/LOT1"
                        + "quantity=12.5uom=KGM"
                        + "action=OBSERVE"
                        + "bizStep=https://ref.gs1.org/cbv/BizStep-shipping"
                        + "disposition=https://ref.gs1.org/cbv/Disp-in_transit"
                        + "readPointid=https://id.gs1.org/414/4012345000054"
                        + "sensorElementListsensorElement"
                        + "sensorMetadatatime=2024-03-01T09:00:00.000Z"
                        + "sensorReporttype=https://gs1.org/voc/Temperaturevalue=4uom=CEL"
                        + "bizTransactionList"
                        + "type=https://ref.gs1.org/cbv/BTT-po"
                        + "bizTransaction=urn:epcglobal:cbv:bt:4012345000009:PO-7"
                        + "{http://ns.example.com/epcis/}batch=B-7";
        assertEquals(expected, EpcisEventHash.preHashString(sample(), EXAMPLE_NS));
        assertEquals(
                "ni:///sha-256;3b97b5e05e94ed7dc6f1bafeec3afa4fa49db97801b8c33241a42d3bd0b926b1"
                        + "?ver=CBV2.0",
                EpcisEventHash.eventId(sample(), EXAMPLE_NS));
    }

    @Test
    void theCallersEventIsLeftUnchanged() {
        JsonObject event = sample();
        EpcisEventHash.eventId(event, EXAMPLE_NS);
        assertEquals(sample(), event);
    }

    @Test
    void extensionsNeedTheDocumentsPrefixes() {
        assertTrue(EpcisEventHash.preHashString(sample()).endsWith("example:batch=B-7"));
        assertNotEquals(
                EpcisEventHash.eventId(sample()), EpcisEventHash.eventId(sample(), EXAMPLE_NS));
        JsonObject document =
                json(
                        """
                        {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
                                      {"example": "http://ns.example.com/epcis/"}],
                         "epcisBody": {"event": {"type": "ObjectEvent"}}}
                        """);
        assertEquals(EXAMPLE_NS, EpcisEventHash.namespaces(document));
        assertEquals(
                List.of(EpcisEventHash.eventId(json("{\"type\": \"ObjectEvent\"}"))),
                EpcisEventHash.eventIds(document));
    }

    // --- what must not change the hash ---

    @Test
    void aTimestampWithAnOffsetIsTheSameInstantInUtc() {
        String inUtc =
                EpcisEventHash.eventId(
                        with(e -> e.addProperty("eventTime", "2024-03-01T09:15:30.500Z")));
        assertEquals(inUtc, EpcisEventHash.eventId(sample()));
        assertEquals(
                inUtc,
                EpcisEventHash.eventId(
                        with(e -> e.addProperty("eventTime", "2024-03-01T04:15:30.5-05:00"))));
        assertEquals(
                "2005-04-04T02:33:31.116Z",
                EventHashValues.timestamp("2005-04-03T20:33:31.116000-06:00"));
        assertEquals(
                "2019-04-02T14:00:00.000Z", EventHashValues.timestamp("2019-04-02T15:00:00+01:00"));
        // microseconds round half to even, digits beyond them are dropped
        assertEquals(
                "2019-01-01T00:00:00.002Z", EventHashValues.timestamp("2019-01-01T00:00:00.0015Z"));
        assertEquals(
                "2019-01-01T00:00:00.002Z", EventHashValues.timestamp("2019-01-01T00:00:00.0025Z"));
        assertEquals(
                "2019-01-01T00:00:00.123Z",
                EventHashValues.timestamp("2019-01-01T00:00:00.1234565Z"));
        assertEquals(
                "2019-01-01T00:00:01.000Z", EventHashValues.timestamp("2019-01-01T00:00:00.9995Z"));
        assertEquals("not a time", EventHashValues.timestamp("not a time"));
    }

    @Test
    void theOrderOfListItemsAndMembersDoesNotMatter() {
        String id = EpcisEventHash.eventId(sample(), EXAMPLE_NS);
        JsonObject reordered =
                with(
                        e -> {
                            JsonArray epcs = e.getAsJsonArray("epcList");
                            JsonElement first = epcs.remove(0);
                            epcs.add(first);
                        });
        assertEquals(id, EpcisEventHash.eventId(reordered, EXAMPLE_NS));

        JsonObject backwards = new JsonObject();
        List<Map.Entry<String, JsonElement>> members = new ArrayList<>(sample().entrySet());
        for (int i = members.size() - 1; i >= 0; i--) {
            backwards.add(members.get(i).getKey(), members.get(i).getValue());
        }
        assertEquals(id, EpcisEventHash.eventId(backwards, EXAMPLE_NS));

        JsonObject twoTransactions =
                with(e -> e.getAsJsonArray("bizTransactionList").add(json(DESADV)));
        JsonObject swapped =
                with(
                        e -> {
                            JsonArray list = e.getAsJsonArray("bizTransactionList");
                            list.add(json(DESADV));
                            list.add(list.remove(0));
                        });
        assertEquals(EpcisEventHash.eventId(twoTransactions), EpcisEventHash.eventId(swapped));
    }

    @Test
    void aDigitalLinkHashesAsItsUrn() {
        String urn = "urn:epc:id:sgtin:0614141.107346.2017";
        String id = EpcisEventHash.eventId(withEpc(urn));
        for (String link :
                List.of(
                        "https://id.gs1.org/01/10614141073464/21/2017",
                        "https://example.com/01/10614141073464/21/2017?17=261231",
                        "http://example.com/some/path/gtin/10614141073464/ser/2017",
                        "https://id.gs1.org/01/10614141073464/10/LOT/21/2017")) {
            assertEquals(id, EpcisEventHash.eventId(withEpc(link)), link);
        }
        assertEquals(
                "https://id.gs1.org/414/0614141073467/254/1234",
                EventHashLinks.canonical("urn:epc:id:sgln:0614141.07346.1234"));
        assertEquals(
                "https://id.gs1.org/00/106141412345678908",
                EventHashLinks.canonical("urn:epc:id:sscc:0614141.1234567890"));
        assertEquals(
                "https://id.gs1.org/01/04012345987652",
                EventHashLinks.canonical("urn:epc:idpat:sgtin:4012345.098765.*"));
        assertEquals(
                "https://id.gs1.org/01/00614141123452",
                EventHashLinks.canonical("https://example.org/gtin/614141123452"));
        assertNull(EventHashLinks.canonical("urn:epc:id:sgtin:0614141.10734.2017"));
        assertNull(EventHashLinks.canonical("https://example.org/products/42"));
    }

    @Test
    void bareVocabularyHashesAsItsUriAndItsOldUrn() {
        String id = EpcisEventHash.eventId(sample());
        for (String bizStep :
                List.of(
                        "https://ref.gs1.org/cbv/BizStep-shipping",
                        "urn:epcglobal:cbv:bizstep:shipping")) {
            assertEquals(
                    id,
                    EpcisEventHash.eventId(with(e -> e.addProperty("bizStep", bizStep))),
                    bizStep);
        }
    }

    @Test
    void numbersAreComparedByValue() {
        String id = EpcisEventHash.eventId(sample());
        assertEquals(
                id, EpcisEventHash.eventId(with(e -> quantity(e).addProperty("quantity", 12.5))));
        JsonPrimitive spelledOut = new JsonPrimitive(new BigDecimal("1.250E1"));
        assertEquals(
                id, EpcisEventHash.eventId(with(e -> quantity(e).add("quantity", spelledOut))));
        assertEquals("12.1", EventHashValues.number("12.10"));
        assertEquals("200", EventHashValues.number("200.0"));
        assertEquals("1e-05", EventHashValues.number("0.00001"));
        assertEquals("10000000000000000", EventHashValues.number("1e16"));
        // a string that reads as a number is hashed as that number, as the reference does
        assertEquals("614141", EventHashValues.number("0614141"));
        assertEquals("ABC-12", EventHashValues.number("ABC-12"));
    }

    @Test
    void fieldsOutsideTheHashDoNotChangeIt() {
        String id = EpcisEventHash.eventId(sample());
        JsonObject annotated =
                with(
                        e -> {
                            e.addProperty("eventID", "ni:///sha-256;00?ver=CBV2.0");
                            e.addProperty("recordTime", "2024-03-02T00:00:00Z");
                            e.add("errorDeclaration", json(ERROR_DECLARATION));
                            e.addProperty("rdfs:comment", "a remark");
                        });
        assertEquals(id, EpcisEventHash.eventId(annotated));
    }

    // --- what must change it ---

    @Test
    void aChangedFieldChangesTheHash() {
        String id = EpcisEventHash.eventId(sample(), EXAMPLE_NS);
        String otherEpc = "urn:epc:id:sgtin:4012345.011111.9877";
        List<Consumer<JsonObject>> changes =
                List.of(
                        e -> e.getAsJsonArray("epcList").set(0, new JsonPrimitive(otherEpc)),
                        e -> e.addProperty("eventTime", "2024-03-01T10:15:30.501+01:00"),
                        e -> e.addProperty("bizStep", "receiving"),
                        e -> e.addProperty("action", "ADD"),
                        e -> quantity(e).addProperty("quantity", 12.51),
                        e -> e.addProperty("example:batch", "B-8"),
                        e -> e.addProperty("example:note", "added"),
                        e -> e.remove("disposition"),
                        e ->
                                e.getAsJsonObject("readPoint")
                                        .addProperty("id", "urn:epc:id:sgln:4012345.00005.1"),
                        e ->
                                e.getAsJsonArray("bizTransactionList")
                                        .get(0)
                                        .getAsJsonObject()
                                        .addProperty("type", "inv"));
        Set<String> ids = new TreeSet<>();
        ids.add(id);
        for (Consumer<JsonObject> change : changes) {
            assertTrue(
                    ids.add(EpcisEventHash.eventId(with(change), EXAMPLE_NS)),
                    "a change left the hash as it was");
        }
    }

    // --- helpers ---

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static JsonObject with(Consumer<JsonObject> change) {
        JsonObject event = sample();
        change.accept(event);
        return event;
    }

    private static JsonObject withEpc(String epc) {
        return with(
                e -> {
                    JsonArray epcs = new JsonArray();
                    epcs.add(epc);
                    e.add("epcList", epcs);
                });
    }

    private static JsonObject quantity(JsonObject event) {
        return event.getAsJsonArray("quantityList").get(0).getAsJsonObject();
    }

    /**
     * The repository root: the first directory upwards from the working directory with
     * test-vectors/.
     */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("test-vectors/epcis-event-hashes.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no test-vectors/ above " + Path.of("").toAbsolutePath());
    }

    /** The example documents; a missing folder is a failure, not a reason to skip. */
    private static List<Path> exampleDocuments() {
        Path examples = repositoryRoot().resolve("../shared/epcis/examples").normalize();
        assertTrue(
                Files.isDirectory(examples),
                "the EPCIS example documents are missing: " + examples + " is no directory");
        try (Stream<Path> files = Files.list(examples)) {
            List<Path> documents =
                    files.filter(p -> p.getFileName().toString().endsWith(".jsonld"))
                            .sorted()
                            .toList();
            assertFalse(documents.isEmpty(), "no *.jsonld documents in " + examples);
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path exampleDocument(String name) {
        return exampleDocuments().stream()
                .filter(p -> p.getFileName().toString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("example document " + name + " is missing"));
    }
}
