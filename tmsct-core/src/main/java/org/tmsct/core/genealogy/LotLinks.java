package org.tmsct.core.genealogy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tmsct.core.record.RecordFormatException;
import org.tmsct.core.record.TraceId;

/**
 * The record fields that link lots, and the genealogy edges they name. Every edge reads "u went
 * into v": u is upstream of v.
 *
 * <ul>
 *   <li>{@code inputs}: the lots this record's TID was made from (a transformation); edge input →
 *       TID. Each input must already be known on master.
 *   <li>{@code outputs}: the lots made from this record's TID (a split, or a transformation
 *       recorded on its input); edge TID → output.
 *   <li>{@code children}: the items packed into this record's TID (an aggregation, the TID being
 *       the parent); edge child → TID. Each child must already be known on master.
 * </ul>
 *
 * <p>The fields are ordinary record fields, so a device signs them and master checks their
 * disclosures like any other shared field; every stage shares them.
 */
public final class LotLinks {

    public static final String INPUTS = "inputs";
    public static final String OUTPUTS = "outputs";
    public static final String CHILDREN = "children";

    /** The link fields, shared by every stage. */
    public static final List<String> FIELDS = List.of(INPUTS, OUTPUTS, CHILDREN);

    /** Most trace codes one record may link to, over its three link fields. */
    public static final int MAX_LINKS = 500;

    /** One edge: {@code from} went into {@code to}. */
    public record Edge(String from, String to) {}

    /** The links one record declares. */
    public record Declared(List<String> inputs, List<String> outputs, List<String> children) {

        public boolean isEmpty() {
            return inputs.isEmpty() && outputs.isEmpty() && children.isEmpty();
        }

        /** The lots that must already be known on master: inputs and children. */
        public List<String> mustBeKnown() {
            List<String> out = new ArrayList<>(inputs);
            out.addAll(children);
            return out;
        }

        /** The edges of a record of {@code tid}, inputs and children first. */
        public List<Edge> edges(String tid) {
            List<Edge> out = new ArrayList<>();
            inputs.forEach(i -> out.add(new Edge(i, tid)));
            children.forEach(c -> out.add(new Edge(c, tid)));
            outputs.forEach(o -> out.add(new Edge(tid, o)));
            return out;
        }
    }

    private LotLinks() {}

    /**
     * The links among {@code fields} (a record's fields or its shared key data).
     *
     * @throws RecordFormatException if a link field is not an array of distinct valid trace codes,
     *     names the record's own TID, or the links are more than {@link #MAX_LINKS}
     */
    public static Declared of(String tid, Map<String, ? extends JsonElement> fields) {
        List<String> inputs = list(tid, fields.get(INPUTS), INPUTS);
        List<String> outputs = list(tid, fields.get(OUTPUTS), OUTPUTS);
        List<String> children = list(tid, fields.get(CHILDREN), CHILDREN);
        int total = inputs.size() + outputs.size() + children.size();
        if (total > MAX_LINKS) {
            throw new RecordFormatException(
                    "a record links to at most " + MAX_LINKS + " lots, this one to " + total);
        }
        return new Declared(inputs, outputs, children);
    }

    /** A JSON array of trace codes, as a record's link field holds them. */
    public static JsonArray toJson(List<String> tids) {
        JsonArray out = new JsonArray();
        tids.forEach(out::add);
        return out;
    }

    private static List<String> list(String tid, JsonElement value, String field) {
        if (value == null || value.isJsonNull()) {
            return List.of();
        }
        if (!value.isJsonArray()) {
            throw new RecordFormatException(
                    "field \"" + field + "\" must be an array of trace codes");
        }
        Set<String> seen = new LinkedHashSet<>();
        JsonArray array = value.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            JsonElement e = array.get(i);
            String where = "field \"" + field + "\"[" + i + "]";
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new RecordFormatException(where + " must be a trace code string");
            }
            String linked;
            try {
                linked = TraceId.validate(e.getAsString());
            } catch (RecordFormatException ex) {
                throw new RecordFormatException(where + ": " + ex.getMessage());
            }
            if (linked.equals(tid)) {
                throw new RecordFormatException(where + " names the record's own trace code");
            }
            if (!seen.add(linked)) {
                throw new RecordFormatException(where + " repeats " + linked);
            }
        }
        return List.copyOf(seen);
    }
}
