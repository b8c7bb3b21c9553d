package org.tmsct.core.record;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON Canonicalization Scheme (RFC 8785, "JCS"), plus the strict JSON parser every TMSCT document
 * goes through.
 *
 * <p>Every master-chain endorser recomputes digests over canonical bytes, and endorsements only
 * match if all of them produce the same bytes, so the output here depends on nothing but the JSON
 * value: not on the input's key order, whitespace or number spelling, nor on the JVM.
 *
 * <ul>
 *   <li>Object members are sorted by their names compared as sequences of UTF-16 code units ({@link
 *       String#compareTo}).
 *   <li>No whitespace between tokens.
 *   <li>Strings: {@code "} and {@code \} are escaped, as are the controls U+0000..U+001F ({@code \b
 *       \t \n \f \r} in short form, the others as {@code \}{@code u00xx} with lowercase hex); every
 *       other character, including {@code /}, DEL and non-ASCII, is written as is, in UTF-8.
 *       Unpaired surrogates have no UTF-8 form and are rejected.
 *   <li>Numbers are converted to IEEE-754 doubles and written as ECMAScript's {@code
 *       Number.prototype.toString} would (see {@link #numberToString(double)}). NaN and the
 *       infinities are rejected. Integers beyond 2<sup>53</sup> lose precision, as in every JCS
 *       implementation; documents that must not change (raw records) are checked with {@link
 *       #requireExactNumbers} and refused instead.
 * </ul>
 */
public final class CanonicalJson {

    // gson reports positions as "... at line 3 column 14 path $.fields.x"
    private static final Pattern GSON_POSITION =
            Pattern.compile("\\s*at line (\\d+) column (\\d+)(?: path (\\S*))?");

    private CanonicalJson() {}

    /** Canonical (RFC 8785) UTF-8 bytes of {@code value}. */
    public static byte[] canonicalize(JsonElement value) {
        return canonicalString(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses {@code json} strictly (see {@link #parse(String)}) and returns its canonical UTF-8
     * bytes.
     */
    public static byte[] canonicalize(String json) {
        return canonicalize(parse(json));
    }

    /** Canonical (RFC 8785) form of {@code value} as a Java string. */
    public static String canonicalString(JsonElement value) {
        StringBuilder out = new StringBuilder(128);
        write(value == null ? JsonNull.INSTANCE : value, out);
        return out.toString();
    }

    /**
     * Parses one JSON value under RFC 8259 strict rules: no comments, no single quotes, no unquoted
     * names, no NaN/Infinity literals, no unescaped control characters, nothing after the value. In
     * addition, an object that names the same member twice is rejected (gson on its own would
     * silently keep the last one, which lets two parties read different values from one document).
     * Numbers are kept as exact {@link BigDecimal}s.
     *
     * @throws RecordFormatException with the line and column of the problem where known
     */
    public static JsonElement parse(String json) {
        if (json == null) {
            throw new RecordFormatException("JSON input is null");
        }
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT);
        try {
            JsonElement value = read(reader);
            boolean trailing;
            try {
                trailing = reader.peek() != JsonToken.END_DOCUMENT;
            } catch (MalformedJsonException e) {
                trailing = true; // gson refuses a second top-level value in strict mode
            }
            if (trailing) {
                throw positioned("unexpected data after the JSON value", reader, null);
            }
            return value;
        } catch (RecordFormatException e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw fromGson(e);
        }
    }

    /**
     * ECMAScript {@code Number.prototype.toString(value)} for a finite double, as RFC 8785
     * requires.
     *
     * <p>The digits are the shortest decimal that reads back as the same double (ties go to the
     * candidate closest to the exact binary value, then to the even one). They are placed as
     * ECMAScript does: plain integers up to 21 digits ({@code 1e+21} above), plain fractions down
     * to {@code 0.000001} ({@code 1e-7} below), exponent form otherwise with an explicit sign.
     * Negative zero is written {@code 0}.
     *
     * <p>The shortest digits are searched for with {@link BigDecimal} rather than taken from {@link
     * Double#toString}, whose output was not always the shortest before JDK 19: the result must not
     * depend on the JVM.
     *
     * @throws RecordFormatException for NaN and the infinities, which JSON cannot express
     */
    public static String numberToString(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new RecordFormatException("JSON cannot represent the number " + value);
        }
        if (value == 0) {
            return "0"; // also -0
        }
        if (value < 0) {
            return "-" + positiveToString(-value);
        }
        return positiveToString(value);
    }

    /**
     * Refuses any number in {@code value} whose canonical form would denote a different value, such
     * as the integer 2<sup>53</sup>+1 (which becomes 2<sup>53</sup>), a fraction with more digits
     * than a double keeps, or a magnitude that underflows to zero. Such a number would be silently
     * changed by canonicalisation, so the signed and hashed bytes would not be what the author
     * wrote.
     *
     * @param path where {@code value} sits, for the message (e.g. {@code fields.weight})
     * @throws RecordFormatException naming the first such number, its path and what it would become
     */
    public static void requireExactNumbers(JsonElement value, String path) {
        if (value == null || value.isJsonNull()) {
            return;
        }
        if (value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                requireExactNumbers(array.get(i), path + "[" + i + "]");
            }
        } else if (value.isJsonObject()) {
            for (var member : value.getAsJsonObject().entrySet()) {
                requireExactNumbers(member.getValue(), path + "." + member.getKey());
            }
        } else if (value.getAsJsonPrimitive().isNumber()) {
            BigDecimal exact = value.getAsBigDecimal();
            if (isSmallInteger(exact)) {
                return;
            }
            String canonical = numberToString(exact.doubleValue());
            if (new BigDecimal(canonical).compareTo(exact) != 0) {
                throw new RecordFormatException(
                        "number "
                                + abbreviate(exact.toString())
                                + " at "
                                + path
                                + " cannot be kept exactly: canonical JSON (RFC 8785) holds"
                                + " numbers as IEEE-754 doubles, which would make it "
                                + canonical
                                + "; send the value as a string");
            }
        }
    }

    /** Integers of magnitude up to 2^53 are exact doubles: the common case needs no search. */
    private static boolean isSmallInteger(BigDecimal n) {
        return n.signum() == 0
                || n.abs().compareTo(TWO_TO_53) <= 0 && n.stripTrailingZeros().scale() <= 0;
    }

    private static final BigDecimal TWO_TO_53 = BigDecimal.valueOf(9007199254740992L);

    private static String positiveToString(double value) {
        if (value < 9007199254740992.0 && value == Math.floor(value)) {
            return Long.toString(
                    (long) value); // exact integer below 2^53: its digits are the answer
        }
        BigDecimal shortest = shortestDecimal(value).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = 0.d1d2...dk * 10^n
        StringBuilder out = new StringBuilder(k + 8);
        if (k <= n && n <= 21) {
            out.append(digits);
            for (int i = 0; i < n - k; i++) {
                out.append('0');
            }
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.");
            for (int i = 0; i < -n; i++) {
                out.append('0');
            }
            out.append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            int exponent = n - 1;
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return out.toString();
    }

    private static BigDecimal shortestDecimal(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
            boolean downOk = down.doubleValue() == value;
            boolean upOk = up.doubleValue() == value;
            if (downOk && upOk) {
                int cmp = exact.subtract(down).compareTo(up.subtract(exact));
                if (cmp != 0) {
                    return cmp < 0 ? down : up;
                }
                return down.unscaledValue().testBit(0) ? up : down;
            }
            if (downOk) {
                return down;
            }
            if (upOk) {
                return up;
            }
        }
        // 17 significant digits always identify a double uniquely, so the loop returns before this.
        throw new AssertionError("no round-tripping decimal for " + value);
    }

    private static void write(JsonElement value, StringBuilder out) {
        if (value.isJsonNull()) {
            out.append("null");
        } else if (value.isJsonPrimitive()) {
            JsonPrimitive p = value.getAsJsonPrimitive();
            if (p.isBoolean()) {
                out.append(p.getAsBoolean() ? "true" : "false");
            } else if (p.isNumber()) {
                out.append(numberToString(p.getAsDouble()));
            } else {
                writeString(p.getAsString(), out);
            }
        } else if (value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                JsonElement item = array.get(i);
                write(item == null ? JsonNull.INSTANCE : item, out);
            }
            out.append(']');
        } else {
            JsonObject object = value.getAsJsonObject();
            List<String> names = new ArrayList<>(object.keySet());
            names.sort(
                    null); // String.compareTo compares UTF-16 code units, exactly as JCS requires
            out.append('{');
            boolean first = true;
            for (String name : names) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(name, out);
                out.append(':');
                JsonElement member = object.get(name);
                write(member == null ? JsonNull.INSTANCE : member, out);
            }
            out.append('}');
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00")
                                .append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 0xf, 16));
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                            throw new RecordFormatException(
                                    "string contains an unpaired UTF-16 surrogate at index " + i);
                        }
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isLowSurrogate(c)) {
                        throw new RecordFormatException(
                                "string contains an unpaired UTF-16 surrogate at index " + i);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static JsonElement read(JsonReader reader) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT:
                {
                    JsonObject object = new JsonObject();
                    reader.beginObject();
                    while (reader.hasNext()) {
                        String name = reader.nextName();
                        if (object.has(name)) {
                            throw positioned("duplicate object key \"" + name + "\"", reader, null);
                        }
                        object.add(name, read(reader));
                    }
                    reader.endObject();
                    return object;
                }
            case BEGIN_ARRAY:
                {
                    JsonArray array = new JsonArray();
                    reader.beginArray();
                    while (reader.hasNext()) {
                        array.add(read(reader));
                    }
                    reader.endArray();
                    return array;
                }
            case STRING:
                return new JsonPrimitive(reader.nextString());
            case NUMBER:
                {
                    String literal = reader.nextString();
                    BigDecimal number = new BigDecimal(literal);
                    if (Double.isInfinite(number.doubleValue())) {
                        throw positioned(
                                "number "
                                        + abbreviate(literal)
                                        + " is outside the range of a double",
                                reader,
                                null);
                    }
                    return new JsonPrimitive(number);
                }
            case BOOLEAN:
                return new JsonPrimitive(reader.nextBoolean());
            case NULL:
                reader.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw positioned("unexpected " + reader.peek(), reader, null);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /**
     * Builds an exception positioned at the reader's current location (JsonReader.toString()
     * carries it).
     */
    private static RecordFormatException positioned(
            String problem, JsonReader reader, Throwable cause) {
        Matcher m = GSON_POSITION.matcher(reader.toString());
        if (m.find()) {
            return atPosition(m, problem, cause);
        }
        return new RecordFormatException("malformed JSON: " + problem, cause);
    }

    private static RecordFormatException fromGson(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n'); // gson appends a troubleshooting link on a second line
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        // gson's advice to switch to lenient parsing would be wrong here; say what strict JSON
        // forbids
        message =
                message.replace(
                        "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
                        "syntax not allowed in strict JSON (RFC 8259): e.g. a comment, single quotes, an unquoted name,"
                                + " a leading zero or a misplaced character");
        Matcher m = GSON_POSITION.matcher(message);
        if (m.find()) {
            String problem = (message.substring(0, m.start()) + message.substring(m.end())).trim();
            return atPosition(m, problem, e);
        }
        return new RecordFormatException("malformed JSON: " + message, e);
    }

    /** An error at the line, column and path that {@code m} found in gson's position text. */
    private static RecordFormatException atPosition(Matcher m, String problem, Throwable cause) {
        int line = Integer.parseInt(m.group(1));
        int column = Integer.parseInt(m.group(2));
        return new RecordFormatException(
                "malformed JSON at line "
                        + line
                        + ", column "
                        + column
                        + pathSuffix(m.group(3))
                        + ": "
                        + problem,
                line,
                column,
                cause);
    }

    private static String pathSuffix(String path) {
        return path == null || path.isEmpty() ? "" : " (path " + path + ")";
    }
}
