package org.tmsct.core.record;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Typed, strict access to members of a parsed JSON object. Every failure is a {@link
 * RecordFormatException} whose message names the document and the field, so a rejected request
 * tells its sender exactly what to fix.
 */
public final class JsonFields {

    /** Largest integer a JSON number carries exactly through an IEEE-754 double (2^53 - 1). */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private JsonFields() {}

    /** Parses {@code json} strictly ({@link CanonicalJson#parse}) and requires a JSON object. */
    public static JsonObject parseObject(String json, String document) {
        JsonElement value = CanonicalJson.parse(json);
        if (!value.isJsonObject()) {
            throw new RecordFormatException(document + ": expected a JSON object");
        }
        return value.getAsJsonObject();
    }

    /** Member {@code name} as a string; missing, null or non-string values are rejected. */
    public static String requireString(JsonObject object, String name, String document) {
        JsonElement value = require(object, name, document);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new RecordFormatException(document + ": field \"" + name + "\" must be a string");
        }
        return value.getAsString();
    }

    /** Member {@code name} as a JSON object. */
    public static JsonObject requireObject(JsonObject object, String name, String document) {
        JsonElement value = require(object, name, document);
        if (!value.isJsonObject()) {
            throw new RecordFormatException(
                    document + ": field \"" + name + "\" must be a JSON object");
        }
        return value.getAsJsonObject();
    }

    /**
     * Member {@code name} as an integer in [{@code min}, {@code max}]; fractions, exponents that do
     * not denote an integer, and strings are rejected.
     */
    public static long requireLong(
            JsonObject object, String name, long min, long max, String document) {
        JsonElement value = require(object, name, document);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new RecordFormatException(document + ": field \"" + name + "\" must be a number");
        }
        JsonPrimitive p = value.getAsJsonPrimitive();
        long result;
        try {
            result = new BigDecimal(p.getAsString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new RecordFormatException(
                    document
                            + ": field \""
                            + name
                            + "\" must be an integer, got "
                            + p.getAsString());
        }
        if (result < min || result > max) {
            throw new RecordFormatException(
                    document
                            + ": field \""
                            + name
                            + "\" must be between "
                            + min
                            + " and "
                            + max
                            + ", got "
                            + result);
        }
        return result;
    }

    /** Member {@code name}, which must be present and not null. */
    public static JsonElement require(JsonObject object, String name, String document) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            throw new RecordFormatException(document + ": missing required field \"" + name + "\"");
        }
        return value;
    }

    /**
     * Rejects members not listed in {@code allowed}, so a misspelt field is reported, not ignored.
     */
    public static void rejectUnknown(JsonObject object, String document, String... allowed) {
        outer:
        for (Map.Entry<String, JsonElement> member : object.entrySet()) {
            for (String name : allowed) {
                if (name.equals(member.getKey())) {
                    continue outer;
                }
            }
            throw new RecordFormatException(
                    document + ": unknown field \"" + member.getKey() + "\"");
        }
    }
}
