package org.tmsct.chaincode.common;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.JsonFields;
import org.tmsct.core.record.RecordFormatException;

/**
 * JSON in and out of the contract: strict parsing of requests, canonical bytes for everything
 * written or returned.
 */
public final class Json {

    /** The error code of a request the contract cannot read (the same code in both contracts). */
    public static final String BAD_REQUEST = org.tmsct.core.protocol.ErrorCode.BAD_REQUEST.name();

    private Json() {}

    /** Canonical (RFC 8785) text: identical on every endorser. */
    public static String canonical(JsonElement value) {
        return CanonicalJson.canonicalString(value);
    }

    public static byte[] bytes(JsonElement value) {
        return CanonicalJson.canonicalize(value);
    }

    /** A request document: strict JSON object, else BAD_REQUEST naming the document. */
    public static JsonObject requestObject(String json, String document) {
        try {
            return JsonFields.parseObject(json, document);
        } catch (RecordFormatException e) {
            String m = e.getMessage();
            throw new ContractError(BAD_REQUEST, m.startsWith(document) ? m : document + ": " + m);
        }
    }

    /** A request value of any JSON type. */
    public static JsonElement requestValue(String json, String document) {
        try {
            return CanonicalJson.parse(json);
        } catch (RecordFormatException e) {
            throw new ContractError(BAD_REQUEST, document + ": " + e.getMessage());
        }
    }

    /** A value this contract wrote itself. */
    public static JsonObject stored(byte[] bytes) {
        return CanonicalJson.parse(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /**
     * A JSON array of distinct, non-empty strings without control characters, each at most {@code
     * maxLength} characters, at most {@code maxItems} of them.
     */
    public static List<String> distinctStrings(
            JsonElement value, String what, int maxItems, int maxLength) {
        if (value == null || !value.isJsonArray()) {
            throw new ContractError(BAD_REQUEST, what + " must be a JSON array of strings");
        }
        JsonArray array = value.getAsJsonArray();
        if (array.size() > maxItems) {
            throw new ContractError(
                    BAD_REQUEST,
                    what + " has " + array.size() + " items, more than the maximum of " + maxItems);
        }
        List<String> out = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (JsonElement item : array) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw new ContractError(
                        BAD_REQUEST, what + " must hold only strings, found " + item);
            }
            String s = item.getAsString();
            checkName(s, what, maxLength);
            if (!seen.add(s)) {
                throw new ContractError(BAD_REQUEST, what + " names \"" + s + "\" twice");
            }
            out.add(s);
        }
        return out;
    }

    public static JsonArray array(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    public static List<String> strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    /** A required string member of a request. */
    public static String requireString(JsonObject object, String name, String document) {
        try {
            return JsonFields.requireString(object, name, document);
        } catch (RecordFormatException e) {
            throw new ContractError(BAD_REQUEST, e.getMessage());
        }
    }

    /** A required integer member of a request within [min, max]. */
    public static long requireLong(
            JsonObject object, String name, long min, long max, String document) {
        try {
            return JsonFields.requireLong(object, name, min, max, document);
        } catch (RecordFormatException e) {
            throw new ContractError(BAD_REQUEST, e.getMessage());
        }
    }

    /** Rejects members a request document does not define, so typos are reported. */
    public static void rejectUnknown(JsonObject object, String document, String... allowed) {
        try {
            JsonFields.rejectUnknown(object, document, allowed);
        } catch (RecordFormatException e) {
            throw new ContractError(BAD_REQUEST, e.getMessage());
        }
    }

    /** A non-empty name without control characters of at most {@code maxLength} characters. */
    public static String checkName(String value, String what, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw new ContractError(BAD_REQUEST, what + " must not be empty");
        }
        if (value.length() > maxLength) {
            throw new ContractError(
                    BAD_REQUEST,
                    what
                            + " \""
                            + value.substring(0, Math.min(32, value.length()))
                            + "...\" is longer than "
                            + maxLength
                            + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFF' || Character.isSurrogate(c)) {
                throw new ContractError(
                        BAD_REQUEST,
                        what + " \"" + value + "\" holds a control or non-character at index " + i);
            }
        }
        return value;
    }

    /** A stage name under the record rules (a record's stage must be able to equal it). */
    public static String stageName(String stage) {
        try {
            return new org.tmsct.core.record.RawRecord("stage-check", stage, java.util.Map.of())
                    .stage();
        } catch (RecordFormatException e) {
            throw new ContractError(BAD_REQUEST, e.getMessage());
        }
    }
}
