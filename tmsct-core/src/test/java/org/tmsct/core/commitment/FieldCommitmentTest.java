package org.tmsct.core.commitment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tmsct.core.TestVectors;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.RawRecord;

/** The commitment against test-vectors/commitment.json, computed there by a separate program. */
class FieldCommitmentTest {

    static final JsonObject VECTORS = TestVectors.json("commitment.json");

    static JsonObject vectorCase(int i) {
        return VECTORS.getAsJsonArray("cases").get(i).getAsJsonObject();
    }

    static FieldCommitment commitmentOf(JsonObject c) {
        RawRecord record = RawRecord.fromJson(c.getAsJsonObject("record"));
        return FieldCommitment.commit(
                record, FieldCommitment.saltsFromJson(c.getAsJsonObject("salts")));
    }

    @Test
    void leavesRootsAndProofsMatchTheVectors() {
        assertEquals(3, VECTORS.getAsJsonArray("cases").size());
        for (JsonElement e : VECTORS.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            FieldCommitment commitment = commitmentOf(c);
            var leaves = c.getAsJsonArray("leaves");
            assertEquals(leaves.size(), commitment.pointers().size(), name);
            for (int i = 0; i < leaves.size(); i++) {
                JsonObject leaf = leaves.get(i).getAsJsonObject();
                String pointer = leaf.get("pointer").getAsString();
                assertEquals(pointer, commitment.pointers().get(i), name + " leaf order");
                byte[] bytes =
                        FieldCommitment.leafBytes(
                                pointer,
                                leaf.get("value").getAsString().getBytes(StandardCharsets.UTF_8),
                                Hex.decode(leaf.get("salt").getAsString()));
                assertEquals(leaf.get("leafBytes").getAsString(), Hex.encode(bytes), pointer);
            }
            assertEquals(c.get("root").getAsString(), commitment.rootHex(), name);
            for (JsonElement d : c.getAsJsonArray("disclosures")) {
                FieldDisclosure expected = FieldDisclosure.fromJson(d.getAsJsonObject());
                FieldDisclosure ours = commitment.disclose(expected.pointer());
                assertEquals(expected, ours, name + " " + expected.pointer());
                assertTrue(expected.verify(commitment.root()), name + " " + expected.pointer());
            }
        }
    }

    @Test
    void theUnchangedValueTextOfTheVectorsVerifiesToo() {
        // the vector's readings are written [1.0, ..., 1e-06]: verification canonicalizes values
        JsonObject c = vectorCase(0);
        byte[] root = Hex.decode(c.get("root").getAsString());
        for (JsonElement d : c.getAsJsonArray("disclosures")) {
            assertTrue(FieldDisclosure.fromJson(d.toString()).verify(root), d.toString());
        }
    }

    @Test
    void everyTamperedDisclosureOfTheVectorsFails() {
        byte[] root = Hex.decode(vectorCase(0).get("root").getAsString());
        var tampered = VECTORS.getAsJsonArray("tampered");
        assertEquals(10, tampered.size());
        for (JsonElement e : tampered) {
            JsonObject t = e.getAsJsonObject();
            FieldDisclosure d = FieldDisclosure.fromJson(t.getAsJsonObject("disclosure"));
            assertFalse(d.verify(root), t.get("why").getAsString());
        }
    }

    @Test
    void aFieldNamedTidIsNotTheTraceCode() {
        FieldCommitment c = commitmentOf(vectorCase(2));
        FieldDisclosure field = c.disclose(FieldPointer.field("tid"));
        assertEquals("/fields/tid", field.pointer());
        FieldDisclosure posing =
                new FieldDisclosure(FieldPointer.TID, field.value(), field.salt(), field.proof());
        assertFalse(posing.verify(c.root()));
        assertEquals(new JsonPrimitive("TID-NAMES"), c.disclose(FieldPointer.TID).value());
    }

    @Test
    void keyDataDisclosureHoldsTidStageAndThePresentNamedFields() {
        FieldCommitment c = commitmentOf(vectorCase(0));
        List<FieldDisclosure> ds = c.discloseKeyData(List.of("weightKg", "batch", "absent"));
        assertEquals(
                List.of("/tid", "/stage", "/fields/batch", "/fields/weightKg"),
                ds.stream().map(FieldDisclosure::pointer).toList());
        assertTrue(FieldDisclosure.verifyAll(ds, c.root()));
        assertFalse(FieldDisclosure.verifyAll(List.of(ds.get(0), ds.get(0)), c.root()));
        List<FieldDisclosure> oneBad =
                List.of(
                        ds.get(0),
                        new FieldDisclosure(
                                ds.get(2).pointer(),
                                new JsonPrimitive("B-8"),
                                ds.get(2).salt(),
                                ds.get(2).proof()));
        assertFalse(FieldDisclosure.verifyAll(oneBad, c.root()));
    }

    @Test
    void saltsMustCoverExactlyTheMembersAndBe32Bytes() {
        JsonObject c = vectorCase(1);
        RawRecord record = RawRecord.fromJson(c.getAsJsonObject("record"));
        Map<String, byte[]> salts =
                new TreeMap<>(FieldCommitment.saltsFromJson(c.getAsJsonObject("salts")));
        salts.remove(FieldPointer.STAGE);
        assertThrows(IllegalArgumentException.class, () -> FieldCommitment.commit(record, salts));
        salts.put(FieldPointer.STAGE, new byte[16]);
        assertThrows(IllegalArgumentException.class, () -> FieldCommitment.commit(record, salts));
        salts.put(FieldPointer.STAGE, new byte[32]);
        salts.put("/fields/extra", new byte[32]);
        assertThrows(IllegalArgumentException.class, () -> FieldCommitment.commit(record, salts));
    }

    @Test
    void randomSaltsRoundTripThroughJson() {
        RawRecord record = RawRecord.fromJson(vectorCase(0).getAsJsonObject("record"));
        FieldCommitment c = FieldCommitment.commit(record, new SecureRandom());
        FieldCommitment again =
                FieldCommitment.commit(record, FieldCommitment.saltsFromJson(c.saltsJson()));
        assertArrayEquals(c.root(), again.root());
        assertEquals(11, c.salts().size());
    }

    @Test
    void disclosureJsonRoundTripsAndIsStrict() {
        FieldDisclosure d = commitmentOf(vectorCase(0)).disclose("/fields/supplier");
        assertEquals(d, FieldDisclosure.fromJson(d.toJson()));
        assertEquals(
                "{\"country\":\"DE\",\"name\":\"Acme Steel\"}",
                CanonicalJson.canonicalString(d.value()));
        String extra = d.toJson().replace("{\"pointer\"", "{\"extra\":1,\"pointer\"");
        assertThrows(IllegalArgumentException.class, () -> FieldDisclosure.fromJson(extra));
        String shortSalt = d.toJson().replaceFirst("\"salt\":\"..", "\"salt\":\"");
        assertThrows(IllegalArgumentException.class, () -> FieldDisclosure.fromJson(shortSalt));
    }

    @Test
    void pointersEscapeAndUnescape() {
        assertEquals("/fields/a~1b~0", FieldPointer.field("a/b~"));
        assertEquals("a/b~", FieldPointer.fieldName("/fields/a~1b~0"));
        assertEquals("", FieldPointer.fieldName("/fields/"));
        assertNull(FieldPointer.fieldName(FieldPointer.TID));
        assertNull(FieldPointer.fieldName("/fields/a/b"));
        assertNull(FieldPointer.fieldName("/fields/a~2"));
        assertNull(FieldPointer.fieldName("/fields/a~"));
    }
}
