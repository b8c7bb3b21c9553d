package org.tmsct.core.epcis;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * GS1's EPCIS 2.0 reference files, read where the workplace keeps them: {@code ../shared/epcis/}
 * beside the repository root (the module's parent, whose test-vectors/ the build puts on the class
 * path). They are not copied into the repository; a missing file fails the test.
 */
final class EpcisExamples {

    private EpcisExamples() {}

    /** The shared EPCIS folder. */
    static Path dir() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path dir = module.getParent().resolve("../shared/epcis").normalize();
        if (!Files.isDirectory(dir.resolve("examples"))) {
            throw new IllegalStateException(
                    "GS1's EPCIS examples are not at " + dir + " (see shared/epcis/README.md)");
        }
        return dir;
    }

    /** GS1's JSON Schema of EPCIS 2.0. */
    static Path schema() {
        Path schema = dir().resolve("EPCIS-JSON-Schema.json");
        if (!Files.isRegularFile(schema)) {
            throw new IllegalStateException("no EPCIS JSON Schema at " + schema);
        }
        return schema;
    }

    /** The file names of every example document, sorted. */
    static List<String> names() {
        try (Stream<Path> files = Files.list(dir().resolve("examples"))) {
            List<String> names =
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".jsonld"))
                            .sorted()
                            .toList();
            if (names.isEmpty()) {
                throw new IllegalStateException("no example documents in " + dir());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An example document as text, e.g. {@code text("Example_9.6.1-ObjectEvent.jsonld")}. */
    static String text(String name) {
        try {
            return Files.readString(dir().resolve("examples").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An example document, parsed with gson for manipulation. */
    static JsonObject json(String name) {
        return JsonParser.parseString(text(name)).getAsJsonObject();
    }

    /** Event {@code index} of a parsed document. */
    static JsonObject event(JsonObject document, int index) {
        return document.getAsJsonObject("epcisBody")
                .getAsJsonArray("eventList")
                .get(index)
                .getAsJsonObject();
    }
}
