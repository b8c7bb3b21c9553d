package org.tmsct.master.anchor;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the master chain knows about a trace code at a glance: the product type it was first
 * anchored under (its process governs every later stage), how many entries it has, the stages seen
 * so far, and the slave blocks that hold it (in anchoring order). Exists reads only this.
 */
public record TidSummary(
        String tid,
        String productType,
        long entryCount,
        SortedSet<String> stages,
        List<BlockRef> blocks) {

    public TidSummary {
        stages = new TreeSet<>(stages);
        blocks = List.copyOf(blocks);
    }

    public static TidSummary first(String tid, String productType) {
        return new TidSummary(tid, productType, 0, new TreeSet<>(), List.of());
    }

    /** The summary after one more entry of {@code stage} in {@code block}. */
    public TidSummary plus(String stage, BlockRef block) {
        TreeSet<String> s = new TreeSet<>(stages);
        s.add(stage);
        List<BlockRef> b = new ArrayList<>(blocks);
        if (!b.contains(block)) {
            b.add(block);
        }
        return new TidSummary(tid, productType, entryCount + 1, s, b);
    }

    public JsonObject toJson() {
        JsonArray s = new JsonArray();
        stages.forEach(s::add);
        JsonArray b = new JsonArray();
        blocks.forEach(r -> b.add(r.toJson()));
        JsonObject o = new JsonObject();
        o.addProperty("tid", tid);
        o.addProperty("productType", productType);
        o.addProperty("entryCount", entryCount);
        o.add("stages", s);
        o.add("blocks", b);
        return o;
    }

    public static TidSummary fromJson(JsonObject o) {
        TreeSet<String> s = new TreeSet<>();
        o.getAsJsonArray("stages").forEach(e -> s.add(e.getAsString()));
        List<BlockRef> b = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("blocks")) {
            b.add(BlockRef.fromJson(e.getAsJsonObject()));
        }
        return new TidSummary(
                o.get("tid").getAsString(),
                o.get("productType").getAsString(),
                o.get("entryCount").getAsLong(),
                s,
                b);
    }
}
