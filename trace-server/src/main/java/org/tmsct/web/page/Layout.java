package org.tmsct.web.page;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The frame every page shares (document head, header naming the viewer, skip link, main, footer)
 * and the small pieces several pages use: the search form, times and definition lists.
 */
final class Layout {

    private static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Layout() {}

    /**
     * A complete HTML5 document. {@code title} is plain text; {@code main} is markup whose values
     * are escaped already.
     */
    static String page(String title, Viewer viewer, String main) {
        Viewer who = viewer == null ? Viewer.PUBLIC : viewer;
        StringBuilder h = new StringBuilder(main.length() + 1024);
        h.append("<!doctype html>\n<html lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\">\n")
                .append(
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(Html.text(title))
                .append(" · TMSCT trace</title>\n")
                .append("<link rel=\"stylesheet\" href=\"")
                .append(Html.attr(Links.css()))
                .append("\">\n</head>\n<body>\n")
                .append("<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n")
                .append("<header class=\"site-header\">\n")
                .append("<a class=\"brand\" href=\"")
                .append(Html.attr(Links.search()))
                .append("\">TMSCT trace</a>\n")
                .append("<p class=\"viewer\">Viewing as <strong>")
                .append(Html.text(who.label()))
                .append("</strong></p>\n");
        if (who.admin()) {
            h.append("<nav aria-label=\"Staff\"><a href=\"")
                    .append(Html.attr(Links.admin()))
                    .append("\">Operations</a></nav>\n");
        } else if (who.org() == null) {
            h.append("<nav aria-label=\"Staff\"><a href=\"")
                    .append(Html.attr(Links.login()))
                    .append("\">Staff login</a></nav>\n");
        }
        h.append("</header>\n<main id=\"main\">\n")
                .append(main)
                .append("</main>\n<footer class=\"site-footer\">\n")
                .append("<p>Trace data is anchored on the consortium's master chain; each VERIFIED")
                .append(" badge links to the Merkle proof behind it.</p>\n")
                .append("</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    /** The search form, {@code value} filled in (null: empty). */
    static String search(String value) {
        StringBuilder h = new StringBuilder(512);
        h.append("<form id=\"search\" class=\"search\" method=\"get\" action=\"")
                .append(Html.attr(Links.search()))
                .append("\" role=\"search\">\n")
                .append("<label for=\"code\">Trace code</label>\n")
                .append("<div class=\"search-row\">\n")
                .append("<input name=\"code\" id=\"code\" type=\"text\" required maxlength=\"512\"")
                .append(" autocomplete=\"off\" spellcheck=\"false\" autocapitalize=\"none\"");
        if (value != null && !value.isEmpty()) {
            h.append(" value=\"").append(Html.attr(value)).append('"');
        }
        return h.append(">\n<button type=\"submit\">Trace</button>\n</div>\n</form>\n").toString();
    }

    /** A {@code <time>} element for an epoch-millisecond instant, shown in UTC. */
    static String time(long epochMillis) {
        Instant at = Instant.ofEpochMilli(epochMillis);
        return "<time datetime=\""
                + Html.attr(at.toString())
                + "\">"
                + Html.text(SHOWN.format(at))
                + "</time>";
    }

    /** A {@code <dl>} of an object's members; nested objects become nested lists. */
    static String dl(JsonObject o, String cssClass) {
        StringBuilder h = new StringBuilder(256);
        h.append("<dl");
        if (cssClass != null) {
            h.append(" class=\"").append(Html.attr(cssClass)).append('"');
        }
        h.append(">\n");
        for (Map.Entry<String, JsonElement> m : o.entrySet()) {
            h.append("<dt>").append(Html.text(m.getKey())).append("</dt><dd>");
            JsonElement v = m.getValue();
            if (v.isJsonObject() && !v.getAsJsonObject().isEmpty()) {
                h.append('\n').append(dl(v.getAsJsonObject(), cssClass));
            } else {
                h.append(Html.text(JsonView.display(v)));
            }
            h.append("</dd>\n");
        }
        return h.append("</dl>\n").toString();
    }

    /** A definition-list row whose value is escaped here. */
    static String row(String term, String value) {
        return "<dt>" + Html.text(term) + "</dt><dd>" + Html.text(value) + "</dd>\n";
    }

    /** A definition-list row whose value is markup (escaped by the caller). */
    static String rowHtml(String term, String valueHtml) {
        return "<dt>" + Html.text(term) + "</dt><dd>" + valueHtml + "</dd>\n";
    }

    /** Hex hashes and ids in a code element, which the stylesheet lets wrap anywhere. */
    static String code(String value) {
        return "<code>" + Html.text(value == null ? "(none)" : value) + "</code>";
    }
}
