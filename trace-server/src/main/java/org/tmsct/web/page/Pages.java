package org.tmsct.web.page;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * The trace server's HTML pages, as pure functions of the chain's JSON answers: each returns a
 * complete HTML5 document that needs no script and loads nothing from another host.
 */
public final class Pages {

    private Pages() {}

    /** The start page: the search box and what a trace code is. */
    public static String home(Viewer viewer) {
        String main =
                "<h1>Trace a product</h1>\n"
                        + "<p class=\"lead\">Enter the trace code printed on the product or its"
                        + " packaging to see every stage of its life, who recorded it and when.</p>\n"
                        + Layout.search(null)
                        + "<section aria-labelledby=\"about-title\">\n"
                        + "<h2 id=\"about-title\">What is a trace code?</h2>\n"
                        + "<p>Each product lot has its own trace code. Every organisation that"
                        + " handles the lot records what it did under that code, and the"
                        + " consortium's master chain keeps a tamper-evident fingerprint of each"
                        + " record.</p>\n"
                        + "<p>The QR code on the product opens its trace page directly: no need to"
                        + " type anything.</p>\n"
                        + "</section>\n";
        return Layout.page("Trace a product", viewer, main);
    }

    /**
     * A product's trace page.
     *
     * @param trace master's Trace answer: tid, productType, entries, recall
     * @param checksBySlaveTxId the check of each entry, by its slave transaction id; an entry
     *     without one is shown as not verified
     * @param upstream master's Upstream answer for the product, or null
     * @param pageUrl the page's own absolute URL, drawn as its QR code (null: no QR code)
     */
    public static String trace(
            JsonObject trace,
            Map<String, EntryCheck> checksBySlaveTxId,
            JsonObject upstream,
            String pageUrl,
            Viewer viewer) {
        return TracePage.render(trace, checksBySlaveTxId, upstream, pageUrl, viewer);
    }

    /**
     * One entry's Merkle proof explained.
     *
     * @param traceEntry the entry as the trace lists it (stage, ownerMsp, txTimestamp...), or null
     * @param proof master's Proof answer for the entry
     * @param verified whether the server's check of the proof succeeded
     */
    public static String proof(
            JsonObject traceEntry, JsonObject proof, boolean verified, String tid, Viewer viewer) {
        return ProofPage.render(traceEntry, proof, verified, tid, viewer);
    }

    /** The 404 page for a trace code master does not know. */
    public static String unknown(String code, Viewer viewer) {
        String main =
                "<h1>Unknown trace code</h1>\n"
                        + "<p>No product with trace code <code id=\"unknown-code\">"
                        + Html.text(code)
                        + "</code> is anchored.</p>\n"
                        + "<p>This could mean:</p>\n<ul>\n"
                        + "<li>the code was mistyped: check it against the label;</li>\n"
                        + "<li>the product's first record has not been anchored yet: try again"
                        + " in a few minutes;</li>\n"
                        + "<li>the product is traced by a different consortium.</li>\n</ul>\n"
                        + Layout.search(code);
        return Layout.page("Unknown trace code", viewer, main);
    }

    /**
     * Any other page that only says something: a bad request (400), the network unreachable (503),
     * an error.
     */
    public static String message(int status, String title, String text, Viewer viewer) {
        String code = status >= 400 ? "<p class=\"status-code\">Error " + status + "</p>\n" : "";
        String main =
                "<h1>"
                        + Html.text(title)
                        + "</h1>\n"
                        + code
                        + "<p>"
                        + Html.text(text)
                        + "</p>\n"
                        + Layout.search(null);
        return Layout.page(title, viewer, main);
    }

    /**
     * Staff login: the signed login message (JSON) pasted into a form that posts to {@link
     * Links#login()}.
     *
     * @param error why the last attempt failed, or null
     */
    public static String login(Viewer viewer, String error) {
        String problem =
                error == null
                        ? ""
                        : "<p id=\"login-error\" class=\"problem\" role=\"alert\"><strong>Login"
                                + " failed:</strong> "
                                + Html.text(error)
                                + "</p>\n";
        String main =
                "<h1>Staff login</h1>\n"
                        + problem
                        + "<p>Staff see their own organisation's full records; administrators"
                        + " also see the operations view. Sign a login message with your"
                        + " organisation's certificate (<code>tmsct web-login</code>) and paste"
                        + " the JSON it prints.</p>\n"
                        + "<form id=\"login-form\" class=\"login\" method=\"post\" action=\""
                        + Html.attr(Links.login())
                        + "\">\n<label for=\"login\">Signed login message</label>\n"
                        + "<textarea name=\"login\" id=\"login\" rows=\"8\" required"
                        + " maxlength=\"16384\" spellcheck=\"false\" autocomplete=\"off\">"
                        + "</textarea>\n<button type=\"submit\">Log in</button>\n</form>\n";
        return Layout.page("Staff login", viewer, main);
    }

    /**
     * The operations view of {@code org}.
     *
     * @param relayHealth the relay's /health JSON, or null if it did not answer
     * @param rejected the slave chain's GetRejectedRecords items
     * @param devices the slave chain's ListDevices items
     */
    public static String admin(
            Viewer viewer,
            String org,
            JsonObject relayHealth,
            JsonArray rejected,
            JsonArray devices) {
        return AdminPage.render(viewer, org, relayHealth, rejected, devices);
    }
}
