package org.tmsct.client.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;

/** Printing of chaincode answers. */
final class Output {

    private Output() {}

    static JsonElement json(final byte[] answer) {
        return JsonParser.parseString(new String(answer, StandardCharsets.UTF_8));
    }

    static String pretty(final JsonElement json) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json);
    }

    static String time(final long epochMillis) {
        return java.time.Instant.ofEpochMilli(epochMillis).toString();
    }
}
