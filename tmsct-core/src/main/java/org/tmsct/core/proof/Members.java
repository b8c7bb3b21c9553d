package org.tmsct.core.proof;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;

/**
 * Strict, typed reads of one JSON object's members, where every failure is an {@link
 * IllegalArgumentException} naming the document and the member's full path (for example {@code
 * proof bundle: entries[2].anchor.merkleRoot must be 64 lowercase hex characters}), so a malformed
 * input never surfaces as a NullPointerException or a gson cast error.
 */
final class Members {

    private final JsonObject object;
    private final String document;
    private final String path;

    private Members(JsonObject object, String document, String path) {
        this.object = object;
        this.document = document;
        this.path = path;
    }

    /** The top-level object of {@code document}. */
    static Members of(JsonObject object, String document) {
        if (object == null) {
            throw new IllegalArgumentException(document + " is missing");
        }
        return new Members(object, document, "");
    }

    /** Element {@code index} of array member {@code name}, which must be an object. */
    Members element(JsonArray array, String name, int index) {
        String at = pathOf(name) + "[" + index + "]";
        JsonElement value = array.get(index);
        if (value == null || !value.isJsonObject()) {
            throw new IllegalArgumentException(document + ": " + at + " must be a JSON object");
        }
        return new Members(value.getAsJsonObject(), document, at);
    }

    /** Member {@code name}, an object, read the same strict way. */
    Members child(String name) {
        return new Members(object(name), document, pathOf(name));
    }

    JsonObject object() {
        return object;
    }

    boolean has(String name) {
        JsonElement value = object.get(name);
        return value != null && !value.isJsonNull();
    }

    JsonElement require(String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            throw bad(name, "is missing");
        }
        return value;
    }

    String string(String name) {
        JsonElement value = require(name);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw bad(name, "must be a string");
        }
        return value.getAsString();
    }

    /** An integer of at least {@code min}; fractions and strings are refused. */
    long integer(String name, long min) {
        JsonElement value = require(name);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw bad(name, "must be a number");
        }
        long n;
        try {
            n = new BigDecimal(value.getAsString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw bad(name, "must be an integer, got " + value.getAsString());
        }
        if (n < min) {
            throw bad(name, "must be at least " + min + ", got " + n);
        }
        return n;
    }

    /** A SHA-256 digest: exactly 64 lowercase hex characters. */
    String hex32(String name) {
        String value = string(name);
        if (!Hex.isLowerHex(value, Sha256.LENGTH)) {
            throw bad(name, "must be 64 lowercase hex characters");
        }
        return value;
    }

    JsonObject object(String name) {
        JsonElement value = require(name);
        if (!value.isJsonObject()) {
            throw bad(name, "must be a JSON object");
        }
        return value.getAsJsonObject();
    }

    JsonArray array(String name) {
        JsonElement value = require(name);
        if (!value.isJsonArray()) {
            throw bad(name, "must be an array");
        }
        return value.getAsJsonArray();
    }

    /** The full path of member {@code name}, as messages name it. */
    String pathOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    IllegalArgumentException bad(String name, String what) {
        return new IllegalArgumentException(document + ": " + pathOf(name) + " " + what);
    }

    /** Wraps a failure of a parser below member {@code name} so that it names the member. */
    IllegalArgumentException bad(String name, IllegalArgumentException cause) {
        return new IllegalArgumentException(
                document + ": " + pathOf(name) + ": " + cause.getMessage(), cause);
    }
}
