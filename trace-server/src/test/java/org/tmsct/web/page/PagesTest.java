package org.tmsct.web.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.web.page.Fixtures.PAGE_URL;
import static org.tmsct.web.page.Fixtures.TID;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tmsct.core.merkle.MerkleProof;
import org.tmsct.core.merkle.MerkleTree;
import org.tmsct.core.record.AnchorEntry;

class PagesTest {

    private static final Viewer RAW_STAFF =
            new Viewer("RawMaterialOrg staff", "RawMaterialOrgMSP", false);
    private static final Viewer ADMIN = new Viewer("FactoryOrg admin", "FactoryOrgMSP", true);
    private static final Pattern VERIFIED_BADGE =
            Pattern.compile(
                    "<a class=\"badge badge-verified\" href=\"(/proof\\?code=[^\"]*)\"[^>]*>VERIFIED</a>");
    private static final Pattern URL_ATTRIBUTE =
            Pattern.compile("\\b(src|href|action|srcset|poster|data)\\s*=\\s*\"([^\"]*)\"");

    @Test
    void fourEntriesGiveFourVerifiedStageCardsInSeqOrder() {
        String page = trace(Fixtures.trace(), Fixtures.allVerified());

        assertEquals(4, count(page, "<article class=\"stage\""));
        List<String> proofLinks = new ArrayList<>();
        Matcher m = VERIFIED_BADGE.matcher(page);
        while (m.find()) {
            proofLinks.add(m.group(1));
        }
        assertEquals(
                List.of(
                        "/proof?code=LOT-2026-0001&amp;seq=1",
                        "/proof?code=LOT-2026-0001&amp;seq=2",
                        "/proof?code=LOT-2026-0001&amp;seq=3",
                        "/proof?code=LOT-2026-0001&amp;seq=4"),
                proofLinks);
        assertFalse(page.contains("NOT VERIFIED"));
        int at = 0;
        for (String stage : Fixtures.STAGES) {
            int next = page.indexOf("</span> " + stage + "</h3>", at);
            assertTrue(next > at, stage + " after the stage before it");
            at = next;
        }
        assertTrue(page.contains("<dt>Organisation</dt><dd>FactoryOrgMSP</dd>"));
        assertTrue(
                page.contains(
                        "<time datetime=\"2026-01-01T10:00:00Z\">2026-01-01 10:00:00 UTC</time>"));
        assertTrue(page.contains("<dl class=\"key-data\">\n<dt>lot</dt><dd>LOT-2026-0001</dd>"));
        assertTrue(page.contains("<dt>weightKg</dt><dd>15.5</dd>"));
        assertTrue(
                page.contains(
                        "<h1>LOT-2026-0001 <span class=\"product-type\">apple-juice</span></h1>"));
    }

    @Test
    void aFailedCheckShowsNotVerifiedAndTheProblem() {
        Map<String, EntryCheck> checks = new java.util.HashMap<>(Fixtures.allVerified());
        checks.put(Fixtures.txId(2), EntryCheck.failed("the Merkle path leads to <another> root"));
        checks.remove(Fixtures.txId(3));

        String page = trace(Fixtures.trace(), checks);

        assertEquals(4, count(page, "<article class=\"stage\""));
        assertEquals(2, count(VERIFIED_BADGE, page));
        assertEquals(2, count(page, ">NOT VERIFIED</span>"));
        assertTrue(page.contains("the Merkle path leads to &lt;another&gt; root"));
        assertTrue(page.contains("this entry has not been checked"));
        String packed = card(page, 3);
        assertTrue(packed.contains("NOT VERIFIED"));
        assertFalse(packed.contains("badge-verified"));
    }

    @Test
    void theRecallBannerShowsOnlyWhenRecalled() {
        assertFalse(trace(Fixtures.trace(), Fixtures.allVerified()).contains("recall-banner"));

        String page =
                trace(
                        Fixtures.recalled(
                                Fixtures.mark(TID, "FactoryOrgMSP", "glass splinters"),
                                Fixtures.mark("APPLES-7", "RawMaterialOrgMSP", "pesticide <b>")),
                        Fixtures.allVerified());

        assertEquals(1, count(page, "id=\"recall-banner\""));
        String banner = between(page, "<section id=\"recall-banner\"", "</section>");
        assertTrue(banner.contains("role=\"alert\""));
        assertTrue(banner.contains("This product was marked recalled by <strong>FactoryOrgMSP"));
        assertTrue(banner.contains("glass splinters"));
        assertTrue(banner.contains("<a href=\"/trace?code=APPLES-7\">APPLES-7</a>"));
        assertTrue(banner.contains("RawMaterialOrgMSP"));
        assertTrue(banner.contains("pesticide &lt;b&gt;"));
        assertTrue(banner.contains("<time datetime=\"2026-01-02T10:00:00Z\">"));
        // before the timeline
        assertTrue(page.indexOf("recall-banner") < page.indexOf("<article class=\"stage\""));
    }

    @Test
    void chainValuesAreEscaped() {
        JsonObject trace = Fixtures.trace();
        JsonObject first = trace.getAsJsonArray("entries").get(0).getAsJsonObject();
        first.getAsJsonObject("keyData").addProperty("note", "<script>alert(1)</script>");
        first.getAsJsonObject("keyData").addProperty("<img src=x onerror=alert(2)>", "x");
        first.addProperty("stage", "PACK\"ED");
        trace.addProperty("productType", "<i>juice</i>");

        String page = trace(trace, Fixtures.allVerified());

        assertFalse(page.contains("<script"));
        assertFalse(page.contains("<img"));
        assertFalse(page.contains("<i>"));
        assertTrue(page.contains("<dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>"));
        assertTrue(page.contains("<dt>&lt;img src=x onerror=alert(2)&gt;</dt>"));
        assertTrue(page.contains("PACK&quot;ED"));
    }

    @Test
    void aTraceCodeWithHtmlCharactersIsEscapedInTextAndEncodedInLinks() {
        String tid = "A<b>\"&'";
        JsonObject trace = Fixtures.trace();
        trace.addProperty("tid", tid);

        String page = trace(trace, Fixtures.allVerified());

        assertFalse(page.contains("A<b>"));
        assertTrue(page.contains("<h1>A&lt;b&gt;&quot;&amp;&#39; "));
        assertTrue(page.contains("href=\"/proof?code=A%3Cb%3E%22%26%27&amp;seq=1\""));
        assertTrue(page.contains("href=\"/api/verify?code=A%3Cb%3E%22%26%27\""));
        assertEquals("&lt;&gt;&amp;&quot;&#39;\uFFFD\tok", Html.text("<>&\"'\u0000\tok"));
        assertEquals("", Html.attr(null));
    }

    @Test
    void rawDataOnlyWhereTheCheckCarriesIt() {
        assertFalse(trace(Fixtures.trace(), Fixtures.allVerified()).contains("raw-data"));

        Map<String, EntryCheck> checks = new java.util.HashMap<>(Fixtures.allVerified());
        checks.put(
                Fixtures.txId(0),
                new EntryCheck(true, null, "{\"tid\":\"LOT-2026-0001\",\"secret\":\"<x>\"}", true));
        checks.put(Fixtures.txId(1), new EntryCheck(true, null, "{\"tid\":\"other\"}", false));
        String page = trace(Fixtures.trace(), checks);

        assertEquals(2, count(page, "class=\"raw-data\""));
        String harvested = card(page, 1);
        assertTrue(harvested.contains("Your raw data"));
        assertTrue(harvested.contains("<pre>{\n  &quot;tid&quot;: &quot;LOT-2026-0001&quot;,\n"));
        assertTrue(harvested.contains("&quot;secret&quot;: &quot;&lt;x&gt;&quot;"));
        assertTrue(harvested.contains("hash matches the chain"));
        assertFalse(harvested.contains("HASH MISMATCH"));
        assertTrue(card(page, 2).contains("HASH MISMATCH"));
        assertFalse(card(page, 3).contains("raw-data"));
    }

    @Test
    void genealogyIsANestedTreeFromViaAndDepth() {
        JsonObject upstream =
                Fixtures.upstream(
                        Fixtures.lot("JUICE-BASE-1", 1, TID, false),
                        Fixtures.lot("BOTTLES-9", 1, TID, false),
                        Fixtures.lot("APPLES-7", 2, "JUICE-BASE-1", true));

        String page =
                Pages.trace(
                        Fixtures.trace(),
                        Fixtures.allVerified(),
                        upstream,
                        PAGE_URL,
                        Viewer.PUBLIC);

        String tree = between(page, "<section id=\"genealogy\"", "</section>");
        Pattern nested =
                Pattern.compile(
                        "<li><a href=\"/trace\\?code=JUICE-BASE-1\">JUICE-BASE-1</a>[^\n]*\n<ul>\n"
                                + "<li><a href=\"/trace\\?code=APPLES-7\">APPLES-7</a>[^\n]*RECALLED"
                                + "[^\n]*</li>\n</ul>\n</li>\n"
                                + "<li><a href=\"/trace\\?code=BOTTLES-9\">BOTTLES-9</a>");
        assertTrue(nested.matcher(tree).find(), tree);
        assertTrue(tree.contains("last stage <strong>SHIPPED</strong>, held by RawMaterialOrgMSP"));
        assertTrue(tree.contains("mould found"));
        assertEquals(1, count(tree, "RECALLED"));

        assertFalse(trace(Fixtures.trace(), Fixtures.allVerified()).contains("id=\"genealogy\""));
        assertFalse(
                Pages.trace(
                                Fixtures.trace(),
                                Fixtures.allVerified(),
                                Fixtures.upstream(),
                                PAGE_URL,
                                Viewer.PUBLIC)
                        .contains("id=\"genealogy\""));
    }

    @Test
    void theTracePageCarriesTheQrCodeTheBundleAndTheSearchBox() {
        String page = trace(Fixtures.trace(), Fixtures.allVerified());

        String qr = between(page, "<figure id=\"qr\">", "</figure>");
        assertTrue(qr.contains("<svg "));
        assertTrue(qr.contains("<figcaption>"));
        assertTrue(qr.contains(PAGE_URL));
        assertTrue(
                page.contains(
                        "<a id=\"bundle-link\" href=\"/api/verify?code=LOT-2026-0001\""
                                + " download=\"trace-LOT-2026-0001.json\">"));
        assertTrue(page.indexOf("id=\"search\"") < page.indexOf("<h1>"), "search at the top");
    }

    @Test
    void theProofPageWalksThePathToTheAnchoredRoot() {
        List<AnchorEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JsonObject kd = new JsonObject();
            kd.addProperty("n", i);
            entries.add(
                    new AnchorEntry(
                            Fixtures.txId(i),
                            TID,
                            Fixtures.STAGES[i % 4],
                            Map.of("n", new JsonPrimitive(i)),
                            Fixtures.hash(i)));
        }
        MerkleTree tree = MerkleTree.build(entries.stream().map(AnchorEntry::leafBytes).toList());
        for (int index = 0; index < entries.size(); index++) {
            MerkleProof merkle = tree.proof(index);
            String page =
                    Pages.proof(
                            Fixtures.entry(index % 4),
                            proof(entries.get(index), merkle, tree.rootHex(), index),
                            true,
                            TID,
                            Viewer.PUBLIC);

            String path = between(page, "<section id=\"proof-path\">", "</section>");
            assertEquals(merkle.path().size(), count(path, "<li>Sibling "), "index " + index);
            assertTrue(page.contains("The two are the same."), "index " + index);
            assertTrue(page.contains("<p id=\"verdict\" class=\"verdict verdict-ok\">"));
            assertTrue(page.contains(tree.rootHex()));
            assertTrue(
                    page.contains(
                            "Leaf hash, SHA-256(0x00 ‖ bytes): <code>"
                                    + org.tmsct.core.hash.Hex.encode(tree.leafHashAt(index))));
        }
        // leaf 4 of 5 is carried up alone, then is the right child: one left sibling
        String last =
                Pages.proof(
                        Fixtures.entry(0),
                        proof(entries.get(4), tree.proof(4), tree.rootHex(), 4),
                        true,
                        TID,
                        Viewer.PUBLIC);
        assertTrue(last.contains("is on the <strong>left</strong>"));
        assertFalse(last.contains("is on the <strong>right</strong>"));
        // leaf 0: every sibling on the right
        String first =
                Pages.proof(
                        Fixtures.entry(0),
                        proof(entries.get(0), tree.proof(0), tree.rootHex(), 0),
                        true,
                        TID,
                        Viewer.PUBLIC);
        assertFalse(first.contains("is on the <strong>left</strong>"));

        JsonObject forged = proof(entries.get(1), tree.proof(0), tree.rootHex(), 0);
        String bad = Pages.proof(Fixtures.entry(1), forged, false, TID, Viewer.PUBLIC);
        assertTrue(bad.contains("NOT VERIFIED"));
        assertTrue(bad.contains("They differ."));
    }

    @Test
    void theUnknownPageEscapesTheCode() {
        String page = Pages.unknown("<b>LOT\"9</b>", Viewer.PUBLIC);

        assertTrue(
                page.contains(
                        "<code id=\"unknown-code\">&lt;b&gt;LOT&quot;9&lt;/b&gt;</code> is anchored"));
        assertTrue(page.contains("No product with trace code"));
        assertTrue(page.contains("value=\"&lt;b&gt;LOT&quot;9&lt;/b&gt;\""));
        assertFalse(page.contains("<b>"));
        assertTrue(page.contains("<form id=\"search\""));
    }

    @Test
    void theAdminPageShowsRelayRejectedRecordsAndDevices() {
        JsonObject health = new JsonObject();
        health.addProperty("status", "stalled");
        health.addProperty("healthy", false);
        health.addProperty("slaveChannel", "factory-channel");
        health.addProperty("lagBlocks", 7);
        JsonObject rejected = new JsonObject();
        rejected.addProperty("txId", Fixtures.txId(5));
        rejected.addProperty("tid", TID);
        rejected.addProperty("stage", "PACKED");
        rejected.add("keyData", new JsonObject());
        rejected.addProperty("deviceId", "press-1");
        rejected.addProperty("txTimestamp", Fixtures.T0);
        rejected.addProperty("status", "REJECTED");
        rejected.addProperty("rejectionCode", "STAGE_ORDER");
        rejected.addProperty("rejectionReason", "PACKED before <PROCESSED>");
        JsonArray records = new JsonArray();
        records.add(rejected);
        JsonObject device = new JsonObject();
        device.addProperty("deviceId", "press-1");
        device.addProperty("fingerprint", Fixtures.hash(7));
        device.addProperty("status", "REVOKED");
        device.addProperty("registeredBy", "FactoryOrgMSP");
        device.addProperty("registeredAt", Fixtures.T0);
        device.addProperty("revokedTxId", Fixtures.txId(8));
        device.addProperty("revokedAt", Fixtures.T0 + 1000);
        JsonArray devices = new JsonArray();
        devices.add(device);

        String page = Pages.admin(ADMIN, "FactoryOrgMSP", health, records, devices);

        String relay = between(page, "<section id=\"admin-relay\"", "</section>");
        assertTrue(relay.contains("UNHEALTHY"));
        assertTrue(relay.contains("(stalled)"));
        assertTrue(relay.contains("<dt>lagBlocks</dt><dd>7</dd>"));
        String table = between(page, "<section id=\"admin-rejected\"", "</section>");
        assertTrue(table.contains("STAGE_ORDER"));
        assertTrue(table.contains("PACKED before &lt;PROCESSED&gt;"));
        String devs = between(page, "<section id=\"admin-devices\"", "</section>");
        assertTrue(devs.contains("<tr class=\"revoked\"><td>press-1</td><td>REVOKED</td><td>yes"));

        health.addProperty("healthy", true);
        health.addProperty("status", "ok");
        String ok = Pages.admin(ADMIN, "FactoryOrgMSP", health, new JsonArray(), new JsonArray());
        assertTrue(ok.contains("<strong>HEALTHY</strong> (ok)"));
        assertTrue(ok.contains("Master has refused no record"));
        assertTrue(Pages.admin(ADMIN, "X", null, null, null).contains("did not answer"));
    }

    @Test
    void everyPageIsACompleteDocumentThatLoadsNothingFromAnotherHost() {
        for (String page : allPages()) {
            assertTrue(page.startsWith("<!doctype html>\n<html lang=\"en\">"));
            assertTrue(page.contains("<meta charset=\"utf-8\">"));
            assertTrue(
                    page.contains(
                            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
            assertTrue(page.contains("<link rel=\"stylesheet\" href=\"/assets/app.css\">"));
            assertTrue(page.contains("<a class=\"skip-link\" href=\"#main\">"));
            assertTrue(page.contains("<main id=\"main\">"));
            assertTrue(page.contains("<title>"));
            assertTrue(page.endsWith("</html>\n"));
            assertFalse(page.toLowerCase().contains("<script"));
            assertFalse(page.contains("url("));
            assertFalse(page.contains("@import"));

            Matcher m = URL_ATTRIBUTE.matcher(page);
            while (m.find()) {
                String url = m.group(2);
                assertTrue(
                        (url.startsWith("/") && !url.startsWith("//")) || url.startsWith("#"),
                        m.group() + " stays on this host");
            }
            // the page's own URL, as the QR code's text and caption, is the only absolute URL
            String rest = page.replace(Html.text(PAGE_URL), "");
            assertFalse(rest.contains("http:"), rest);
            assertFalse(rest.contains("https:"), rest);
            assertFalse(rest.contains("//"), "no protocol-relative URL");
            assertBalanced(page);
        }
    }

    @Test
    void theHeaderNamesTheViewer() {
        assertTrue(Pages.home(Viewer.PUBLIC).contains("Viewing as <strong>Public view</strong>"));
        String staff = trace(Fixtures.trace(), Fixtures.allVerified(), RAW_STAFF);
        assertTrue(staff.contains("Viewing as <strong>RawMaterialOrg staff</strong>"));
        assertFalse(staff.contains("href=\"/admin\""));
        assertTrue(Pages.home(ADMIN).contains("href=\"/admin\""));
    }

    @Test
    void homeAndMessagePagesHoldTheSearchForm() {
        String home = Pages.home(Viewer.PUBLIC);
        assertTrue(
                home.contains(
                        "<form id=\"search\" class=\"search\" method=\"get\" action=\"/trace\""));
        assertTrue(home.contains("<label for=\"code\">"));
        assertTrue(
                home.contains(
                        "<input name=\"code\" id=\"code\" type=\"text\" required maxlength=\"512\""
                                + " autocomplete=\"off\""));
        assertTrue(home.contains("<button type=\"submit\">"));
        assertTrue(home.contains("QR code"));

        String down =
                Pages.message(
                        503,
                        "Network unreachable",
                        "The network is unreachable, try <again>.",
                        Viewer.PUBLIC);
        assertTrue(down.contains("<h1>Network unreachable</h1>"));
        assertTrue(down.contains("Error 503"));
        assertTrue(down.contains("try &lt;again&gt;."));
        assertEquals(1, count(down, "id=\"search\""));
    }

    @Test
    void theLoginPagePostsTheSignedMessageAndEscapesTheError() {
        String page = Pages.login(Viewer.PUBLIC, "CERT_UNTRUSTED: <forged>");

        assertTrue(
                page.contains(
                        "<form id=\"login-form\" class=\"login\" method=\"post\" action=\"/login\">"));
        assertTrue(page.contains("<textarea name=\"login\" id=\"login\""));
        assertTrue(page.contains("role=\"alert\""));
        assertTrue(page.contains("CERT_UNTRUSTED: &lt;forged&gt;"));
        assertFalse(Pages.login(Viewer.PUBLIC, null).contains("login-error"));
    }

    @Test
    void linksAreBuiltInOnePlace() {
        assertEquals("/trace?code=LOT+1%2F%3F%26", Links.page("LOT 1/?&"));
        assertEquals("/proof?code=LOT-1&seq=3", Links.proof("LOT-1", 3));
        assertEquals("/api/verify?code=LOT-1", Links.bundle("LOT-1"));
        assertEquals("/trace", Links.search());
        assertEquals("/admin", Links.admin());
        assertEquals("/login", Links.login());
        assertEquals("/assets/app.css", Links.css());
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static List<String> allPages() {
        JsonObject trace = Fixtures.recalled(Fixtures.mark(TID, "FactoryOrgMSP", "why"));
        Map<String, EntryCheck> checks = new java.util.HashMap<>(Fixtures.allVerified());
        checks.put(Fixtures.txId(0), new EntryCheck(true, null, "{\"a\":\"http-less\"}", true));
        checks.put(Fixtures.txId(1), EntryCheck.failed("bad"));
        JsonObject upstream =
                Fixtures.upstream(
                        Fixtures.lot("A", 1, TID, true), Fixtures.lot("B", 2, "A", false));
        AnchorEntry entry =
                new AnchorEntry(Fixtures.txId(0), TID, "HARVESTED", Map.of(), Fixtures.hash(0));
        MerkleTree tree = MerkleTree.build(List.of(entry.leafBytes(), entry.leafBytes()));
        JsonObject health = new JsonObject();
        health.addProperty("status", "ok");
        health.addProperty("healthy", true);
        return List.of(
                Pages.home(Viewer.PUBLIC),
                Pages.trace(trace, checks, upstream, PAGE_URL, RAW_STAFF),
                Pages.trace(Fixtures.trace(), Map.of(), null, PAGE_URL, Viewer.PUBLIC),
                Pages.proof(
                        Fixtures.entry(0),
                        proof(entry, tree.proof(1), tree.rootHex(), 1),
                        true,
                        TID,
                        Viewer.PUBLIC),
                Pages.proof(null, new JsonObject(), false, TID, Viewer.PUBLIC),
                Pages.unknown("NOPE", Viewer.PUBLIC),
                Pages.login(Viewer.PUBLIC, "BAD_SIGNATURE: <no>"),
                Pages.message(400, "Bad trace code", "Too long.", Viewer.PUBLIC),
                Pages.admin(ADMIN, "FactoryOrgMSP", health, new JsonArray(), new JsonArray()),
                Pages.admin(ADMIN, "FactoryOrgMSP", null, null, null));
    }

    /** Master's Proof answer (TraceService.proof). */
    private static JsonObject proof(AnchorEntry entry, MerkleProof merkle, String root, int index) {
        JsonObject o = new JsonObject();
        o.addProperty("slaveChainId", "factory-channel");
        o.addProperty("blockNumber", 12);
        o.addProperty("blockHash", Fixtures.hash(42));
        o.addProperty("merkleRoot", root);
        o.addProperty("entryIndex", index);
        o.add("entry", entry.toJsonObject());
        o.add("proof", merkle.toJsonObject());
        o.addProperty("masterTxId", Fixtures.txId(77));
        return o;
    }

    private static String trace(JsonObject trace, Map<String, EntryCheck> checks) {
        return trace(trace, checks, Viewer.PUBLIC);
    }

    private static String trace(JsonObject trace, Map<String, EntryCheck> checks, Viewer viewer) {
        return Pages.trace(trace, checks, null, PAGE_URL, viewer);
    }

    /** The stage card of entry {@code seq}. */
    private static String card(String page, int seq) {
        return between(page, "<article class=\"stage\" id=\"stage-" + seq + "\"", "</article>");
    }

    private static String between(String s, String start, String end) {
        int from = s.indexOf(start);
        assertTrue(from >= 0, "no " + start);
        int to = s.indexOf(end, from);
        assertTrue(to >= 0, "no " + end + " after " + start);
        return s.substring(from, to + end.length());
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static int count(Pattern p, String s) {
        int n = 0;
        for (Matcher m = p.matcher(s); m.find(); ) {
            n++;
        }
        return n;
    }

    /** Every container element the pages write is closed, in order. */
    private static void assertBalanced(String page) {
        Pattern tag =
                Pattern.compile(
                        "<(/?)(html|head|body|header|main|footer|nav|section|article|figure|figcaption"
                                + "|details|summary|form|div|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|th|td"
                                + "|p|pre|h1|h2|h3|h4|a|strong|span|code|time|q|svg|title|label|button)[\\s>]");
        java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();
        Matcher m = tag.matcher(page);
        while (m.find()) {
            if (m.group(1).isEmpty()) {
                open.push(m.group(2));
            } else {
                String expected = open.isEmpty() ? "(nothing)" : open.pop();
                assertEquals(expected, m.group(2), "closing tag at " + m.start());
            }
        }
        assertTrue(open.isEmpty(), "unclosed: " + open);
    }
}
