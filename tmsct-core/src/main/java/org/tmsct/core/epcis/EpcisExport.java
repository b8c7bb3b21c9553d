package org.tmsct.core.epcis;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.tmsct.core.genealogy.LotLinks;

/**
 * Builds an EPCIS 2.0 document from trace entries, so the trace of a product can be handed to any
 * EPCIS system.
 *
 * <p>An entry of the caller's own stage carries its raw record, whose field {@code epcis} is the
 * event exactly as it was captured: that event is emitted unchanged. Of other stages only the
 * shared key data is known, and an event is rebuilt from it ({@link #document(List, Instant)} says
 * how). Records of one event (several EPCs of one ObjectEvent, several outputs of one
 * transformation) share its eventID, and the event appears once.
 */
public final class EpcisExport {

    /** The standard JSON-LD context of EPCIS 2.0. */
    public static final String EPCIS_CONTEXT =
            "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    /** Prefix of the TMSCT extension members ({@code tmsct:stage}, {@code tmsct:batch} ...). */
    public static final String PREFIX = "tmsct";

    /** The IRI the prefix stands for in the document's {@code @context}. */
    public static final String NAMESPACE = "urn:tmsct:epcis:";

    /**
     * One trace entry: a record's trace code, stage, organisation, shared key data, the slave
     * transaction holding it and when it was anchored on master; {@code ownRawFields} is the raw
     * record's fields when the record is of the caller's own stage, else null.
     */
    public record Entry(
            String tid,
            String stage,
            String orgMsp,
            SortedMap<String, JsonElement> keyData,
            String slaveTxId,
            long anchoredAtMillis,
            JsonObject ownRawFields) {}

    /** The namespace prefixes of every exported document, for the hash of rebuilt events. */
    private static final Map<String, String> NAMESPACES = Map.of(PREFIX, NAMESPACE);

    /** Key data fields that become EPCIS members of a rebuilt event rather than extensions. */
    private static final Set<String> EVENT_FIELDS =
            Set.of(
                    "eventID",
                    "eventType",
                    "eventTime",
                    "eventTimeZoneOffset",
                    "action",
                    "bizStep",
                    "disposition",
                    "readPoint",
                    "bizLocation",
                    "quantity",
                    "uom",
                    LotLinks.INPUTS,
                    LotLinks.OUTPUTS,
                    LotLinks.CHILDREN,
                    EpcisCapture.EPCIS_FIELD);

    private EpcisExport() {}

    /** {@link #document(List, Instant)} created now. */
    public static JsonObject document(List<Entry> entries) {
        return document(entries, Instant.now());
    }

    /**
     * The EPCIS document of {@code entries}, events in the order of their first entry.
     *
     * <p>A rebuilt event takes from the key data: its type ({@code eventType}, else ObjectEvent),
     * eventID (else the CBV 2.0 event hash of the rebuilt event), eventTime and offset (else the
     * anchoring time in UTC), action (else OBSERVE; none for a TransformationEvent), bizStep (else
     * the stage's default step), disposition, readPoint and bizLocation. The trace code goes where
     * its links say: parentID with the children as childEPCs, an output with the inputs as input
     * lists, an input with the outputs; otherwise into epcList, or quantityList if it names a
     * class. Every other key data field becomes an extension member {@code tmsct:NAME}, next to
     * {@code tmsct:stage}, {@code tmsct:org} and {@code tmsct:slaveTxId} (one value per record of
     * the event).
     */
    public static JsonObject document(List<Entry> entries, Instant creationDate) {
        List<Slot> slots = new ArrayList<>();
        Map<String, Slot> byEventId = new HashMap<>();
        for (Entry entry : entries) {
            JsonObject raw = rawEvent(entry);
            if (raw != null) {
                String eventId = rawEventId(entry.ownRawFields(), raw);
                Slot slot = byEventId.get(eventId);
                if (slot == null) {
                    slot = new Slot();
                    slots.add(slot);
                    byEventId.put(eventId, slot);
                }
                if (slot.raw == null) {
                    slot.raw = withEventId(raw, eventId);
                    slot.rebuilt = null; // the event as captured wins over one rebuilt
                }
                continue;
            }
            String eventId = string(entry.keyData(), "eventID");
            Slot slot = eventId == null ? null : byEventId.get(eventId);
            if (slot == null) {
                slot = new Slot();
                slot.rebuilt = new RebuiltEvent(entry);
                slots.add(slot);
                if (eventId != null) {
                    byEventId.put(eventId, slot);
                }
            } else if (slot.rebuilt != null) {
                slot.rebuilt.add(entry);
            }
        }
        JsonArray eventList = new JsonArray();
        Set<String> emitted = new HashSet<>(byEventId.keySet());
        for (Slot slot : slots) {
            if (slot.raw != null) {
                eventList.add(slot.raw);
            } else if (slot.rebuilt.eventId != null) {
                eventList.add(slot.rebuilt.toJson(slot.rebuilt.eventId));
            } else {
                String hash = EpcisEventHash.eventId(slot.rebuilt.toJson(null), NAMESPACES);
                if (emitted.add(hash)) {
                    eventList.add(slot.rebuilt.toJson(hash));
                }
            }
        }
        return envelope(eventList, creationDate);
    }

    /** Where an event goes in the document: as captured, or rebuilt from key data. */
    private static final class Slot {
        JsonObject raw;
        RebuiltEvent rebuilt;
    }

    /**
     * The captured event, given the eventID it was recorded under if it had none: its hash was
     * taken with the namespaces of its own document, which this document does not repeat.
     */
    private static JsonObject withEventId(JsonObject event, String eventId) {
        if (event.has("eventID")) {
            return event;
        }
        JsonObject out = new JsonObject();
        event.entrySet()
                .forEach(
                        member -> {
                            out.add(member.getKey(), member.getValue());
                            if (member.getKey().equals("type")) {
                                out.addProperty("eventID", eventId);
                            }
                        });
        if (!out.has("eventID")) {
            out.addProperty("eventID", eventId);
        }
        return out;
    }

    private static JsonObject envelope(JsonArray eventList, Instant creationDate) {
        JsonObject namespace = new JsonObject();
        namespace.addProperty(PREFIX, NAMESPACE);
        JsonArray context = new JsonArray();
        context.add(EPCIS_CONTEXT);
        context.add(namespace);
        JsonObject body = new JsonObject();
        body.add("eventList", eventList);
        JsonObject document = new JsonObject();
        document.add("@context", context);
        document.addProperty("type", "EPCISDocument");
        document.addProperty("schemaVersion", "2.0");
        document.addProperty("creationDate", timestamp(creationDate));
        document.add("epcisBody", body);
        return document;
    }

    private static JsonObject rawEvent(Entry entry) {
        JsonObject fields = entry.ownRawFields();
        JsonElement event = fields == null ? null : fields.get(EpcisCapture.EPCIS_FIELD);
        return event != null && event.isJsonObject() ? event.getAsJsonObject().deepCopy() : null;
    }

    private static String rawEventId(JsonObject fields, JsonObject event) {
        JsonElement recorded = fields.get("eventID");
        if (recorded != null && recorded.isJsonPrimitive()) {
            return recorded.getAsString();
        }
        JsonElement own = event.get("eventID");
        return own != null && own.isJsonPrimitive()
                ? own.getAsString()
                : EpcisEventHash.eventId(event);
    }

    /** An event rebuilt from the key data of the records it produced. */
    private static final class RebuiltEvent {
        final Entry first;
        final String type;
        final String eventId;
        String parentId;
        final Map<String, JsonArray> lists = new LinkedHashMap<>();
        final JsonArray slaveTxIds = new JsonArray();

        RebuiltEvent(Entry entry) {
            this.first = entry;
            String declared = string(entry.keyData(), "eventType");
            this.type =
                    declared != null && EpcisEvent.TYPES.contains(declared)
                            ? declared
                            : EpcisEvent.OBJECT_EVENT;
            this.eventId = string(entry.keyData(), "eventID");
            add(entry);
        }

        /** Places the entry's trace code, and the lots it links to, in the event's lists. */
        void add(Entry entry) {
            slaveTxIds.add(entry.slaveTxId());
            SortedMap<String, JsonElement> keyData = entry.keyData();
            String tid = entry.tid();
            switch (type) {
                case EpcisEvent.OBJECT_EVENT -> place(tid, "epcList", "quantityList", keyData);
                case EpcisEvent.TRANSFORMATION_EVENT -> {
                    List<String> inputs = strings(keyData.get(LotLinks.INPUTS));
                    List<String> outputs = strings(keyData.get(LotLinks.OUTPUTS));
                    if (!outputs.isEmpty()) {
                        place(tid, "inputEPCList", "inputQuantityList", keyData);
                        outputs.forEach(o -> place(o, "outputEPCList", "outputQuantityList", null));
                    } else if (!inputs.isEmpty()) {
                        place(tid, "outputEPCList", "outputQuantityList", keyData);
                        inputs.forEach(i -> place(i, "inputEPCList", "inputQuantityList", null));
                    } else {
                        place(tid, "inputEPCList", "inputQuantityList", keyData);
                    }
                }
                default -> { // AggregationEvent, AssociationEvent
                    List<String> children = strings(keyData.get(LotLinks.CHILDREN));
                    boolean isParent =
                            !children.isEmpty() || "DELETE".equals(string(keyData, "action"));
                    if (isParent && parentId == null) {
                        parentId = tid;
                        children.forEach(c -> place(c, "childEPCs", "childQuantityList", null));
                    } else {
                        place(tid, "childEPCs", "childQuantityList", keyData);
                    }
                }
            }
        }

        /** Adds {@code tid} to the EPC list, or as an element to the quantity list if a class. */
        private void place(
                String tid,
                String epcList,
                String quantityList,
                SortedMap<String, JsonElement> keyData) {
            String identifier = EpcisIdentifiers.identifier(tid);
            if (!EpcisIdentifiers.isClass(tid)) {
                addOnce(epcList, new JsonPrimitive(identifier));
                return;
            }
            JsonObject element = new JsonObject();
            element.addProperty("epcClass", identifier);
            if (keyData != null) {
                JsonElement quantity = keyData.get("quantity");
                if (quantity != null
                        && quantity.isJsonPrimitive()
                        && quantity.getAsJsonPrimitive().isNumber()) {
                    element.add("quantity", quantity);
                }
                String uom = string(keyData, "uom");
                if (uom != null) {
                    element.addProperty("uom", uom);
                }
            }
            JsonArray list = lists.computeIfAbsent(quantityList, k -> new JsonArray());
            for (JsonElement present : list) {
                if (present.getAsJsonObject().get("epcClass").getAsString().equals(identifier)) {
                    return;
                }
            }
            list.add(element);
        }

        private void addOnce(String listName, JsonPrimitive value) {
            JsonArray list = lists.computeIfAbsent(listName, k -> new JsonArray());
            if (!list.contains(value)) {
                list.add(value);
            }
        }

        JsonObject toJson(String id) {
            SortedMap<String, JsonElement> keyData = first.keyData();
            JsonObject event = new JsonObject();
            event.addProperty("type", type);
            if (id != null) {
                event.addProperty("eventID", id);
            }
            String eventTime = string(keyData, "eventTime");
            String offset = string(keyData, "eventTimeZoneOffset");
            if (eventTime == null) {
                eventTime = timestamp(Instant.ofEpochMilli(first.anchoredAtMillis()));
                offset = "+00:00";
            }
            event.addProperty("eventTime", eventTime);
            event.addProperty("eventTimeZoneOffset", offset != null ? offset : offsetOf(eventTime));
            if (!type.equals(EpcisEvent.TRANSFORMATION_EVENT)) {
                String action = string(keyData, "action");
                event.addProperty("action", action != null ? action : "OBSERVE");
            }
            if (parentId != null) {
                event.addProperty("parentID", EpcisIdentifiers.identifier(parentId));
            }
            lists.forEach((name, values) -> event.add(name, values.deepCopy()));
            String bizStep = string(keyData, "bizStep");
            List<String> stageSteps = BizStepStages.steps(first.stage());
            if (bizStep == null && !stageSteps.isEmpty()) {
                bizStep = stageSteps.get(0);
            }
            if (bizStep != null) {
                event.addProperty("bizStep", bizStep);
            }
            copyString(keyData, "disposition", event);
            for (String location : List.of("readPoint", "bizLocation")) {
                String where = string(keyData, location);
                if (where != null) {
                    JsonObject place = new JsonObject();
                    place.addProperty("id", where);
                    event.add(location, place);
                }
            }
            keyData.forEach(
                    (name, value) -> {
                        if (!EVENT_FIELDS.contains(name)) {
                            event.add(extension(name), value.deepCopy());
                        }
                    });
            event.addProperty(extension("stage"), first.stage());
            event.addProperty(extension("org"), first.orgMsp());
            event.add(
                    extension("slaveTxId"),
                    slaveTxIds.size() == 1 ? slaveTxIds.get(0) : slaveTxIds.deepCopy());
            return event;
        }
    }

    /** {@code tmsct:NAME}, with characters a compact IRI cannot hold %-encoded. */
    private static String extension(String name) {
        StringBuilder out = new StringBuilder(PREFIX).append(':');
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", (int) c));
            }
        }
        return out.toString();
    }

    /** The offset an RFC 3339 timestamp is written in, as EPCIS spells it ({@code +00:00}). */
    private static String offsetOf(String eventTime) {
        if (eventTime.endsWith("Z") || eventTime.endsWith("z")) {
            return "+00:00";
        }
        return eventTime.substring(Math.max(0, eventTime.length() - 6));
    }

    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String string(SortedMap<String, JsonElement> keyData, String name) {
        JsonElement value = keyData.get(name);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? value.getAsString()
                : null;
    }

    private static void copyString(
            SortedMap<String, JsonElement> keyData, String name, JsonObject event) {
        String value = string(keyData, name);
        if (value != null) {
            event.addProperty(name, value);
        }
    }

    private static List<String> strings(JsonElement array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isJsonArray()) {
            array.getAsJsonArray().forEach(e -> out.add(e.getAsString()));
        }
        return out;
    }
}
