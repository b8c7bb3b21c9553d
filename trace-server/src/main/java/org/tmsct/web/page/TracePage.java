package org.tmsct.web.page;

import com.google.gson.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The consumer trace page: recall banner, timeline of stage cards, genealogy, QR and bundle. */
final class TracePage {

    private TracePage() {}

    static String render(
            JsonObject trace,
            Map<String, EntryCheck> checksBySlaveTxId,
            JsonObject upstream,
            String pageUrl,
            Viewer viewer) {
        String tid = JsonView.str(trace, "tid");
        String type = JsonView.str(trace, "productType");
        List<JsonObject> entries =
                JsonView.objects(trace, "entries").stream()
                        .sorted(Comparator.comparingLong(e -> JsonView.num(e, "seq", 0)))
                        .toList();
        Map<String, EntryCheck> checks = checksBySlaveTxId == null ? Map.of() : checksBySlaveTxId;

        StringBuilder h = new StringBuilder(8192);
        h.append(Layout.search(null));
        h.append("<h1>").append(Html.text(tid));
        if (type != null) {
            h.append(" <span class=\"product-type\">").append(Html.text(type)).append("</span>");
        }
        h.append("</h1>\n");
        h.append(recallBanner(JsonView.obj(trace, "recall"), tid));
        h.append(summary(entries, checks));

        h.append("<section id=\"timeline\" aria-labelledby=\"timeline-title\">\n")
                .append("<h2 id=\"timeline-title\">Its life, stage by stage</h2>\n")
                .append("<ol class=\"timeline\">\n");
        for (JsonObject e : entries) {
            EntryCheck check = checks.get(JsonView.str(e, "slaveTxId"));
            h.append("<li>").append(card(tid, e, check)).append("</li>\n");
        }
        h.append("</ol>\n</section>\n");

        h.append(GenealogyTree.render(upstream));
        h.append(share(tid, pageUrl));
        String title = type == null ? tid : tid + " (" + type + ")";
        return Layout.page(title, viewer, h.toString());
    }

    /** RECALLED: which lots, who marked them, when and why. Nothing when the trace is clear. */
    private static String recallBanner(JsonObject recall, String tid) {
        if (!"RECALLED".equals(JsonView.str(recall, "status"))) {
            return "";
        }
        StringBuilder h = new StringBuilder(512);
        h.append("<section id=\"recall-banner\" class=\"recall-banner\" role=\"alert\">\n")
                .append("<h2>RECALLED</h2>\n")
                .append("<p>This product, or a lot it was made from, has been recalled:</p>\n")
                .append("<ul>\n");
        for (JsonObject lot : JsonView.objects(recall, "lots")) {
            String lotTid = JsonView.str(lot, "tid");
            h.append("<li>");
            if (lotTid != null && lotTid.equals(tid)) {
                h.append("This product");
            } else {
                h.append("Lot <a href=\"")
                        .append(Html.attr(Links.page(lotTid)))
                        .append("\">")
                        .append(Html.text(lotTid))
                        .append("</a>, which went into it,");
            }
            h.append(" was marked recalled by <strong>")
                    .append(Html.text(orUnknown(JsonView.str(lot, "byMsp"))))
                    .append("</strong>");
            long at = JsonView.num(lot, "timestamp", -1);
            if (at >= 0) {
                h.append(" on ").append(Layout.time(at));
            }
            String reason = JsonView.str(lot, "reason");
            if (reason != null) {
                h.append(". Reason: <q>").append(Html.text(reason)).append("</q>");
            }
            h.append("</li>\n");
        }
        return h.append("</ul>\n</section>\n").toString();
    }

    private static String summary(List<JsonObject> entries, Map<String, EntryCheck> checks) {
        long verified =
                entries.stream()
                        .map(e -> checks.get(JsonView.str(e, "slaveTxId")))
                        .filter(c -> c != null && c.verified())
                        .count();
        StringBuilder h = new StringBuilder(256);
        h.append("<p class=\"summary\">")
                .append(entries.size())
                .append(entries.size() == 1 ? " recorded stage" : " recorded stages")
                .append(", ")
                .append(verified)
                .append(" verified against the master chain.");
        if (!entries.isEmpty()) {
            JsonObject last = entries.get(entries.size() - 1);
            h.append(" Last: <strong>")
                    .append(Html.text(JsonView.str(last, "stage")))
                    .append("</strong> by ")
                    .append(Html.text(orUnknown(JsonView.str(last, "ownerMsp"))))
                    .append('.');
        }
        return h.append("</p>\n").toString();
    }

    /** One stage: what happened, who, when, the shared data, and whether the chain proves it. */
    private static String card(String tid, JsonObject e, EntryCheck check) {
        long seq = JsonView.num(e, "seq", 0);
        String id = "stage-" + seq;
        StringBuilder h = new StringBuilder(2048);
        h.append("<article class=\"stage\" id=\"")
                .append(id)
                .append("\" aria-labelledby=\"")
                .append(id)
                .append("-title\">\n<header class=\"stage-head\">\n<h3 id=\"")
                .append(id)
                .append("-title\"><span class=\"seq\">")
                .append(seq + 1) // master counts from 0; people count stages from 1
                .append(".</span> ")
                .append(Html.text(JsonView.str(e, "stage")))
                .append("</h3>\n")
                .append(badge(tid, seq, check))
                .append("</header>\n<dl class=\"facts\">\n")
                .append(Layout.row("Organisation", orUnknown(JsonView.str(e, "ownerMsp"))));
        long at = JsonView.num(e, "txTimestamp", -1);
        if (at >= 0) {
            h.append(Layout.rowHtml("Anchored", Layout.time(at)));
        }
        h.append("</dl>\n");
        if (check == null || !check.verified()) {
            String problem = check == null ? "this entry has not been checked" : check.problem();
            h.append("<p class=\"problem\"><strong>Why not verified:</strong> ")
                    .append(Html.text(problem == null ? "no reason given" : problem))
                    .append("</p>\n");
        }
        JsonObject keyData = JsonView.obj(e, "keyData");
        if (keyData != null && !keyData.isEmpty()) {
            h.append("<h4>Shared data</h4>\n").append(Layout.dl(keyData, "key-data"));
        } else {
            h.append("<p class=\"muted\">No data shared for this stage.</p>\n");
        }
        if (check != null && check.rawJson() != null) {
            h.append(raw(seq, check));
        }
        h.append("<details class=\"where\">\n<summary>Where it is recorded</summary>\n<dl>\n")
                .append(Layout.rowHtml("Slave chain", Layout.code(JsonView.str(e, "slaveChainId"))))
                .append(Layout.row("Slave block", JsonView.str(e, "slaveBlockNumber")))
                .append(
                        Layout.rowHtml(
                                "Slave transaction", Layout.code(JsonView.str(e, "slaveTxId"))))
                .append(
                        Layout.rowHtml(
                                "Master transaction", Layout.code(JsonView.str(e, "masterTxId"))))
                .append(
                        Layout.rowHtml(
                                "Data hash (SHA-256)", Layout.code(JsonView.str(e, "dataHash"))))
                .append("</dl>\n</details>\n</article>");
        return h.toString();
    }

    private static String badge(String tid, long seq, EntryCheck check) {
        if (check != null && check.verified()) {
            return "<a class=\"badge badge-verified\" href=\""
                    + Html.attr(Links.proof(tid, seq))
                    + "\" title=\"See the Merkle proof of this stage\">VERIFIED</a>\n";
        }
        return "<span class=\"badge badge-unverified\">NOT VERIFIED</span>\n";
    }

    /** The viewer's own organisation's full record, and whether it still hashes to the chain's. */
    private static String raw(long seq, EntryCheck check) {
        StringBuilder h = new StringBuilder(1024);
        h.append("<section class=\"raw-data\" id=\"raw-data-")
                .append(seq)
                .append("\" aria-label=\"Your raw data, stage ")
                .append(seq)
                .append("\">\n<h4>Your raw data</h4>\n<pre>")
                .append(Html.text(JsonView.pretty(check.rawJson())))
                .append("</pre>\n");
        if (Boolean.TRUE.equals(check.rawMatches())) {
            h.append("<p class=\"match match-ok\">The hash matches the chain.</p>\n");
        } else if (Boolean.FALSE.equals(check.rawMatches())) {
            h.append("<p class=\"match match-bad\"><strong>HASH MISMATCH:</strong> this record")
                    .append(" is not the one whose hash was anchored.</p>\n");
        }
        return h.append("</section>\n").toString();
    }

    /** The QR code of this page and the proof bundle, for whoever wants to check it themselves. */
    private static String share(String tid, String pageUrl) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<section id=\"check\" aria-labelledby=\"check-title\">\n")
                .append("<h2 id=\"check-title\">Share and check</h2>\n");
        String qr = qr(pageUrl);
        if (qr != null) {
            h.append("<figure id=\"qr\">\n")
                    .append(qr)
                    .append("\n<figcaption>Scan to open this page: <span class=\"url\">")
                    .append(Html.text(pageUrl))
                    .append("</span></figcaption>\n</figure>\n");
        }
        h.append("<p><a id=\"bundle-link\" href=\"")
                .append(Html.attr(Links.bundle(tid)))
                .append("\" download=\"")
                .append(Html.attr(fileName(tid)))
                .append("\">Download the proof bundle (JSON)</a>: every stage with its Merkle")
                .append(" proof and the anchored roots, to check it yourself.</p>\n</section>\n");
        return h.toString();
    }

    /** The page's QR code, or null if there is no URL or it is too long for one. */
    private static String qr(String pageUrl) {
        if (pageUrl == null || pageUrl.isEmpty()) {
            return null;
        }
        try {
            return QrSvg.render(pageUrl, "QR code of this page: " + pageUrl);
        } catch (IllegalArgumentException tooLong) {
            return null; // the page is still worth showing without it
        }
    }

    private static String fileName(String tid) {
        return "trace-" + (tid == null ? "" : tid.replaceAll("[^A-Za-z0-9._-]", "_")) + ".json";
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }
}
