package org.tmsct.core.record;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalJsonTest {

    private static String canon(String json) {
        return new String(CanonicalJson.canonicalize(json), StandardCharsets.UTF_8);
    }

    @Test
    void rfc8785SampleIsCanonicalizedAsInTheRfc() {
        String input = "{\n"
                + "  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]\n"
                + "}";
        assertEquals("{\"literals\":[null,true,false],"
                        + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}",
                canon(input));
    }

    @Test
    void keysAreSortedByUtf16CodeUnitsAsInRfc8785() {
        // RFC 8785 section 3.2.3 example: the surrogate pair of U+1F600 sorts before U+FB33
        String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
                + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
        assertEquals("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
                        + "\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
                canon(input));
    }

    /** RFC 8785 appendix B: IEEE-754 bit patterns and their required serialization. */
    @ParameterizedTest
    @CsvSource({
            "0000000000000000, 0",
            "8000000000000000, 0",
            "0000000000000001, 5e-324",
            "8000000000000001, -5e-324",
            "7fefffffffffffff, 1.7976931348623157e+308",
            "ffefffffffffffff, -1.7976931348623157e+308",
            "4340000000000000, 9007199254740992",
            "c340000000000000, -9007199254740992",
            "4430000000000000, 295147905179352830000",
            "44b52d02c7e14af5, 9.999999999999997e+22",
            "44b52d02c7e14af6, 1e+23",
            "44b52d02c7e14af7, 1.0000000000000001e+23",
            "444b1ae4d6e2ef4e, 999999999999999700000",
            "444b1ae4d6e2ef4f, 999999999999999900000",
            "444b1ae4d6e2ef50, 1e+21",
            "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
            "3eb0c6f7a0b5ed8d, 0.000001",
            "41b3de4355555553, 333333333.3333332",
            "41b3de4355555554, 333333333.33333325",
            "41b3de4355555555, 333333333.3333333",
            "41b3de4355555556, 333333333.3333334",
            "41b3de4355555557, 333333333.33333343",
            "becbf647612f3696, -0.0000033333333333333333",
            "43143ff3c1cb0959, 1424953923781206.2",
    })
    void rfc8785NumberVectors(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertEquals(expected, CanonicalJson.numberToString(value));
    }

    @ParameterizedTest
    @CsvSource({
            "1e30, 1e+30",
            "4.50, 4.5",
            "2e-3, 0.002",
            "0.002, 0.002",
            "1e-7, 1e-7",
            "0.0000001, 1e-7",
            "-0, 0",
            "-0.0, 0",
            "100, 100",
            "1.0, 1",
            "1E2, 100",
            "123456789012345678901, 123456789012345680000",
            "1e21, 1e+21",
            "0.1, 0.1",
            "-1.5e-10, -1.5e-10",
            "5e-324, 5e-324",
            "0.30000000000000004, 0.30000000000000004",
            "333333333.3333333, 333333333.3333333",
    })
    void numberLiteralsAreWrittenAsEcmaScriptDoes(String literal, String expected) {
        assertEquals(expected, canon(literal));
    }

    @Test
    void programmaticNonFiniteNumbersAreRejected() {
        for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            JsonArray array = new JsonArray();
            array.add(new JsonPrimitive(bad));
            assertThrows(RecordFormatException.class, () -> CanonicalJson.canonicalize(array));
        }
    }

    @Test
    void numbersBeyondDoubleRangeAreRejected() {
        RecordFormatException e = assertThrows(RecordFormatException.class, () -> CanonicalJson.canonicalize("[1e400]"));
        assertTrue(e.getMessage().contains("outside the range of a double"), e.getMessage());
        assertThrows(RecordFormatException.class, () -> CanonicalJson.canonicalize("[NaN]"));
        assertThrows(RecordFormatException.class, () -> CanonicalJson.canonicalize("[Infinity]"));
    }

    @Test
    void controlCharactersAreEscapedWithLowercaseHexAndOthersAreLiteral() {
        JsonObject o = new JsonObject();
        o.addProperty("s", "\u0000\u0001\u001f\b\t\n\f\r\"\\/\u007f\u2028\u00e9");
        assertEquals("{\"s\":\"\\u0000\\u0001\\u001f\\b\\t\\n\\f\\r\\\"\\\\/\u007f\u2028\u00e9\"}",
                CanonicalJson.canonicalString(o));
        assertArrayEquals("{\"s\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8), CanonicalJson.canonicalize("{\"s\":\"\\u00E9\"}"));
    }

    @Test
    void unpairedSurrogatesAreRejected() {
        assertThrows(RecordFormatException.class, () -> CanonicalJson.canonicalize("[\"\\ud800\"]"));
        assertThrows(RecordFormatException.class, () -> CanonicalJson.canonicalize("[\"\\udc00x\"]"));
        assertThrows(RecordFormatException.class, () -> CanonicalJson.canonicalize("{\"\\ud800\":1}"));
        assertEquals("[\"\ud83d\ude00\"]", canon("[\"\\ud83d\\ude00\"]"));
    }

    @Test
    void keyOrderAndWhitespaceDoNotChangeTheBytes() {
        String a = "{\"b\":[1,2,{\"y\":true,\"x\":null}],\"a\":{\"d\":1.50,\"c\":\"s\"}}";
        String b = "{\n  \"a\" : { \"c\" : \"s\", \"d\" : 15e-1 },\r\n\t\"b\" : [ 1 , 2.0 , { \"x\" : null , \"y\" : true } ]\n}";
        assertArrayEquals(CanonicalJson.canonicalize(a), CanonicalJson.canonicalize(b));
        assertEquals("{\"a\":{\"c\":\"s\",\"d\":1.5},\"b\":[1,2,{\"x\":null,\"y\":true}]}", canon(a));
    }

    @Test
    void topLevelScalarsAreAllowed() {
        assertEquals("\"x\"", canon(" \"x\" "));
        assertEquals("true", canon("true"));
        assertEquals("null", canon("null"));
    }

    @Test
    void duplicateKeysAreRejectedWithPosition() {
        RecordFormatException e = assertThrows(RecordFormatException.class,
                () -> CanonicalJson.parse("{\"a\":1,\n \"b\":{\"c\":1,\"c\":2}}"));
        assertTrue(e.getMessage().contains("duplicate object key \"c\""), e.getMessage());
        assertEquals(2, e.line());
        assertTrue(e.column() > 0);
    }

    @Test
    void malformedJsonReportsLineAndColumn() {
        RecordFormatException e = assertThrows(RecordFormatException.class,
                () -> CanonicalJson.parse("{\n  \"a\": 1,\n  \"b\" 2\n}"));
        assertEquals(3, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("line 3, column"), e.getMessage());
        assertTrue(e.column() >= 7, e.getMessage());
    }

    @Test
    void nonStrictSyntaxIsRejected() {
        String[] bad = {
                "{'a':1}",             // single quotes
                "{a:1}",               // unquoted name
                "[1,]",                // trailing comma
                "[1] [2]",             // two top-level values
                "{\"a\":1} x",         // trailing garbage
                "// c\n{}",            // comment
                "[\"tab\there\"]",     // unescaped control character
                "[01]",                // leading zero
                "",                    // empty input
                "{\"a\":1",            // unterminated
        };
        for (String json : bad) {
            assertThrows(RecordFormatException.class, () -> CanonicalJson.parse(json), json);
        }
    }

    @Test
    void truncatedInputReportsPosition() {
        RecordFormatException e = assertThrows(RecordFormatException.class, () -> CanonicalJson.parse("{\"a\":[1,2"));
        assertEquals(1, e.line());
        assertTrue(e.column() > 1, e.getMessage());
    }

    @Test
    void canonicalizationIsIdempotent() {
        String once = canon("{\"z\":[0.5e1,{\"b\":-0,\"a\":\"\\u001F\"}],\"\u00e9\":1e-9}");
        assertEquals(once, canon(once));
    }
}
