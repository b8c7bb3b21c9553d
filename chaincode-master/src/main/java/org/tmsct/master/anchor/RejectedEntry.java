package org.tmsct.master.anchor;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * An entry of an anchored block that master refused on its own ({@link EntryRules}): not in the
 * trace, the Merkle tree or the filter. {@code entryIndex} is its position in the block as the
 * relay sent it.
 */
public record RejectedEntry(
        int entryIndex, String txId, String tid, String stage, String code, String reason) {

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("entryIndex", entryIndex);
        o.addProperty("txId", txId);
        o.addProperty("tid", tid);
        o.addProperty("stage", stage);
        o.addProperty("code", code);
        o.addProperty("reason", reason);
        return o;
    }

    public static RejectedEntry fromJson(JsonObject o) {
        return new RejectedEntry(
                o.get("entryIndex").getAsInt(),
                o.get("txId").getAsString(),
                o.get("tid").getAsString(),
                o.get("stage").getAsString(),
                o.get("code").getAsString(),
                o.get("reason").getAsString());
    }

    public static JsonArray toJson(List<RejectedEntry> entries) {
        JsonArray out = new JsonArray();
        entries.forEach(e -> out.add(e.toJson()));
        return out;
    }

    /** The list in a stored anchor; absent in anchors written before rejections existed. */
    public static List<RejectedEntry> listFrom(JsonElement array) {
        List<RejectedEntry> out = new ArrayList<>();
        if (array != null && array.isJsonArray()) {
            array.getAsJsonArray().forEach(e -> out.add(fromJson(e.getAsJsonObject())));
        }
        return out;
    }
}
