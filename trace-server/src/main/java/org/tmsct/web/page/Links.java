package org.tmsct.web.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Every URL the pages link to, built in one place. All are paths on this server: a page never
 * points at another host. The results are not HTML-escaped; put them through {@link Html#attr}.
 */
public final class Links {

    private Links() {}

    /** The product's trace page. */
    public static String page(String tid) {
        return "/trace?code=" + encode(tid);
    }

    /** The Merkle proof of entry {@code seq} of the product's trace. */
    public static String proof(String tid, long seq) {
        return "/proof?code=" + encode(tid) + "&seq=" + seq;
    }

    /** The proof bundle of the product, as a JSON download. */
    public static String bundle(String tid) {
        return "/api/verify?code=" + encode(tid);
    }

    /** The search page (the trace page without a code). */
    public static String search() {
        return "/trace";
    }

    public static String admin() {
        return "/admin";
    }

    /** Staff login: a form that posts the signed login message. */
    public static String login() {
        return "/login";
    }

    public static String css() {
        return "/assets/app.css";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
