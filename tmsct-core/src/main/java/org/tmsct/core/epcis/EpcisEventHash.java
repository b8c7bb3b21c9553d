package org.tmsct.core.epcis;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tmsct.core.hash.Sha256;

/**
 * The EPCIS event hash of GS1's Core Business Vocabulary 2.0: a fingerprint of an EPCIS event that
 * does not depend on how the event is written, {@code ni:///sha-256;<hex>?ver=CBV2.0}.
 *
 * <p>The event is reduced to a canonical pre-hash string (fixed field order, lists sorted,
 * timestamps in UTC with milliseconds, identifiers as canonical GS1 Digital Links, bare vocabulary
 * as web URIs, user extensions with their full namespace; {@code eventID}, {@code recordTime} and
 * {@code errorDeclaration} left out), whose UTF-8 bytes are hashed with SHA-256.
 *
 * <p>Where the standard's text leaves room, this follows the reference implementation, the Python
 * package {@code epcis-event-hash-generator} (1.9.3), whose output the tests compare against (see
 * {@code test-vectors/epcis-event-hashes.json}). The classes {@code EventHashTree} (the event as an
 * XML-shaped tree), {@code EventHashWriter} (the pre-hash string), {@code EventHashValues} and
 * {@code EventHashLinks} (canonical values and identifiers) and {@code EventHashVocabulary} (bare
 * CBV terms) do the work.
 *
 * <p>One difference by design: the hash of an event depends on that event and the document's
 * namespace prefixes only. The reference also lets vocabulary used elsewhere in the document decide
 * how a bare string is expanded.
 */
public final class EpcisEventHash {

    /** The version of the hash algorithm, the {@code ver} of the hash URI. */
    public static final String VERSION = "CBV2.0";

    private EpcisEventHash() {}

    /**
     * The event hash of {@code event}, an element of {@code epcisBody.eventList} (or {@code
     * epcisBody.event}) of a document whose {@code @context} defines no prefixes of its own.
     */
    public static String eventId(JsonObject event) {
        return eventId(event, Map.of());
    }

    /**
     * The event hash of {@code event}.
     *
     * @param namespaces prefix to namespace URI of the document's {@code @context} ({@link
     *     #namespaces(JsonObject)}), which give user extensions ({@code example:myField}) their
     *     full names
     */
    public static String eventId(JsonObject event, Map<String, String> namespaces) {
        byte[] preHash = preHashString(event, namespaces).getBytes(StandardCharsets.UTF_8);
        return "ni:///sha-256;" + Sha256.hex(preHash) + "?ver=" + VERSION;
    }

    /** The canonical pre-hash string of {@code event}: what {@link #eventId(JsonObject)} hashes. */
    public static String preHashString(JsonObject event) {
        return preHashString(event, Map.of());
    }

    /** The canonical pre-hash string of {@code event} with the document's namespace prefixes. */
    public static String preHashString(JsonObject event, Map<String, String> namespaces) {
        return EventHashWriter.preHash(EventHashTree.of(event, namespaces));
    }

    /**
     * The event hashes of every event of an EPCIS document ({@code epcisBody.eventList}, or the
     * single {@code epcisBody.event}), in document order.
     *
     * @throws IllegalArgumentException if the document has no {@code epcisBody} with events
     */
    public static List<String> eventIds(JsonObject document) {
        Map<String, String> namespaces = namespaces(document);
        List<String> ids = new ArrayList<>();
        for (JsonObject event : events(document)) {
            ids.add(eventId(event, namespaces));
        }
        return ids;
    }

    /**
     * The namespace prefixes a document's {@code @context} defines: the string members of its
     * objects ({@code {"example": "http://ns.example.com/epcis/"}}). Context URLs define none here;
     * the prefixes of the EPCIS context itself are not used for extension names.
     */
    public static Map<String, String> namespaces(JsonObject document) {
        Map<String, String> namespaces = new LinkedHashMap<>();
        JsonElement context = document.get("@context");
        JsonArray parts = new JsonArray();
        if (context != null && context.isJsonArray()) {
            parts = context.getAsJsonArray();
        } else if (context != null) {
            parts.add(context);
        }
        for (JsonElement part : parts) {
            if (!part.isJsonObject()) {
                continue;
            }
            for (Map.Entry<String, JsonElement> e : part.getAsJsonObject().entrySet()) {
                if (e.getValue().isJsonPrimitive()
                        && e.getValue().getAsJsonPrimitive().isString()) {
                    namespaces.put(e.getKey(), e.getValue().getAsString());
                }
            }
        }
        return namespaces;
    }

    private static List<JsonObject> events(JsonObject document) {
        JsonElement body = document.get("epcisBody");
        if (body == null || !body.isJsonObject()) {
            throw new IllegalArgumentException("the document has no epcisBody object");
        }
        List<JsonObject> events = new ArrayList<>();
        JsonElement list = body.getAsJsonObject().get("eventList");
        JsonElement single = body.getAsJsonObject().get("event");
        if (list != null && list.isJsonArray()) {
            for (JsonElement event : list.getAsJsonArray()) {
                events.add(asEvent(event));
            }
        } else if (single != null) {
            events.add(asEvent(single));
        } else {
            throw new IllegalArgumentException("epcisBody has neither eventList nor event");
        }
        return events;
    }

    private static JsonObject asEvent(JsonElement event) {
        if (!event.isJsonObject()) {
            throw new IllegalArgumentException("an event is not a JSON object: " + event);
        }
        return event.getAsJsonObject();
    }
}
