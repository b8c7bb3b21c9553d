package org.tmsct.web.page;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a product was made of, as nested lists: master's upstream walk lists each lot once with the
 * lot it was reached from ({@code via}), so the tree is rebuilt from those links.
 */
final class GenealogyTree {

    private GenealogyTree() {}

    /** The {@code #genealogy} section, or nothing when the walk found no lots. */
    static String render(JsonObject upstream) {
        List<JsonObject> lots = JsonView.objects(upstream, "lots");
        if (lots.isEmpty()) {
            return "";
        }
        String root = JsonView.str(upstream, "tid");
        Map<String, List<JsonObject>> children = new LinkedHashMap<>();
        Set<String> listed = new HashSet<>();
        for (JsonObject lot : lots) {
            listed.add(JsonView.str(lot, "tid"));
        }
        List<JsonObject> top = new ArrayList<>();
        for (JsonObject lot : lots) {
            String via = JsonView.str(lot, "via");
            if (via == null || via.equals(root) || !listed.contains(via)) {
                // a lot whose parent is on another page of the walk still gets shown
                top.add(lot);
            } else {
                children.computeIfAbsent(via, k -> new ArrayList<>()).add(lot);
            }
        }
        StringBuilder h = new StringBuilder(2048);
        h.append("<section id=\"genealogy\" aria-labelledby=\"genealogy-title\">\n")
                .append("<h2 id=\"genealogy-title\">What it was made of</h2>\n")
                .append("<div class=\"tree\">\n");
        list(h, top, root, children, new HashSet<>());
        h.append("</div>\n");
        long total = JsonView.num(upstream, "total", lots.size());
        String bookmark = JsonView.str(upstream, "bookmark");
        if (JsonView.bool(upstream, "depthLimited")
                || JsonView.bool(upstream, "sizeLimited")
                || total > lots.size()
                || (bookmark != null && !bookmark.isEmpty())) {
            h.append("<p class=\"muted\">Only part of the tree is shown (")
                    .append(lots.size())
                    .append(" of ")
                    .append(total)
                    .append(" lots within the search limits).</p>\n");
        }
        return h.append("</section>\n").toString();
    }

    private static void list(
            StringBuilder h,
            List<JsonObject> lots,
            String parent,
            Map<String, List<JsonObject>> children,
            Set<String> shown) {
        h.append("<ul>\n");
        for (JsonObject lot : lots) {
            String tid = JsonView.str(lot, "tid");
            if (!shown.add(tid)) {
                continue; // each lot once, even if the walk's links were to loop
            }
            h.append("<li>").append(lot(lot, parent));
            List<JsonObject> below = children.get(tid);
            if (below != null) {
                h.append('\n');
                list(h, below, tid, children, shown);
            }
            h.append("</li>\n");
        }
        h.append("</ul>\n");
    }

    private static String lot(JsonObject lot, String parent) {
        String tid = JsonView.str(lot, "tid");
        StringBuilder h = new StringBuilder(256);
        h.append("<a href=\"")
                .append(Html.attr(Links.page(tid)))
                .append("\">")
                .append(Html.text(tid))
                .append("</a>");
        String relation = JsonView.str(lot, "relation");
        if (relation != null) {
            h.append(" <span class=\"relation\">(").append(Html.text(relation)).append(")</span>");
        }
        String via = JsonView.str(lot, "via");
        if (via != null && !via.equals(parent)) {
            h.append(" <span class=\"muted\">reached from ")
                    .append(Html.text(via))
                    .append("</span>");
        }
        if (JsonView.bool(lot, "known")) {
            h.append(": last stage <strong>")
                    .append(Html.text(JsonView.str(lot, "lastStage")))
                    .append("</strong>, held by ")
                    .append(Html.text(JsonView.str(lot, "holder")));
        } else {
            h.append(": <span class=\"muted\">no record of it is anchored</span>");
        }
        if ("RECALLED".equals(JsonView.str(lot, "recall"))) {
            h.append(" <strong class=\"lot-recalled\">RECALLED</strong>");
            String reason = JsonView.str(JsonView.obj(lot, "recallMark"), "reason");
            if (reason != null) {
                h.append(" <q>").append(Html.text(reason)).append("</q>");
            }
        }
        return h.toString();
    }
}
