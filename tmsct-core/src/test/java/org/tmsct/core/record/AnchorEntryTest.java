package org.tmsct.core.record;

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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AnchorEntryTest {

    private static final JsonObject VECTOR = Samples.VECTORS.getAsJsonObject("anchorEntry");
    static final String ENTRY_JSON = VECTOR.get("json").getAsString();

    @Test
    void entryForTheSampleRecordHasFixedLeafBytesAndDigest() {
        RawRecord record = RawRecord.parse(Samples.RECORD_JSON);
        List<String> keyFields =
                VECTOR.getAsJsonArray("keyFields").asList().stream()
                        .map(JsonElement::getAsString)
                        .toList();
        AnchorEntry entry = AnchorEntry.of(VECTOR.get("txId").getAsString(), record, keyFields);
        assertEquals(ENTRY_JSON, new String(entry.leafBytes(), StandardCharsets.UTF_8));
        assertEquals(ENTRY_JSON, entry.toJson());
        assertEquals(
                VECTOR.get("digest").getAsString(), org.tmsct.core.hash.Hex.encode(entry.digest()));
        assertTrue(entry.matches(record));
        assertFalse(entry.matches(RawRecord.parse(Samples.RECORD_JSON.replace("B-7", "B-8"))));
    }

    @Test
    void jsonRoundTripAndValueEquality() {
        AnchorEntry entry = AnchorEntry.fromJson(ENTRY_JSON);
        AnchorEntry reordered =
                AnchorEntry.fromJson(
                        "{\"txId\":\"tx-0001\",\"tid\":\"TID-2024-000042\",\"stage\":\"raw-material\","
                                + "\"keyData\":{\"weightKg\":1.25e1,\"batch\":\"B-7\"},\"dataHash\":\""
                                + Samples.RECORD_SHA256
                                + "\"}");
        assertEquals(entry, reordered);
        assertEquals(entry.hashCode(), reordered.hashCode());
        assertEquals(entry, AnchorEntry.fromJson(entry.toJsonObject()));
        assertEquals("B-7", entry.keyData().get("batch").getAsString());
        assertNotEquals(entry, AnchorEntry.fromJson(ENTRY_JSON.replace("tx-0001", "tx-0002")));
    }

    @Test
    void invalidEntriesAreRejected() {
        Map<String, JsonElement> kd = new TreeMap<>(Map.of("a", new JsonPrimitive(1)));
        String hash = Samples.RECORD_SHA256;
        assertThrows(RecordFormatException.class, () -> new AnchorEntry("", "T-1", "s", kd, hash));
        assertThrows(
                RecordFormatException.class, () -> new AnchorEntry("tx", "T 1", "s", kd, hash));
        assertThrows(RecordFormatException.class, () -> new AnchorEntry("tx", "T-1", "", kd, hash));
        assertThrows(
                RecordFormatException.class,
                () -> new AnchorEntry("tx", "T-1", "s", kd, hash.toUpperCase()));
        assertThrows(
                RecordFormatException.class,
                () -> new AnchorEntry("tx", "T-1", "s", kd, hash.substring(2)));
        assertThrows(
                RecordFormatException.class,
                () -> AnchorEntry.fromJson(ENTRY_JSON.replace("\"txId\"", "\"txid\"")));
        assertThrows(
                RecordFormatException.class,
                () ->
                        AnchorEntry.fromJson(
                                ENTRY_JSON.replace("{\"batch\"", "{\"batch\":1,\"batch\"")));
        assertThrows(
                RecordFormatException.class,
                () -> AnchorEntry.fromJson("{\"dataHash\":\"" + hash + "\"}"));
    }
}
