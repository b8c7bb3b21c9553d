package org.tmsct.core.epcis;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One EPCIS 2.0 event, checked member by member: its type, times, action, business step and the
 * identifiers it names, each identifier with its trace code and JSON path. Members TMSCT does not
 * read (bizTransactionList, sensorElementList, ilmd, extensions ...) are left to the JSON Schema
 * ({@link EpcisSchema}); they are kept, since the whole event is recorded.
 */
public final class EpcisEvent {

    public static final String OBJECT_EVENT = "ObjectEvent";
    public static final String AGGREGATION_EVENT = "AggregationEvent";
    public static final String TRANSFORMATION_EVENT = "TransformationEvent";
    public static final String ASSOCIATION_EVENT = "AssociationEvent";

    /** The event types TMSCT records. */
    public static final List<String> TYPES =
            List.of(OBJECT_EVENT, AGGREGATION_EVENT, TRANSFORMATION_EVENT, ASSOCIATION_EVENT);

    public static final List<String> ACTIONS = List.of("ADD", "OBSERVE", "DELETE");

    /** The identifier lists of each event type: lists of EPCs, then lists of quantities. */
    private static final Map<String, List<String>> LISTS =
            Map.of(
                    OBJECT_EVENT, List.of("epcList", "quantityList"),
                    AGGREGATION_EVENT, List.of("childEPCs", "childQuantityList"),
                    ASSOCIATION_EVENT, List.of("childEPCs", "childQuantityList"),
                    TRANSFORMATION_EVENT,
                            List.of(
                                    "inputEPCList",
                                    "inputQuantityList",
                                    "outputEPCList",
                                    "outputQuantityList"));

    private static final List<String> ALL_LISTS =
            List.of(
                    "epcList",
                    "quantityList",
                    "childEPCs",
                    "childQuantityList",
                    "inputEPCList",
                    "inputQuantityList",
                    "outputEPCList",
                    "outputQuantityList");

    private static final Pattern TIME_ZONE_OFFSET =
            Pattern.compile("[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)");
    private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:\\S+");
    private static final Pattern UNIT_OF_MEASURE = Pattern.compile("[A-Z0-9]{2,3}");

    /**
     * An identifier the event names: as written, its trace code, and where it is. For an element of
     * a quantity list, {@code quantity} and {@code uom} are its own (null where absent).
     */
    public record Item(
            String identifier, String traceCode, String path, JsonElement quantity, String uom) {}

    private final JsonObject json;
    private final String path;
    private final String type;
    private final String action;
    private final String eventId;
    private final String bizStep;
    private final Item parent;
    private final Map<String, List<Item>> lists = new LinkedHashMap<>();

    private EpcisEvent(JsonObject json, String path) {
        this.json = json;
        this.path = path;
        this.type = JsonMembers.requireString(json, "type", path);
        if (!TYPES.contains(type)) {
            throw new EpcisFormatException(
                    JsonPath.member(path, "type"),
                    "event type \"" + type + "\" is not recorded; the types are " + TYPES);
        }
        this.eventId = optionalUri("eventID");
        JsonMembers.dateTime(JsonMembers.requireString(json, "eventTime", path), at("eventTime"));
        String recordTime = JsonMembers.optionalString(json, "recordTime", path);
        if (recordTime != null) {
            JsonMembers.dateTime(recordTime, at("recordTime"));
        }
        String offset = JsonMembers.requireString(json, "eventTimeZoneOffset", path);
        if (!TIME_ZONE_OFFSET.matcher(offset).matches()) {
            throw new EpcisFormatException(
                    at("eventTimeZoneOffset"),
                    "\""
                            + offset
                            + "\" is not a time zone offset from -14:00 to +14:00 like +02:00");
        }
        this.action = readAction();
        this.bizStep = JsonMembers.optionalString(json, "bizStep", path);
        JsonMembers.optionalString(json, "disposition", path);
        readLocation("readPoint");
        readLocation("bizLocation");
        this.parent = readParent();
        for (String name : ALL_LISTS) {
            if (json.has(name) && !LISTS.get(type).contains(name)) {
                throw new EpcisFormatException(at(name), "an " + type + " has no " + name);
            }
        }
        for (String name : LISTS.get(type)) {
            boolean quantities = name.endsWith("QuantityList") || name.equals("quantityList");
            lists.put(name, quantities ? readQuantities(name) : readEpcs(name));
        }
        JsonMembers.requireExactNumbers(json, path);
    }

    /**
     * Checks {@code event}.
     *
     * @param path where the event is in its document ({@code $} for an event on its own)
     * @throws EpcisFormatException naming the path of the first problem found
     */
    public static EpcisEvent of(JsonElement event, String path) {
        return new EpcisEvent(JsonMembers.object(event, path).deepCopy(), path);
    }

    /** The event as given (a deep copy). */
    public JsonObject json() {
        return json.deepCopy();
    }

    /** Where the event is in its document. */
    public String path() {
        return path;
    }

    /** The path of member {@code name} of this event. */
    public String at(String name) {
        return JsonPath.member(path, name);
    }

    public String type() {
        return type;
    }

    /** ADD, OBSERVE or DELETE; null for a TransformationEvent, which has none. */
    public String action() {
        return action;
    }

    /** The event's own eventID, or null if it has none. */
    public String eventId() {
        return eventId;
    }

    /** The business step as written, or null. */
    public String bizStep() {
        return bizStep;
    }

    /** The parentID of an aggregation or association, or null. */
    public Item parent() {
        return parent;
    }

    /**
     * The identifiers of list {@code name} (e.g. {@code epcList}, {@code childQuantityList}), in
     * order; empty if the event has no such list.
     */
    public List<Item> items(String name) {
        return lists.getOrDefault(name, List.of());
    }

    /** The identifiers of an EPC list followed by those of a quantity list. */
    public List<Item> items(String epcList, String quantityList) {
        List<Item> out = new ArrayList<>(items(epcList));
        out.addAll(items(quantityList));
        return out;
    }

    private String readAction() {
        String value = JsonMembers.optionalString(json, "action", path);
        if (type.equals(TRANSFORMATION_EVENT)) {
            if (value != null) {
                throw new EpcisFormatException(at("action"), "a TransformationEvent has no action");
            }
            return null;
        }
        if (value == null) {
            throw new EpcisFormatException(
                    at("action"), "required member \"action\" is missing (one of " + ACTIONS + ")");
        }
        if (!ACTIONS.contains(value)) {
            throw new EpcisFormatException(
                    at("action"), "action \"" + value + "\" is not one of " + ACTIONS);
        }
        return value;
    }

    private void readLocation(String name) {
        JsonObject location = JsonMembers.optionalObject(json, name, path);
        if (location != null) {
            String id = JsonMembers.requireString(location, "id", at(name));
            if (!URI.matcher(id).matches()) {
                throw new EpcisFormatException(
                        JsonPath.member(at(name), "id"), "\"" + id + "\" is not a URI");
            }
        }
    }

    private Item readParent() {
        boolean mayHaveParent = type.equals(AGGREGATION_EVENT) || type.equals(ASSOCIATION_EVENT);
        if (!mayHaveParent) {
            if (json.has("parentID")) {
                throw new EpcisFormatException(at("parentID"), "an " + type + " has no parentID");
            }
            return null;
        }
        String id =
                type.equals(ASSOCIATION_EVENT)
                        ? JsonMembers.requireString(json, "parentID", path)
                        : JsonMembers.optionalString(json, "parentID", path);
        return id == null ? null : item(id, at("parentID"), null, null);
    }

    private List<Item> readEpcs(String name) {
        JsonArray array = JsonMembers.optionalArray(json, name, path);
        List<Item> out = new ArrayList<>();
        for (int i = 0; array != null && i < array.size(); i++) {
            String itemPath = JsonPath.index(at(name), i);
            out.add(item(JsonMembers.string(array.get(i), itemPath), itemPath, null, null));
        }
        return List.copyOf(out);
    }

    private List<Item> readQuantities(String name) {
        JsonArray array = JsonMembers.optionalArray(json, name, path);
        List<Item> out = new ArrayList<>();
        for (int i = 0; array != null && i < array.size(); i++) {
            String elementPath = JsonPath.index(at(name), i);
            JsonObject element = JsonMembers.object(array.get(i), elementPath);
            String epcClass = JsonMembers.requireString(element, "epcClass", elementPath);
            JsonElement quantity = element.get("quantity");
            if (quantity != null
                    && !(quantity.isJsonPrimitive() && quantity.getAsJsonPrimitive().isNumber())) {
                throw JsonMembers.wrongType(
                        JsonPath.member(elementPath, "quantity"), "a number", quantity);
            }
            String uom = JsonMembers.optionalString(element, "uom", elementPath);
            if (uom != null && !UNIT_OF_MEASURE.matcher(uom).matches()) {
                throw new EpcisFormatException(
                        JsonPath.member(elementPath, "uom"),
                        "\"" + uom + "\" is not a UN/ECE unit code (2 or 3 of A-Z, 0-9)");
            }
            out.add(item(epcClass, JsonPath.member(elementPath, "epcClass"), quantity, uom));
        }
        return List.copyOf(out);
    }

    private Item item(String identifier, String itemPath, JsonElement quantity, String uom) {
        String traceCode = EpcisIdentifiers.traceCode(identifier, itemPath);
        return new Item(identifier, traceCode, itemPath, quantity, uom);
    }

    private String optionalUri(String name) {
        String value = JsonMembers.optionalString(json, name, path);
        if (value != null && !URI.matcher(value).matches()) {
            throw new EpcisFormatException(at(name), "\"" + value + "\" is not a URI");
        }
        return value;
    }
}
