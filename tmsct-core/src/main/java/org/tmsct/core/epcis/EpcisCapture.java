package org.tmsct.core.epcis;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tmsct.core.genealogy.LotLinks;
import org.tmsct.core.record.RawRecord;
import org.tmsct.core.record.RecordFormatException;

/**
 * Turns EPCIS events into TMSCT raw records, one record per object the event is about, each keyed
 * by the object's trace code and carrying the whole event (field {@code epcis}) for export.
 *
 * <ul>
 *   <li>ObjectEvent: a record per EPC of {@code epcList} and per class of {@code quantityList}.
 *   <li>AggregationEvent, AssociationEvent: with ADD or OBSERVE, one record of the parent whose
 *       {@code children} are the child EPCs and classes; with DELETE, one record of the parent
 *       without links (the parent is unpacked, not made of anything new). Without a parentID, a
 *       record per child, as for an ObjectEvent.
 *   <li>TransformationEvent: a record per output whose {@code inputs} are all inputs; without
 *       outputs, a record per input.
 * </ul>
 *
 * <p>An event that names no object (an ObjectEvent with an empty epcList and no quantities, as
 * sensor readings of a place may be) gives no record: there is no trace code to key it by.
 *
 * <p>The event's stage is that of its business step ({@link BizStepStages}); only the organisation
 * of that stage may record it.
 */
public final class EpcisCapture {

    /** The record field holding the whole event as given: private data, used for export. */
    public static final String EPCIS_FIELD = "epcis";

    private EpcisCapture() {}

    /**
     * The records of every event of {@code document}, in document order. All events are turned into
     * records before any is returned, so a refusal leaves nothing half recorded.
     *
     * @throws EpcisFormatException at the path of the first event that cannot be recorded
     */
    public static List<RawRecord> records(EpcisDocument document, String capturingStage) {
        List<RawRecord> out = new ArrayList<>();
        for (EpcisEvent event : document.checkedEvents()) {
            out.addAll(records(event, capturingStage, document.namespaces()));
        }
        return out;
    }

    /** The records of one event standing alone (its JSON paths start at {@code $}). */
    public static List<RawRecord> records(JsonObject event, String capturingStage) {
        return records(EpcisEvent.of(event, JsonPath.ROOT), capturingStage);
    }

    /**
     * The records of one checked event outside a document: an event without eventID is identified
     * by its hash with the namespaces of its own {@code @context}, if any.
     */
    public static List<RawRecord> records(EpcisEvent event, String capturingStage) {
        return records(event, capturingStage, EpcisEventHash.namespaces(event.json()));
    }

    /**
     * The records of one checked event.
     *
     * @param capturingStage the stage of the organisation that records the event
     * @param namespaces the prefixes of the event's document ({@link EpcisDocument#namespaces()}),
     *     for the hash of an event without eventID
     * @throws EpcisFormatException if the event belongs to another stage, names one object twice,
     *     or makes a record that breaks a record rule (size, links)
     */
    public static List<RawRecord> records(
            EpcisEvent event, String capturingStage, Map<String, String> namespaces) {
        String stage = BizStepStages.stageOf(event.bizStep(), event.at("bizStep"));
        if (!stage.equals(capturingStage)) {
            throw new EpcisFormatException(
                    event.at("bizStep"),
                    "business step \""
                            + event.bizStep()
                            + "\" belongs to stage "
                            + stage
                            + ", not to "
                            + capturingStage
                            + ": the organisation of "
                            + stage
                            + " records this event");
        }
        SortedMap<String, JsonElement> common = commonFields(event, namespaces);
        List<RawRecord> out = new ArrayList<>();
        Map<String, String> pathByTid = new HashMap<>();
        for (Subject subject : subjects(event)) {
            String tid = subject.item().traceCode();
            String earlier = pathByTid.putIfAbsent(tid, subject.item().path());
            if (earlier != null) {
                throw new EpcisFormatException(
                        subject.item().path(),
                        "names the same object as " + earlier + " (trace code " + tid + ")");
            }
            out.add(record(event, stage, common, subject));
        }
        return out;
    }

    /** One record to make: the object it is about, and the lots it links to. */
    private record Subject(EpcisEvent.Item item, String linkField, List<EpcisEvent.Item> links) {
        static Subject alone(EpcisEvent.Item item) {
            return new Subject(item, null, List.of());
        }
    }

    private static List<Subject> subjects(EpcisEvent event) {
        List<Subject> out = new ArrayList<>();
        switch (event.type()) {
            case EpcisEvent.OBJECT_EVENT ->
                    event.items("epcList", "quantityList").forEach(i -> out.add(Subject.alone(i)));
            case EpcisEvent.AGGREGATION_EVENT, EpcisEvent.ASSOCIATION_EVENT -> {
                List<EpcisEvent.Item> children = event.items("childEPCs", "childQuantityList");
                if (event.parent() == null) {
                    children.forEach(c -> out.add(Subject.alone(c)));
                } else if (event.action().equals("DELETE")) {
                    out.add(Subject.alone(event.parent()));
                } else {
                    for (EpcisEvent.Item child : children) {
                        if (child.traceCode().equals(event.parent().traceCode())) {
                            throw new EpcisFormatException(
                                    child.path(), "a parent cannot contain itself");
                        }
                    }
                    out.add(new Subject(event.parent(), LotLinks.CHILDREN, children));
                }
            }
            default -> { // TransformationEvent
                List<EpcisEvent.Item> inputs = event.items("inputEPCList", "inputQuantityList");
                List<EpcisEvent.Item> outputs = event.items("outputEPCList", "outputQuantityList");
                if (outputs.isEmpty()) {
                    inputs.forEach(i -> out.add(Subject.alone(i)));
                } else {
                    outputs.forEach(o -> out.add(new Subject(o, LotLinks.INPUTS, inputs)));
                }
            }
        }
        return out;
    }

    /** The fields every record of the event shares. */
    private static SortedMap<String, JsonElement> commonFields(
            EpcisEvent event, Map<String, String> namespaces) {
        JsonObject json = event.json();
        String eventId =
                event.eventId() != null
                        ? event.eventId()
                        : EpcisEventHash.eventId(json, namespaces);
        SortedMap<String, JsonElement> fields = new TreeMap<>();
        fields.put("eventID", new JsonPrimitive(eventId));
        fields.put("eventType", new JsonPrimitive(event.type()));
        copy(json, "eventTime", fields);
        copy(json, "eventTimeZoneOffset", fields);
        copy(json, "action", fields);
        fields.put(
                "bizStep",
                new JsonPrimitive(BizStepStages.bareName(event.bizStep()).orElseThrow()));
        if (json.has("disposition")) {
            fields.put("disposition", new JsonPrimitive(bareDisposition(json)));
        }
        for (String location : List.of("readPoint", "bizLocation")) {
            if (json.has(location)) {
                fields.put(location, json.getAsJsonObject(location).get("id"));
            }
        }
        fields.put(EPCIS_FIELD, json);
        return fields;
    }

    private static RawRecord record(
            EpcisEvent event,
            String stage,
            SortedMap<String, JsonElement> common,
            Subject subject) {
        String tid = subject.item().traceCode();
        SortedMap<String, JsonElement> fields = new TreeMap<>(common);
        if (subject.item().quantity() != null) {
            fields.put("quantity", subject.item().quantity());
        }
        if (subject.item().uom() != null) {
            fields.put("uom", new JsonPrimitive(subject.item().uom()));
        }
        if (subject.linkField() != null) {
            // one link per lot: the same lot named twice (or by URN and by Digital Link) is one
            // edge, and an object going through a transformation unchanged does not feed itself
            Set<String> linked = new LinkedHashSet<>();
            subject.links().forEach(l -> linked.add(l.traceCode()));
            linked.remove(tid);
            if (!linked.isEmpty()) {
                fields.put(subject.linkField(), LotLinks.toJson(List.copyOf(linked)));
            }
        }
        RawRecord record;
        try {
            LotLinks.of(tid, fields);
            record = new RawRecord(tid, stage, fields);
        } catch (RecordFormatException e) {
            throw new EpcisFormatException(
                    subject.item().path(), "cannot be recorded: " + e.getMessage(), e);
        }
        int size = record.canonicalBytes().length;
        if (size > RawRecord.MAX_BYTES) {
            throw new EpcisFormatException(
                    event.path(),
                    "the event makes a record of "
                            + size
                            + " bytes, over the "
                            + RawRecord.MAX_BYTES
                            + "-byte limit of a raw record; split the event");
        }
        return record;
    }

    private static void copy(JsonObject json, String name, SortedMap<String, JsonElement> fields) {
        if (json.has(name)) {
            fields.put(name, json.get(name));
        }
    }

    /** A CBV disposition in its bare form ({@code in_transit}); any other URI as written. */
    private static String bareDisposition(JsonObject json) {
        String value = json.get("disposition").getAsString();
        for (String prefix : List.of("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-")) {
            if (value.startsWith(prefix)) {
                return value.substring(prefix.length());
            }
        }
        return value;
    }
}
