package org.tmsct.core.epcis;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.RecordFormatException;

/**
 * Typed reads of the members of an EPCIS document. Each failure is an {@link EpcisFormatException}
 * at the JSON path of the member, and says what was expected and what was found.
 */
final class JsonMembers {

    /** RFC 3339 date-time (the JSON Schema "date-time" format); T and Z may be lower case. */
    private static final Pattern DATE_TIME =
            Pattern.compile(
                    "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d+)?"
                            + "(?:[Zz]|[+-](\\d{2}):(\\d{2}))");

    private JsonMembers() {}

    /** The member, which must be present and not null. */
    static JsonElement require(JsonObject object, String name, String parentPath) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            throw new EpcisFormatException(
                    JsonPath.member(parentPath, name),
                    "required member \"" + name + "\" is missing");
        }
        return value;
    }

    static String requireString(JsonObject object, String name, String parentPath) {
        return string(require(object, name, parentPath), JsonPath.member(parentPath, name));
    }

    /** The member as a string, or null if absent; any other JSON type is refused. */
    static String optionalString(JsonObject object, String name, String parentPath) {
        JsonElement value = object.get(name);
        return value == null ? null : string(value, JsonPath.member(parentPath, name));
    }

    static JsonObject requireObject(JsonObject object, String name, String parentPath) {
        return object(require(object, name, parentPath), JsonPath.member(parentPath, name));
    }

    /** The member as an object, or null if absent. */
    static JsonObject optionalObject(JsonObject object, String name, String parentPath) {
        JsonElement value = object.get(name);
        return value == null ? null : object(value, JsonPath.member(parentPath, name));
    }

    /** The member as an array, or null if absent. */
    static JsonArray optionalArray(JsonObject object, String name, String parentPath) {
        JsonElement value = object.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isJsonArray()) {
            throw wrongType(JsonPath.member(parentPath, name), "an array", value);
        }
        return value.getAsJsonArray();
    }

    static String string(JsonElement value, String path) {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw wrongType(path, "a string", value);
        }
        return value.getAsString();
    }

    static JsonObject object(JsonElement value, String path) {
        if (!value.isJsonObject()) {
            throw wrongType(path, "an object", value);
        }
        return value.getAsJsonObject();
    }

    /** Refuses {@code value} unless it is an RFC 3339 date-time with a valid date and time. */
    static String dateTime(String value, String path) {
        Matcher m = DATE_TIME.matcher(value);
        boolean valid = m.matches();
        if (valid) {
            try {
                LocalDate.of(number(m, 1), number(m, 2), number(m, 3));
                valid =
                        number(m, 4) <= 23
                                && number(m, 5) <= 59
                                && number(m, 6) <= 59
                                && (m.group(7) == null
                                        || (number(m, 7) <= 23 && number(m, 8) <= 59));
            } catch (DateTimeException e) {
                valid = false;
            }
        }
        if (!valid) {
            throw new EpcisFormatException(
                    path,
                    "\""
                            + value
                            + "\" is not an RFC 3339 date-time such as"
                            + " 2005-04-03T20:33:31.116-06:00");
        }
        return value;
    }

    /**
     * Refuses any number in {@code value} that a raw record could not keep exactly (RFC 8785 holds
     * numbers as doubles): the event is stored whole in its records.
     */
    static void requireExactNumbers(JsonElement value, String path) {
        if (value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                requireExactNumbers(array.get(i), JsonPath.index(path, i));
            }
        } else if (value.isJsonObject()) {
            for (var member : value.getAsJsonObject().entrySet()) {
                requireExactNumbers(member.getValue(), JsonPath.member(path, member.getKey()));
            }
        } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            try {
                CanonicalJson.requireExactNumbers(value, path);
            } catch (RecordFormatException e) {
                throw new EpcisFormatException(
                        path,
                        "number "
                                + value.getAsString()
                                + " cannot be recorded exactly: raw records hold numbers as"
                                + " IEEE-754 doubles (RFC 8785)",
                        e);
            }
        }
    }

    static EpcisFormatException wrongType(String path, String expected, JsonElement found) {
        return new EpcisFormatException(path, "expected " + expected + ", found " + kind(found));
    }

    private static String kind(JsonElement value) {
        if (value.isJsonNull()) {
            return "null";
        }
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "an array";
        }
        var primitive = value.getAsJsonPrimitive();
        if (primitive.isString()) {
            return "a string";
        }
        return primitive.isNumber() ? "a number" : "a boolean";
    }

    private static int number(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
