package org.tmsct.gateway;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * A genealogy walk of master (Upstream or Recall) read whole: master answers it a page at a time,
 * each naming the bookmark of the next, and an empty bookmark after the last.
 */
public final class GenealogyPages {

    /** One page of the walk from a bookmark ("" for the first). */
    @FunctionalInterface
    public interface Page {
        JsonObject read(String bookmark) throws Exception;
    }

    /** Told after each page but the last: lots read so far, and the walk's total. */
    @FunctionalInterface
    public interface Progress {
        void read(int lots, int total);
    }

    private GenealogyPages() {}

    /** The first page's answer, with every page's lots in {@code lots} and no bookmark. */
    public static JsonObject readAll(final Page page, final Progress progress) throws Exception {
        JsonObject first = null;
        JsonArray lots = new JsonArray();
        String bookmark = "";
        do {
            JsonObject next = page.read(bookmark);
            if (first == null) {
                first = next;
            }
            lots.addAll(next.getAsJsonArray("lots"));
            bookmark = next.get("bookmark").getAsString();
            if (!bookmark.isEmpty()) {
                progress.read(lots.size(), next.get("total").getAsInt());
            }
        } while (!bookmark.isEmpty());
        first.add("lots", lots);
        first.addProperty("bookmark", "");
        return first;
    }
}
