package org.tmsct.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmsct.core.TestVectors;

class CanonicalJsonTest {

    private static String canon(String json) {
        return new String(CanonicalJson.canonicalize(json), StandardCharsets.UTF_8);
    }

    private static final JsonObject VECTORS = TestVectors.json("canonical-json.json");

    private static Stream<Arguments> pairs(String name, String input, String expected) {
        return VECTORS.getAsJsonArray(name).asList().stream()
                .map(JsonElement::getAsJsonObject)
                .map(v -> Arguments.of(v.get(input).getAsString(), v.get(expected).getAsString()));
    }

    static Stream<Arguments> documents() {
        return pairs("documents", "input", "canonical");
    }

    static Stream<Arguments> numberBits() {
        return pairs("numberBits", "ieee754", "canonical");
    }

    static Stream<Arguments> numberLiterals() {
        return pairs("numberLiterals", "literal", "canonical");
    }

    /**
     * RFC 8785's sample document and its key-order example (surrogate pairs sort by UTF-16 code
     * units).
     */
    @ParameterizedTest
    @MethodSource("documents")
    void rfc8785DocumentsAreCanonicalizedAsInTheRfc(String input, String expected) {
        assertEquals(expected, canon(input));
    }

    /** RFC 8785 appendix B: IEEE-754 bit patterns and their required serialization. */
    @ParameterizedTest
    @MethodSource("numberBits")
    void rfc8785NumberVectors(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertEquals(expected, CanonicalJson.numberToString(value));
    }

    @ParameterizedTest
    @MethodSource("numberLiterals")
    void numberLiteralsAreWrittenAsEcmaScriptDoes(String literal, String expected) {
        assertEquals(expected, canon(literal));
    }

    @Test
    void everyVectorGroupIsPresent() {
        assertEquals(2, documents().count());
        assertEquals(24, numberBits().count());
        assertEquals(18, numberLiterals().count());
    }

    @Test
    void programmaticNonFiniteNumbersAreRejected() {
        for (double bad :
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            JsonArray array = new JsonArray();
            array.add(new JsonPrimitive(bad));
            assertThrows(RecordFormatException.class, () -> CanonicalJson.canonicalize(array));
        }
    }

    @Test
    void numbersBeyondDoubleRangeAreRejected() {
        RecordFormatException e =
                assertThrows(
                        RecordFormatException.class, () -> CanonicalJson.canonicalize("[1e400]"));
        assertTrue(e.getMessage().contains("outside the range of a double"), e.getMessage());
        assertThrows(RecordFormatException.class, () -> CanonicalJson.canonicalize("[NaN]"));
        assertThrows(RecordFormatException.class, () -> CanonicalJson.canonicalize("[Infinity]"));
    }

    @Test
    void controlCharactersAreEscapedWithLowercaseHexAndOthersAreLiteral() {
        JsonObject o = new JsonObject();
        o.addProperty("s", "\u0000\u0001\u001f\b\t\n\f\r\"\\/\u007f\u2028\u00e9");
        assertEquals(
                "{\"s\":\"\\u0000\\u0001\\u001f\\b\\t\\n\\f\\r\\\"\\\\/\u007f\u2028\u00e9\"}",
                CanonicalJson.canonicalString(o));
        assertArrayEquals(
                "{\"s\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8),
                CanonicalJson.canonicalize("{\"s\":\"\\u00E9\"}"));
    }

    @Test
    void unpairedSurrogatesAreRejected() {
        assertThrows(
                RecordFormatException.class, () -> CanonicalJson.canonicalize("[\"\\ud800\"]"));
        assertThrows(
                RecordFormatException.class, () -> CanonicalJson.canonicalize("[\"\\udc00x\"]"));
        assertThrows(
                RecordFormatException.class, () -> CanonicalJson.canonicalize("{\"\\ud800\":1}"));
        assertEquals("[\"\ud83d\ude00\"]", canon("[\"\\ud83d\\ude00\"]"));
    }

    @Test
    void keyOrderAndWhitespaceDoNotChangeTheBytes() {
        String a = "{\"b\":[1,2,{\"y\":true,\"x\":null}],\"a\":{\"d\":1.50,\"c\":\"s\"}}";
        String b =
                "{\n  \"a\" : { \"c\" : \"s\", \"d\" : 15e-1 },\r\n\t\"b\" : [ 1 , 2.0 , { \"x\" : null , \"y\" : true } ]\n}";
        assertArrayEquals(CanonicalJson.canonicalize(a), CanonicalJson.canonicalize(b));
        assertEquals(
                "{\"a\":{\"c\":\"s\",\"d\":1.5},\"b\":[1,2,{\"x\":null,\"y\":true}]}", canon(a));
    }

    @Test
    void topLevelScalarsAreAllowed() {
        assertEquals("\"x\"", canon(" \"x\" "));
        assertEquals("true", canon("true"));
        assertEquals("null", canon("null"));
    }

    @Test
    void duplicateKeysAreRejectedWithPosition() {
        RecordFormatException e =
                assertThrows(
                        RecordFormatException.class,
                        () -> CanonicalJson.parse("{\"a\":1,\n \"b\":{\"c\":1,\"c\":2}}"));
        assertTrue(e.getMessage().contains("duplicate object key \"c\""), e.getMessage());
        assertEquals(2, e.line());
        assertTrue(e.column() > 0);
    }

    @Test
    void malformedJsonReportsLineAndColumn() {
        RecordFormatException e =
                assertThrows(
                        RecordFormatException.class,
                        () -> CanonicalJson.parse("{\n  \"a\": 1,\n  \"b\" 2\n}"));
        assertEquals(3, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("line 3, column"), e.getMessage());
        assertTrue(e.column() >= 7, e.getMessage());
    }

    @Test
    void nonStrictSyntaxIsRejected() {
        String[] bad = {
            "{'a':1}", // single quotes
            "{a:1}", // unquoted name
            "[1,]", // trailing comma
            "[1] [2]", // two top-level values
            "{\"a\":1} x", // trailing garbage
            "// c\n{}", // comment
            "[\"tab\there\"]", // unescaped control character
            "[01]", // leading zero
            "", // empty input
            "{\"a\":1", // unterminated
        };
        for (String json : bad) {
            assertThrows(RecordFormatException.class, () -> CanonicalJson.parse(json), json);
        }
    }

    @Test
    void truncatedInputReportsPosition() {
        RecordFormatException e =
                assertThrows(RecordFormatException.class, () -> CanonicalJson.parse("{\"a\":[1,2"));
        assertEquals(1, e.line());
        assertTrue(e.column() > 1, e.getMessage());
    }

    @Test
    void canonicalizationIsIdempotent() {
        String once = canon("{\"z\":[0.5e1,{\"b\":-0,\"a\":\"\\u001F\"}],\"\u00e9\":1e-9}");
        assertEquals(once, canon(once));
    }
}
