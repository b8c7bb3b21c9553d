package org.tmsct.web.page;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Lenient reading of the chain's JSON answers for display: a missing or null member never breaks a
 * page, it is shown as absent.
 */
final class JsonView {

    private JsonView() {}

    /** The member as text (a string as is, anything else as compact JSON); null if absent. */
    static String str(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e == null || e.isJsonNull() ? null : display(e);
    }

    /** The member as a whole number, or {@code dflt} if it is absent or not a number. */
    static long num(JsonObject o, String name, long dflt) {
        JsonElement e = o == null ? null : o.get(name);
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            return e.getAsLong();
        }
        return dflt;
    }

    static boolean bool(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e != null
                && e.isJsonPrimitive()
                && e.getAsJsonPrimitive().isBoolean()
                && e.getAsBoolean();
    }

    static JsonObject obj(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    /** The member's object elements; empty if it is absent or not an array. */
    static List<JsonObject> objects(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e != null && e.isJsonArray() ? objects(e.getAsJsonArray()) : List.of();
    }

    static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> out = new ArrayList<>();
        if (array != null) {
            array.forEach(
                    e -> {
                        if (e.isJsonObject()) {
                            out.add(e.getAsJsonObject());
                        }
                    });
        }
        return out;
    }

    /** A value for people: a string without quotes, anything else as compact JSON. */
    static String display(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return e.getAsString();
        }
        return e.toString();
    }

    /** {@code json} indented for reading; a text that is not JSON is returned unchanged. */
    static String pretty(String json) {
        try {
            return pretty(JsonParser.parseString(json));
        } catch (RuntimeException notJson) {
            return json;
        }
    }

    static String pretty(JsonElement e) {
        // no HTML-safe \u003c escapes: the page escapes the text itself
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(e);
    }
}
