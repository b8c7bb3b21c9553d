package org.tmsct.master.anchor;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the master chain knows about a trace code at a glance: the product type it was first
 * anchored under (its process governs every later stage), how many entries it has and the stages
 * seen so far. Its size does not grow with the entries, since every accepted entry of the code
 * rewrites it; the entries themselves (and the blocks that hold them) are the trace entries.
 * Summaries written before 3 Dec 2026 also listed the blocks; that member is ignored.
 */
public record TidSummary(
        String tid, String productType, long entryCount, SortedSet<String> stages) {

    public TidSummary {
        stages = new TreeSet<>(stages);
    }

    public static TidSummary first(String tid, String productType) {
        return new TidSummary(tid, productType, 0, new TreeSet<>());
    }

    /** The summary after one more entry of {@code stage}. */
    public TidSummary plus(String stage) {
        TreeSet<String> s = new TreeSet<>(stages);
        s.add(stage);
        return new TidSummary(tid, productType, entryCount + 1, s);
    }

    public JsonObject toJson() {
        JsonArray s = new JsonArray();
        stages.forEach(s::add);
        JsonObject o = new JsonObject();
        o.addProperty("tid", tid);
        o.addProperty("productType", productType);
        o.addProperty("entryCount", entryCount);
        o.add("stages", s);
        return o;
    }

    public static TidSummary fromJson(JsonObject o) {
        TreeSet<String> s = new TreeSet<>();
        o.getAsJsonArray("stages").forEach(e -> s.add(e.getAsString()));
        return new TidSummary(
                o.get("tid").getAsString(),
                o.get("productType").getAsString(),
                o.get("entryCount").getAsLong(),
                s);
    }
}
