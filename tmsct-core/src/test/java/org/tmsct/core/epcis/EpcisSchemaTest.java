package org.tmsct.core.epcis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EpcisSchemaTest {

    private static EpcisSchema schema;

    @BeforeAll
    static void loadGs1Schema() {
        schema = EpcisSchema.load(EpcisExamples.schema());
    }

    static Iterable<String> examples() {
        return EpcisExamples.names();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleIsValid(String name) {
        assertEquals(List.of(), schema.validate(EpcisExamples.text(name)));
        schema.check(EpcisExamples.text(name));
    }

    @Test
    void aBrokenDocumentIsReportedWithThePathOfEachViolation() {
        JsonObject document = EpcisExamples.json("Example_9.6.1-ObjectEvent.jsonld");
        EpcisExamples.event(document, 0).addProperty("eventTimeZoneOffset", "6:00");
        EpcisExamples.event(document, 1)
                .addProperty("epcList", "urn:epc:id:sgtin:0614141.107346.2018");
        List<EpcisSchema.Violation> violations = schema.validate(document);
        List<String> paths = violations.stream().map(EpcisSchema.Violation::jsonPath).toList();
        assertTrue(
                paths.contains("$.epcisBody.eventList[0].eventTimeZoneOffset"), paths.toString());
        assertTrue(paths.contains("$.epcisBody.eventList[1].epcList"), paths.toString());
        violations.forEach(v -> assertTrue(v.message().startsWith(v.jsonPath()), v.toString()));

        EpcisFormatException e =
                assertThrows(EpcisFormatException.class, () -> schema.check(document.toString()));
        assertEquals(violations.get(0).jsonPath(), e.jsonPath());
    }

    @Test
    void formatsAreAsserted() {
        JsonObject document = EpcisExamples.json("Example_9.6.2-ObjectEvent.jsonld");
        EpcisExamples.event(document, 0).addProperty("eventTime", "2013-06-08 14:58");
        List<EpcisSchema.Violation> violations = schema.validate(document);
        assertEquals("$.epcisBody.eventList[0].eventTime", violations.get(0).jsonPath());
    }

    @Test
    void textThatIsNoJson() {
        List<EpcisSchema.Violation> violations = schema.validate("{\"type\":");
        assertEquals(1, violations.size());
        assertEquals("$", violations.get(0).jsonPath());
    }

    @Test
    void aFileThatIsNoSchema(@TempDir Path dir) throws IOException {
        Path notJson = Files.writeString(dir.resolve("schema.json"), "not json");
        assertThrows(IllegalArgumentException.class, () -> EpcisSchema.load(notJson));
        assertThrows(
                UncheckedIOException.class, () -> EpcisSchema.load(dir.resolve("absent.json")));
    }

    @Test
    void aSchemaWithoutIdWorksFromItsFile(@TempDir Path dir) throws IOException {
        Path file =
                Files.writeString(
                        dir.resolve("small.json"),
                        "{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
                                + "\"type\":\"object\",\"required\":[\"type\"],"
                                + "\"properties\":{\"type\":{\"$ref\":\"#/definitions/t\"}},"
                                + "\"definitions\":{\"t\":{\"const\":\"EPCISDocument\"}}}");
        EpcisSchema small = EpcisSchema.load(file);
        assertEquals(List.of(), small.validate("{\"type\":\"EPCISDocument\"}"));
        assertEquals("$.type", small.validate("{\"type\":\"x\"}").get(0).jsonPath());
    }
}
