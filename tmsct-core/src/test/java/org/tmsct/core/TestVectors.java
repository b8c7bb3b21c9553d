package org.tmsct.core;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The shared test vectors of the repository's test-vectors/ folder, which the build puts on the
 * test class path; the JavaScript tests in caliper/test read the same files.
 */
public final class TestVectors {

    private TestVectors() {}

    /** A file of the folder as text, e.g. {@code text("keys/device-pub.pem")}. */
    public static String text(String path) {
        try (InputStream in = TestVectors.class.getResourceAsStream("/test-vectors/" + path)) {
            if (in == null) {
                throw new IllegalStateException(
                        "test vector "
                                + path
                                + " is not on the class path (see test-vectors/README.md)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON file of the folder, e.g. {@code json("merkle.json")}. */
    public static JsonObject json(String path) {
        return JsonParser.parseString(text(path)).getAsJsonObject();
    }
}
