package org.tmsct.client.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.tmsct.core.genealogy.LotLinks;
import org.tmsct.core.protocol.RecallStatus;
import org.tmsct.gateway.FabricSession;
import org.tmsct.gateway.GenealogyPages;
import picocli.CommandLine.Option;

/**
 * The bounds of a genealogy walk on master (Upstream, Recall), as a picocli mixin, and the walk
 * itself: every page, following the bookmarks.
 */
final class GenealogyOptions {

    @Option(
            names = "--max-depth",
            description = "How many links deep to follow (1-64; master's default 10).")
    Integer maxDepth;

    @Option(
            names = "--max-lots",
            description = "Most lots to list (1-10000; master's default 1000).")
    Integer maxLots;

    @Option(
            names = "--page-size",
            defaultValue = "200",
            description = "Lots per query to master (1-1000; default ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(
            names = "--no-bloom",
            description = "Skip the Bloom-index existence check of the start lot (for comparison).")
    boolean noBloom;

    @Option(
            names = "--bloom-every-lot",
            description =
                    "Look every listed lot up in the Bloom index too, and report the blocks it let"
                            + " master skip (slower: BENCHMARKS.md).")
    boolean bloomEveryLot;

    /** The whole walk: the first page's answer, with every page's lots in {@code lots}. */
    JsonObject walk(FabricSession session, String function, String tid) throws Exception {
        return GenealogyPages.readAll(
                bookmark ->
                        Output.json(
                                        session.masterContract()
                                                .evaluateTransaction(
                                                        function,
                                                        tid,
                                                        maxDepth == null ? "" : maxDepth.toString(),
                                                        maxLots == null ? "" : maxLots.toString(),
                                                        Integer.toString(pageSize),
                                                        bookmark,
                                                        noBloom
                                                                ? "false"
                                                                : bloomEveryLot ? "every" : "true"))
                                .getAsJsonObject(),
                (read, total) -> System.err.printf("  ... %d of %d lots read%n", read, total));
    }

    /** How a lot relates to the lot it was reached from, read in the walk's direction. */
    static String relation(String direction, JsonElement relation) {
        boolean packed =
                relation != null
                        && !relation.isJsonNull()
                        && LotLinks.CHILDREN.equals(relation.getAsString());
        if ("upstream".equals(direction)) {
            return packed ? "packed in" : "went into";
        }
        return packed ? "contains" : "made from";
    }

    /** One line per lot, indented by depth, and a closing line on the bounds. */
    static void print(JsonObject walk) {
        for (JsonElement el : walk.getAsJsonArray("lots")) {
            JsonObject lot = el.getAsJsonObject();
            int depth = lot.get("depth").getAsInt();
            String where =
                    lot.get("known").getAsBoolean()
                            ? lot.get("lastStage").getAsString()
                                    + " at "
                                    + lot.get("holder").getAsString()
                            : "no record on master yet";
            System.out.printf(
                    "%s%s  (%s %s; %s)%s%n",
                    "  ".repeat(depth),
                    lot.get("tid").getAsString(),
                    relation(walk.get("direction").getAsString(), lot.get("relation")),
                    lot.get("via").getAsString(),
                    where,
                    RecallStatus.RECALLED.name().equals(lot.get("recall").getAsString())
                            ? "  RECALLED: "
                                    + lot.getAsJsonObject("recallMark").get("reason").getAsString()
                            : "");
        }
        System.out.printf(
                "%d lot%s%s%s%n",
                walk.get("total").getAsInt(),
                walk.get("total").getAsInt() == 1 ? "" : "s",
                walk.get("depthLimited").getAsBoolean()
                        ? "; stopped at depth " + walk.get("maxDepth").getAsInt()
                        : "",
                walk.get("sizeLimited").getAsBoolean()
                        ? "; stopped at " + walk.get("maxLots").getAsInt() + " lots"
                        : "");
        if (walk.has("existenceCheck")) {
            JsonObject c = walk.getAsJsonObject("existenceCheck");
            System.out.printf(
                    "Bloom index: %d of %d anchored blocks skipped, %d false positive%s%n",
                    c.get("skippedByFilter").getAsLong(),
                    c.get("blocksWithEntries").getAsLong(),
                    c.get("falsePositives").getAsLong(),
                    c.get("falsePositives").getAsLong() == 1 ? "" : "s");
        }
    }
}
