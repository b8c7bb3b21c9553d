package org.tmsct.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CanonicalJsonProperties {

    @Property(tries = 150)
    void reorderedAndPrettyPrintedDocumentsCanonicalizeIdentically(
            @ForAll("documents") JsonElement doc, @ForAll long shuffleSeed) {
        byte[] expected = CanonicalJson.canonicalize(doc);
        JsonElement shuffled = shuffle(doc, new Random(shuffleSeed));
        String pretty =
                new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(shuffled);
        assertArrayEquals(expected, CanonicalJson.canonicalize(pretty));
    }

    @Property(tries = 150)
    void canonicalFormParsesBackToItself(@ForAll("documents") JsonElement doc) {
        String canonical = CanonicalJson.canonicalString(doc);
        assertEquals(canonical, CanonicalJson.canonicalString(CanonicalJson.parse(canonical)));
    }

    @Property(tries = 500)
    void numbersRoundTripThroughTheirCanonicalText(@ForAll double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return;
        }
        String text = CanonicalJson.numberToString(value);
        assertEquals(value == 0 ? 0.0 : value, Double.parseDouble(text));
    }

    @Provide
    Arbitrary<JsonElement> documents() {
        return value(3);
    }

    private Arbitrary<JsonElement> value(int depth) {
        Arbitrary<JsonElement> scalar =
                Arbitraries.oneOf(
                        text(8).map(s -> (JsonElement) new JsonPrimitive(s)),
                        Arbitraries.doubles()
                                .between(-1e12, 1e12)
                                .ofScale(3)
                                .map(
                                        d ->
                                                (JsonElement)
                                                        new JsonPrimitive(
                                                                new BigDecimal(d.toString()))),
                        Arbitraries.integers().map(i -> (JsonElement) new JsonPrimitive(i)),
                        Arbitraries.of(true, false).map(b -> (JsonElement) new JsonPrimitive(b)),
                        Arbitraries.just(JsonNull.INSTANCE));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonElement> array =
                value(depth - 1)
                        .list()
                        .ofMaxSize(4)
                        .map(
                                items -> {
                                    JsonArray a = new JsonArray();
                                    items.forEach(a::add);
                                    return a;
                                });
        Arbitrary<JsonElement> object =
                Arbitraries.maps(text(6), value(depth - 1))
                        .ofMaxSize(5)
                        .map(
                                members -> {
                                    JsonObject o = new JsonObject();
                                    members.forEach(o::add);
                                    return o;
                                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalar),
                net.jqwik.api.Tuple.of(1, array),
                net.jqwik.api.Tuple.of(2, object));
    }

    /** Strings over controls, ASCII, Latin-1, a few BMP characters and a surrogate pair. */
    private static Arbitrary<String> text(int maxLength) {
        Arbitrary<String> bmp =
                Arbitraries.strings()
                        .withCharRange('\u0000', '\u02ff')
                        .withChars('\u20ac', '\u2028', '\ufb33')
                        .ofMaxLength(maxLength);
        return Arbitraries.oneOf(bmp, bmp.map(s -> s + "\ud83d\ude00"));
    }

    /** A deep copy with every object's members inserted in a random order. */
    private static JsonElement shuffle(JsonElement e, Random random) {
        if (e.isJsonObject()) {
            List<String> names = new ArrayList<>(e.getAsJsonObject().keySet());
            Collections.shuffle(names, random);
            JsonObject o = new JsonObject();
            for (String name : names) {
                o.add(name, shuffle(e.getAsJsonObject().get(name), random));
            }
            return o;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray();
            e.getAsJsonArray().forEach(item -> a.add(shuffle(item, random)));
            return a;
        }
        return e;
    }

    @Property(tries = 300)
    void anIntegerIsKeptExactlyOrRefusedNeverRounded(
            @ForAll
                    @net.jqwik.api.constraints.BigRange(
                            min = "-100000000000000000000",
                            max = "100000000000000000000")
                    java.math.BigInteger n) {
        JsonPrimitive number = new JsonPrimitive(new BigDecimal(n));
        // kept only if RFC 8785's form of the double (its shortest decimal) is n itself: a double
        // can equal n exactly and still be written with other digits (5.115427423482461E19)
        double d = new BigDecimal(n).doubleValue();
        boolean exact = new BigDecimal(Double.toString(d)).compareTo(new BigDecimal(n)) == 0;
        try {
            CanonicalJson.requireExactNumbers(number, "n");
            assertEquals(
                    n, new BigDecimal(CanonicalJson.canonicalString(number)).toBigIntegerExact());
        } catch (RecordFormatException e) {
            org.junit.jupiter.api.Assertions.assertFalse(exact, e.getMessage());
        }
    }
}
