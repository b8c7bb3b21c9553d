package org.tmsct.core.epcis;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.RecordFormatException;

/**
 * An EPCIS 2.0 JSON document, checked whole before anything is done with it: a document is either
 * taken in full or refused, so a capture never records half of one. Every refusal is an {@link
 * EpcisFormatException} naming the JSON path of the problem.
 *
 * <p>What is checked: strict JSON (no duplicate keys), the size limits, the document members
 * ({@code type}, {@code schemaVersion}, {@code creationDate}, {@code @context}, {@code epcisBody}),
 * and every event as {@link EpcisEvent} does. The JSON Schema check is separate ({@link
 * EpcisSchema}), since the schema is a file the caller may or may not have.
 */
public final class EpcisDocument {

    /** Largest accepted document: 4 MiB of UTF-8. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    /** Most events one document may carry. */
    public static final int MAX_EVENTS = 10_000;

    private static final Pattern VERSION = Pattern.compile("2(\\.\\d+)*");

    private final JsonElement context;
    private final List<EpcisEvent> events;

    private EpcisDocument(JsonElement context, List<EpcisEvent> events) {
        this.context = context;
        this.events = events;
    }

    /**
     * Parses and checks a whole document.
     *
     * @throws EpcisFormatException at the path of the first problem ({@code $} with line and column
     *     for a JSON syntax error)
     */
    public static EpcisDocument parse(String json) {
        if (json == null) {
            throw new EpcisFormatException(JsonPath.ROOT, "no document");
        }
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_BYTES) {
            throw new EpcisFormatException(
                    JsonPath.ROOT,
                    "the document is "
                            + size
                            + " bytes, over the limit of "
                            + MAX_BYTES
                            + " (4 MiB); split it");
        }
        JsonElement root;
        try {
            root = CanonicalJson.parse(json);
        } catch (RecordFormatException e) {
            throw new EpcisFormatException(JsonPath.ROOT, e.getMessage(), e);
        }
        return of(JsonMembers.object(root, JsonPath.ROOT));
    }

    private static EpcisDocument of(JsonObject document) {
        String root = JsonPath.ROOT;
        String type = JsonMembers.requireString(document, "type", root);
        if (!type.equals("EPCISDocument")) {
            throw new EpcisFormatException(
                    JsonPath.member(root, "type"),
                    "expected \"EPCISDocument\", found \"" + type + "\"");
        }
        String version = JsonMembers.requireString(document, "schemaVersion", root);
        if (!VERSION.matcher(version).matches()) {
            throw new EpcisFormatException(
                    JsonPath.member(root, "schemaVersion"),
                    "schema version \"" + version + "\" is not EPCIS 2 (e.g. \"2.0\")");
        }
        JsonMembers.dateTime(
                JsonMembers.requireString(document, "creationDate", root),
                JsonPath.member(root, "creationDate"));
        JsonElement context = checkedContext(document);
        JsonObject body = JsonMembers.requireObject(document, "epcisBody", root);
        return new EpcisDocument(context, checkedEvents(body, JsonPath.member(root, "epcisBody")));
    }

    private static JsonElement checkedContext(JsonObject document) {
        JsonElement context = JsonMembers.require(document, "@context", JsonPath.ROOT);
        String path = JsonPath.member(JsonPath.ROOT, "@context");
        if (context.isJsonArray()) {
            JsonArray array = context.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                JsonElement entry = array.get(i);
                if (!entry.isJsonObject()) {
                    JsonMembers.string(entry, JsonPath.index(path, i));
                }
            }
        } else if (!context.isJsonObject()) {
            JsonMembers.string(context, path);
        }
        return context;
    }

    private static List<EpcisEvent> checkedEvents(JsonObject body, String bodyPath) {
        JsonArray list = JsonMembers.optionalArray(body, "eventList", bodyPath);
        JsonObject single = JsonMembers.optionalObject(body, "event", bodyPath);
        if (list != null && single != null) {
            throw new EpcisFormatException(
                    bodyPath, "has both \"eventList\" and \"event\"; give one of them");
        }
        if (single != null) {
            return List.of(EpcisEvent.of(single, JsonPath.member(bodyPath, "event")));
        }
        if (list == null) {
            throw new EpcisFormatException(
                    JsonPath.member(bodyPath, "eventList"),
                    "required member \"eventList\" is missing");
        }
        if (list.size() > MAX_EVENTS) {
            throw new EpcisFormatException(
                    JsonPath.member(bodyPath, "eventList"),
                    list.size()
                            + " events, over the limit of "
                            + MAX_EVENTS
                            + "; split the document");
        }
        List<EpcisEvent> events = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String path = JsonPath.index(JsonPath.member(bodyPath, "eventList"), i);
            events.add(EpcisEvent.of(list.get(i), path));
        }
        return List.copyOf(events);
    }

    /** The document's {@code @context} (a deep copy). */
    public JsonElement context() {
        return context.deepCopy();
    }

    /**
     * The namespace prefixes the {@code @context} defines ({@code example} → {@code
     * http://ns.example.com/epcis/}), which the event hash expands extension names with.
     */
    public Map<String, String> namespaces() {
        JsonObject holder = new JsonObject();
        holder.add("@context", context());
        return EpcisEventHash.namespaces(holder);
    }

    /** The events, in document order, as given (deep copies). */
    public List<JsonObject> events() {
        return events.stream().map(EpcisEvent::json).toList();
    }

    /** The checked events, in document order, each knowing its path in the document. */
    public List<EpcisEvent> checkedEvents() {
        return events;
    }
}
