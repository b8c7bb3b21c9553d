package org.tmsct.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RawRecordTest {

    @Test
    void sampleRecordHasFixedCanonicalBytesAndHash() {
        RawRecord record = RawRecord.parse(Samples.RECORD_JSON);
        assertEquals(
                Samples.RECORD_CANONICAL,
                new String(record.canonicalBytes(), StandardCharsets.UTF_8));
        assertEquals(Samples.RECORD_CANONICAL_LENGTH, record.canonicalBytes().length);
        assertEquals(Samples.RECORD_SHA256, record.hashHex());
        assertEquals(Samples.RECORD_CANONICAL, record.toJson());
        assertEquals("TID-2024-000042", record.tid());
        assertEquals("raw-material", record.stage());
    }

    @Test
    void parsingTheCanonicalFormGivesAnEqualRecord() {
        RawRecord record = RawRecord.parse(Samples.RECORD_JSON);
        RawRecord again = RawRecord.parse(record.toJson());
        assertEquals(record, again);
        assertEquals(record.hashCode(), again.hashCode());
        assertArrayEquals(record.hash(), again.hash());
    }

    @Test
    void constructorAndParserAgree() {
        SortedMap<String, JsonElement> fields = new TreeMap<>();
        fields.put("b", new JsonPrimitive(2));
        fields.put("a", new JsonPrimitive("x"));
        RawRecord built = new RawRecord("T-1", "logistics", fields);
        RawRecord parsed =
                RawRecord.parse(
                        "{\"fields\":{\"a\":\"x\",\"b\":2.0},\"stage\":\"logistics\",\"tid\":\"T-1\"}");
        assertEquals(parsed, built);
        assertEquals(
                "{\"fields\":{\"a\":\"x\",\"b\":2},\"stage\":\"logistics\",\"tid\":\"T-1\"}",
                built.toJson());
    }

    @Test
    void keyDataPicksTheNamedFieldsAndSkipsMissingOnes() {
        RawRecord record = RawRecord.parse(Samples.RECORD_JSON);
        SortedMap<String, JsonElement> kd =
                record.keyData(List.of("weightKg", "batch", "noSuchField"));
        assertEquals(List.of("batch", "weightKg"), List.copyOf(kd.keySet()));
        assertEquals("B-7", kd.get("batch").getAsString());
        assertEquals(12.5, kd.get("weightKg").getAsDouble());
        assertTrue(record.keyData(List.of()).isEmpty());
    }

    @Test
    void recordIsImmutableThroughItsAccessors() {
        RawRecord record = RawRecord.parse(Samples.RECORD_JSON);
        record.fields().get("supplier").getAsJsonObject().addProperty("name", "Evil Corp");
        assertThrows(
                UnsupportedOperationException.class,
                () -> record.fields().put("x", new JsonPrimitive(1)));
        record.toJsonObject().getAsJsonObject("fields").addProperty("batch", "B-8");
        assertEquals(Samples.RECORD_SHA256, record.hashHex());

        JsonObject source = new JsonObject();
        source.addProperty("v", 1);
        TreeMap<String, JsonElement> fields = new TreeMap<>();
        fields.put("nested", source);
        RawRecord built = new RawRecord("T-1", "s", fields);
        String before = built.hashHex();
        source.addProperty("v", 2);
        assertEquals(before, built.hashHex());
    }

    @Test
    void malformedJsonIsRejectedWithLineAndColumn() {
        RecordFormatException e =
                assertThrows(
                        RecordFormatException.class,
                        () ->
                                RawRecord.parse(
                                        "{\"tid\":\"T-1\",\n\"stage\":\"s\",\n\"fields\":{\"a\" 1}}"));
        assertEquals(3, e.line(), e.getMessage());
        assertTrue(e.column() > 0, e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*line 3, column \\d+.*"), e.getMessage());
    }

    @Test
    void missingTidIsRejected() {
        RecordFormatException e =
                assertThrows(
                        RecordFormatException.class,
                        () -> RawRecord.parse("{\"stage\":\"s\",\"fields\":{}}"));
        assertTrue(e.getMessage().contains("missing required field \"tid\""), e.getMessage());
        assertThrows(
                RecordFormatException.class,
                () -> RawRecord.parse("{\"tid\":null,\"stage\":\"s\",\"fields\":{}}"));
    }

    @Test
    void invalidTidsAreRejected() {
        String[] bad = {"", " ", "TID 1", "TID\t1", "T\u00e9", "x".repeat(129)};
        for (String tid : bad) {
            JsonObject o = new JsonObject();
            o.addProperty("tid", tid);
            o.addProperty("stage", "s");
            o.add("fields", new JsonObject());
            assertThrows(RecordFormatException.class, () -> RawRecord.parse(o.toString()), tid);
        }
        assertEquals(
                128,
                RawRecord.parse(
                                "{\"tid\":\""
                                        + "x".repeat(128)
                                        + "\",\"stage\":\"s\",\"fields\":{}}")
                        .tid()
                        .length());
        assertThrows(
                RecordFormatException.class,
                () -> RawRecord.parse("{\"tid\":7,\"stage\":\"s\",\"fields\":{}}"));
    }

    @Test
    void otherStructuralProblemsAreRejected() {
        assertThrows(
                RecordFormatException.class,
                () -> RawRecord.parse("{\"tid\":\"T\",\"fields\":{}}"));
        assertThrows(
                RecordFormatException.class,
                () -> RawRecord.parse("{\"tid\":\"T\",\"stage\":\"\",\"fields\":{}}"));
        assertThrows(
                RecordFormatException.class,
                () -> RawRecord.parse("{\"tid\":\"T\",\"stage\":\"s\"}"));
        assertThrows(
                RecordFormatException.class,
                () -> RawRecord.parse("{\"tid\":\"T\",\"stage\":\"s\",\"fields\":[]}"));
        assertThrows(
                RecordFormatException.class,
                () -> RawRecord.parse("[{\"tid\":\"T\",\"stage\":\"s\",\"fields\":{}}]"));
        RecordFormatException unknown =
                assertThrows(
                        RecordFormatException.class,
                        () ->
                                RawRecord.parse(
                                        "{\"tid\":\"T\",\"stage\":\"s\",\"fields\":{},\"extra\":1}"));
        assertTrue(unknown.getMessage().contains("unknown field \"extra\""), unknown.getMessage());
    }

    @Test
    void duplicateKeysAreRejectedAtTopLevelAndInsideFields() {
        RecordFormatException top =
                assertThrows(
                        RecordFormatException.class,
                        () ->
                                RawRecord.parse(
                                        "{\"tid\":\"T-1\",\"tid\":\"T-2\",\"stage\":\"s\",\"fields\":{}}"));
        assertTrue(top.getMessage().contains("duplicate object key \"tid\""), top.getMessage());
        RecordFormatException inner =
                assertThrows(
                        RecordFormatException.class,
                        () ->
                                RawRecord.parse(
                                        "{\"tid\":\"T-1\",\"stage\":\"s\",\"fields\":{\"w\":1,\"w\":2}}"));
        assertTrue(inner.getMessage().contains("duplicate object key \"w\""), inner.getMessage());
    }

    @Test
    void oversizedInputIsRejectedAndTheMessageStatesTheLimit() {
        String prefix = "{\"tid\":\"T-1\",\"stage\":\"s\",\"fields\":{\"pad\":\"";
        String suffix = "\"}}";
        String exactlyAtLimit =
                prefix
                        + "a".repeat(RawRecord.MAX_BYTES - prefix.length() - suffix.length())
                        + suffix;
        assertEquals(RawRecord.MAX_BYTES, exactlyAtLimit.getBytes(StandardCharsets.UTF_8).length);
        assertEquals("T-1", RawRecord.parse(exactlyAtLimit).tid());

        // one character more, and multi-byte characters count by their UTF-8 size
        String overByOne =
                prefix
                        + "a".repeat(RawRecord.MAX_BYTES - prefix.length() - suffix.length() + 1)
                        + suffix;
        RecordFormatException e =
                assertThrows(RecordFormatException.class, () -> RawRecord.parse(overByOne));
        assertTrue(e.getMessage().contains("65536"), e.getMessage());
        assertTrue(e.getMessage().contains("65537"), e.getMessage());
        String multiByte = prefix + "\u20ac".repeat(RawRecord.MAX_BYTES / 3) + suffix;
        assertTrue(multiByte.length() < RawRecord.MAX_BYTES);
        assertThrows(RecordFormatException.class, () -> RawRecord.parse(multiByte));
        assertThrows(
                RecordFormatException.class,
                () -> RawRecord.parse(overByOne.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bytesMustBeValidUtf8() {
        byte[] good =
                "{\"tid\":\"T-1\",\"stage\":\"s\",\"fields\":{\"n\":\"\u00e9\"}}"
                        .getBytes(StandardCharsets.UTF_8);
        assertEquals("\u00e9", RawRecord.parse(good).fields().get("n").getAsString());
        byte[] bad = good.clone();
        bad[bad.length - 4] = (byte) 0xc3; // 0xc3 0xc3: a lead byte followed by another lead byte
        RecordFormatException e =
                assertThrows(RecordFormatException.class, () -> RawRecord.parse(bad));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void differentContentGivesDifferentHashes() {
        RawRecord a = RawRecord.parse("{\"tid\":\"T-1\",\"stage\":\"s\",\"fields\":{\"w\":1}}");
        RawRecord b = RawRecord.parse("{\"tid\":\"T-1\",\"stage\":\"s\",\"fields\":{\"w\":2}}");
        assertNotEquals(a.hashHex(), b.hashHex());
        assertFalse(a.equals(b));
        assertEquals(64, a.hashHex().length());
    }

    private static String recordWith(final String numberLiteral) {
        return "{\"tid\":\"T-1\",\"stage\":\"S\",\"fields\":{\"w\":{\"list\":[1,"
                + numberLiteral
                + "]}}}";
    }

    @Test
    void numbersThatADoubleHoldsAsWrittenAreKept() {
        for (JsonElement n : Samples.VECTORS.getAsJsonObject("numbers").getAsJsonArray("exact")) {
            RawRecord r = RawRecord.parse(recordWith(n.getAsString()));
            JsonElement kept = r.fields().get("w").getAsJsonObject().getAsJsonArray("list").get(1);
            assertEquals(
                    0,
                    kept.getAsBigDecimal().compareTo(new java.math.BigDecimal(n.getAsString())),
                    n.getAsString());
        }
    }

    @Test
    void numbersThatWouldBeRoundedAreRefusedWithTheirPathAndWhatTheyWouldBecome() {
        for (JsonElement v : Samples.VECTORS.getAsJsonObject("numbers").getAsJsonArray("inexact")) {
            String literal = v.getAsJsonObject().get("literal").getAsString();
            String becomes = v.getAsJsonObject().get("becomes").getAsString();
            RecordFormatException e =
                    assertThrows(
                            RecordFormatException.class,
                            () -> RawRecord.parse(recordWith(literal)));
            assertTrue(e.getMessage().contains("fields.w.list[1]"), e.getMessage());
            assertTrue(e.getMessage().contains("would make it " + becomes + ";"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void aRoundedNumberIsRefusedAlsoWhenBuiltInJava() {
        RecordFormatException e =
                assertThrows(
                        RecordFormatException.class,
                        () ->
                                new RawRecord(
                                        "T-1",
                                        "S",
                                        java.util.Map.of(
                                                "n", new JsonPrimitive(9007199254740993L))));
        assertTrue(e.getMessage().contains("number 9007199254740993 at fields.n"), e.getMessage());
        assertEquals(
                "{\"fields\":{\"n\":9007199254740992},\"stage\":\"S\",\"tid\":\"T-1\"}",
                new String(
                        new RawRecord(
                                        "T-1",
                                        "S",
                                        java.util.Map.of("n", new JsonPrimitive(9007199254740992L)))
                                .canonicalBytes(),
                        StandardCharsets.UTF_8));
    }
}
