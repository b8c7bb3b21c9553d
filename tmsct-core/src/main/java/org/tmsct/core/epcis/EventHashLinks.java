package org.tmsct.core.epcis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The constrained canonical GS1 Digital Link of the event hash (CBV 2.0, event hash rules 17 and
 * 18): EPC URIs, EPC class URIs and EPC pattern URIs become Digital Links on {@code
 * https://id.gs1.org}, and Digital Links lose their custom host, query string and CPV and keep only
 * their finest level of identification (a serial wins over a lot).
 *
 * <p>This is deliberately not {@code EpcisIdentifiers}: the hash must reproduce the reference
 * implementation of the standard (the {@code epcis-event-hash-generator} package), which is
 * lenient. Check digits are not verified, and a value that is no recognised GS1 identifier is
 * hashed as written instead of being refused.
 *
 * <p>Two deliberate differences from the reference, both for EPC URIs it leaves unconverted: a
 * GRAI, GDTI or SGCN (instance or pattern) with a 12-digit company prefix and so an empty reference
 * ({@code urn:epc:id:grai:061414112345..7}) is converted, and a GDTI whose serial is longer than
 * GS1's 17 characters, or that lacks the dot before its serial, is not.
 */
final class EventHashLinks {

    static final String ROOT = "https://id.gs1.org";

    /** One character of an EPC URI's alphanumeric component: GS1 set 82, some of it %-escaped. */
    private static final String URN_CHAR =
            "(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]"
                    + "|[!')(*+,.0-9:;=A-Za-z_-])";

    /** One character of a component part reference (CPI), set 39 with escapes. */
    private static final String CPI_CHAR =
            "(?:%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])";

    /** The characters a Digital Link value may hold unescaped in the hash's canonical form. */
    private static final String LINK_CHAR = "[\"'\\-.0-9;-?A-Z_a-z]";

    /** GS1 company prefix, a dot and what follows; the split is checked by the converters. */
    private static final String PREFIX_AND = "(\\d{6,12})\\.";

    /** EPC URIs by the text they start with, each a pattern over the rest and its converter. */
    private static final List<UrnForm> URN_FORMS = new ArrayList<>();

    // In each pattern, group 1 is the company prefix and group 2 the reference after it; the
    // groups after those are the serial (lot, extension), or an ITIP's piece, total and serial.
    static {
        // urn:epc:id: instance identifiers
        urn("urn:epc:id:sgtin:", "(\\d*)\\.(" + URN_CHAR + "{1,20})", m -> gtinLink(m, 13, 21));
        urn("urn:epc:id:sscc:", "(\\d*)", m -> ssccLink(m));
        urn("urn:epc:id:sgln:", "(\\d*)\\.(" + URN_CHAR + "{1,20})", m -> glnLink(m));
        urn(
                "urn:epc:id:grai:",
                "(\\d*)\\.(" + URN_CHAR + "{1,16})",
                m -> keyed(m, 12, "8003/0", escaped(m.group(3))));
        urn("urn:epc:id:giai:", "(" + URN_CHAR + "+)", m -> alphanumeric(m, 30, "8004/"));
        urn("urn:epc:id:gsrn:", "(\\d*)", m -> keyed(m, 17, "8018/", ""));
        urn("urn:epc:id:gsrnp:", "(\\d*)", m -> keyed(m, 17, "8017/", ""));
        urn(
                "urn:epc:id:gdti:",
                "(\\d*)\\.(" + URN_CHAR + "{0,17})",
                m -> keyed(m, 12, "253/", escaped(m.group(3))));
        urn("urn:epc:id:cpi:", "(" + CPI_CHAR + "+)\\.(\\d{1,12})", m -> cpiLink(m, true));
        urn("urn:epc:id:sgcn:", "(\\d*)\\.(\\d{1,12})", m -> keyed(m, 12, "255/", m.group(3)));
        urn("urn:epc:id:ginc:", "(" + URN_CHAR + "+)", m -> alphanumeric(m, 30, "401/"));
        urn("urn:epc:id:gsin:", "(\\d*)", m -> keyed(m, 16, "402/", ""));
        urn(
                "urn:epc:id:itip:",
                "(\\d*)\\.(\\d{2})\\.(\\d{2})\\.(" + URN_CHAR + "{1,20})",
                m -> itipLink(m, true));
        urn("urn:epc:id:upui:", "(\\d*)\\.(" + URN_CHAR + "{1,28})", m -> gtinLink(m, 13, 235));
        urn("urn:epc:id:pgln:", "(\\d*)", m -> keyed(m, 12, "417/", ""));
        // classes and patterns: the class or key without the instance part
        urn("urn:epc:class:lgtin:", "(\\d*)\\.(" + URN_CHAR + "{1,20})", m -> gtinLink(m, 13, 10));
        urn("urn:epc:idpat:sgtin:", "(\\d*)\\.\\*", m -> gtinLink(m, 13, 0));
        urn("urn:epc:idpat:grai:", "(\\d*)\\.\\*", m -> keyed(m, 12, "8003/0", ""));
        urn("urn:epc:idpat:gdti:", "(\\d*)\\.\\*", m -> keyed(m, 12, "253/", ""));
        urn("urn:epc:idpat:sgcn:", "(\\d*)\\.\\*", m -> keyed(m, 12, "255/", ""));
        urn("urn:epc:idpat:cpi:", "(" + CPI_CHAR + "+)\\.\\*", m -> cpiLink(m, false));
        urn("urn:epc:idpat:itip:", "(\\d*)\\.(\\d{2})\\.(\\d{2})\\.\\*", m -> itipLink(m, false));
        urn("urn:epc:idpat:upui:", "(\\d*)\\.\\*", m -> gtinLink(m, 13, 0));
    }

    /** A Digital Link: an http(s) URI with a primary key AI (or short name) in its path. */
    private static final Pattern LINK =
            Pattern.compile(
                    "https?:[^?#]*/(01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|8018"
                            + "|gsrn|255|gcn|00|sscc|253|gdti|401|ginc|402|gsin|8003|grai|8004"
                            + "|giai)/\\d{4}[^/].*",
                    Pattern.DOTALL);

    private static final Map<String, String> SHORT_NAMES = shortNames();

    /** Primary key AIs in the order they are looked for when the host is replaced. */
    private static final List<String> HOST_KEYS =
            List.of(
                    "00", "01", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006",
                    "8010", "8017", "8018");

    /** Links already on id.gs1.org with a primary key right after the host keep their host. */
    private static final Pattern ON_CANONICAL_HOST =
            Pattern.compile(
                    "https://id\\.gs1\\.org/(01|8006|8010|414|417|8017|8018|255|00|253|401|402"
                            + "|8003|8004)/\\d{4}[^/].*",
                    Pattern.DOTALL);

    private static final Pattern GTIN_DIGITS = Pattern.compile("https://id\\.gs1\\.org/01/(\\d+)");

    // The CPV (AI 22) of a GTIN or ITIP is dropped, and so is the lot when a serial follows; the
    // reference only looks at links with at most 20 characters after the qualifier.
    private static final String TRADE_ITEM = "https://id\\.gs1\\.org/(?:8006/\\d{18}|01/\\d{14})";
    private static final Pattern CPV_LAST =
            Pattern.compile(TRADE_ITEM + "/22/" + LINK_CHAR + "{0,20}");
    private static final Pattern CPV_INSIDE =
            Pattern.compile(TRADE_ITEM + "/22/(?:" + LINK_CHAR + "|/){0,20}");
    private static final Pattern LOT_AND_SERIAL =
            Pattern.compile(TRADE_ITEM + "/10/" + LINK_CHAR + "{0,20}/21/" + LINK_CHAR + "{0,20}");

    /** Every shape a constrained canonical Digital Link can have. */
    private static final Pattern CANONICAL_SHAPE =
            Pattern.compile(
                    "https://id\\.gs1\\.org/(?:"
                            + String.join(
                                    "|",
                                    "00/\\d{18}",
                                    "01/\\d{14}(?:/21/"
                                            + chars(20)
                                            + "|/10/"
                                            + chars(20)
                                            + "|/235/"
                                            + chars(28)
                                            + ")?",
                                    "253/\\d{13}" + chars(17),
                                    "255/\\d{13}\\d{0,12}",
                                    "401/" + chars(30),
                                    "402/\\d{17}",
                                    "414/\\d{13}(?:/254/" + chars(20) + ")?",
                                    "417/\\d{13}",
                                    "8003/\\d{14}" + chars(16),
                                    "8004/" + chars(30),
                                    "8006/\\d{18}(?:/21/" + chars(20) + "|/10/" + chars(20) + ")?",
                                    "8010/[#\\-/0-9A-Z]{0,30}(?:/8011/\\d{0,12})?",
                                    "8017/\\d{18}",
                                    "8018/\\d{18}")
                            + ")");

    private EventHashLinks() {}

    /**
     * The constrained canonical Digital Link of {@code value}, or null if it is no EPC URI or
     * Digital Link of a GS1 key that the hash normalises.
     */
    static String canonical(String value) {
        // every form handled here has a dot: in the company prefix's separator or the host name
        if (value.indexOf('.') < 0) {
            return null;
        }
        if (value.startsWith("urn:epc:")) {
            for (UrnForm form : URN_FORMS) {
                if (value.startsWith(form.start)) {
                    Matcher m = form.rest.matcher(value.substring(form.start.length()));
                    return m.matches() ? form.toLink.apply(m) : null;
                }
            }
            return null;
        }
        return LINK.matcher(value).matches() ? fromLink(value) : null;
    }

    // --- EPC URIs ------------------------------------------------------------------------------

    private record UrnForm(String start, Pattern rest, Function<Matcher, String> toLink) {}

    private static void urn(String start, String rest, Function<Matcher, String> toLink) {
        URN_FORMS.add(new UrnForm(start, Pattern.compile(PREFIX_AND + rest), toLink));
    }

    /**
     * A GTIN-based link: SGTIN (qualifier 21), UPUI (235), LGTIN (10) or a GTIN alone (qualifier
     * 0). The indicator digit leads the item reference in the URI and the GTIN.
     */
    private static String gtinLink(Matcher m, int digits, int qualifier) {
        String gtin = indicatorFirst(m, digits);
        if (gtin == null) {
            return null;
        }
        String link = ROOT + "/01/" + gtin + checkDigit(gtin);
        return qualifier == 0 ? link : link + "/" + qualifier + "/" + escaped(m.group(3));
    }

    private static String ssccLink(Matcher m) {
        String sscc = indicatorFirst(m, 17);
        return sscc == null ? null : ROOT + "/00/" + sscc + checkDigit(sscc);
    }

    /** SGLN: the extension 0 means the location itself, anything else a sub-location (254). */
    private static String glnLink(Matcher m) {
        String gln = key(m, 12);
        if (gln == null) {
            return null;
        }
        String link = ROOT + "/414/" + gln + checkDigit(gln);
        return "0".equals(m.group(3)) ? link : link + "/254/" + escaped(m.group(3));
    }

    private static String itipLink(Matcher m, boolean serial) {
        String gtin = indicatorFirst(m, 13);
        if (gtin == null) {
            return null;
        }
        String link = ROOT + "/8006/" + gtin + checkDigit(gtin) + m.group(3) + m.group(4);
        return serial ? link + "/21/" + escaped(m.group(5)) : link;
    }

    /** CPI: company prefix and part reference together, at most 30 characters. */
    private static String cpiLink(Matcher m, boolean serial) {
        String part = m.group(1) + m.group(2);
        if (length(m.group(2)) > 30 - m.group(1).length()) {
            return null;
        }
        String link = ROOT + "/8010/" + escaped(part);
        return serial ? link + "/8011/" + m.group(3) : link;
    }

    /** GIAI and GINC: company prefix and an alphanumeric reference, 30 characters at most. */
    private static String alphanumeric(Matcher m, int maxLength, String ai) {
        if (length(m.group(2)) > maxLength - m.group(1).length()) {
            return null;
        }
        return ROOT + "/" + ai + m.group(1) + escaped(m.group(2));
    }

    /** A key of company prefix and reference, its check digit, then {@code after}. */
    private static String keyed(Matcher m, int digits, String ai, String after) {
        String key = key(m, digits);
        return key == null ? null : ROOT + "/" + ai + key + checkDigit(key) + after;
    }

    /** Company prefix and reference as one key without check digit, if they have its length. */
    private static String key(Matcher m, int digits) {
        String key = m.group(1) + m.group(2);
        return key.length() == digits ? key : null;
    }

    /** Like {@link #key} for keys whose reference starts with an indicator or extension digit. */
    private static String indicatorFirst(Matcher m, int digits) {
        String reference = m.group(2);
        if (reference.isEmpty() || m.group(1).length() + reference.length() != digits) {
            return null;
        }
        return reference.charAt(0) + m.group(1) + reference.substring(1);
    }

    /** Characters of an EPC URI component, each %-escape counting as one. */
    private static int length(String component) {
        return component.length() - 2 * (int) component.chars().filter(c -> c == '%').count();
    }

    /** Escapes what a Digital Link path needs escaped but an EPC URI may hold as is. */
    private static String escaped(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '!', '(', ')', '*', '+', ',', ':' ->
                        out.append('%').append(Integer.toHexString(c).toUpperCase(Locale.ROOT));
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** GS1 mod-10 check digit: weights 3 and 1 alternating from the rightmost digit. */
    static int checkDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int weight = (digits.length() - i) % 2 == 1 ? 3 : 1;
            sum += weight * (digits.charAt(i) - '0');
        }
        return (10 - sum % 10) % 10;
    }

    // --- Digital Links -------------------------------------------------------------------------

    private static String fromLink(String uri) {
        String link = uri;
        int query = link.indexOf('?');
        if (query >= 0) {
            link = link.substring(0, query);
        }
        for (Map.Entry<String, String> e : SHORT_NAMES.entrySet()) {
            link = link.replace("/" + e.getKey() + "/", "/" + e.getValue() + "/");
        }
        if (!ON_CANONICAL_HOST.matcher(link).matches()) {
            for (String ai : HOST_KEYS) {
                int at = link.indexOf("/" + ai + "/");
                if (at >= 0) {
                    link = ROOT + link.substring(at);
                    break;
                }
            }
        }
        link = paddedGtin(link);
        if (CPV_LAST.matcher(link).matches()) {
            link = link.substring(0, link.indexOf("/22/"));
        } else if (CPV_INSIDE.matcher(link).matches()) {
            int cpv = link.indexOf("/22/");
            int next = link.indexOf('/', cpv + 4);
            link = link.substring(0, cpv) + (next < 0 ? "" : link.substring(next));
        }
        if (LOT_AND_SERIAL.matcher(link).matches()) {
            int lot = link.indexOf("/10/");
            link = link.substring(0, lot) + link.substring(link.indexOf('/', lot + 4));
        }
        return CANONICAL_SHAPE.matcher(link).matches() ? link : null;
    }

    /** GTIN-8, -12 and -13 are written with leading zeros as GTIN-14. */
    private static String paddedGtin(String link) {
        Matcher m = GTIN_DIGITS.matcher(link);
        if (!m.lookingAt()) {
            return link;
        }
        int n = m.group(1).length();
        String zeros = n == 13 ? "0" : n == 12 ? "00" : n >= 8 && n < 12 ? "000000" : "";
        return zeros.isEmpty() ? link : link.replace("/01/", "/01/" + zeros);
    }

    /** Up to {@code max} characters of a Digital Link value. */
    private static String chars(int max) {
        return LINK_CHAR + "{0," + max + "}";
    }

    private static Map<String, String> shortNames() {
        // insertion order is kept: the replacements are applied in this order
        Map<String, String> names = new LinkedHashMap<>();
        String[] pairs = {
            "gtin", "01", "itip", "8006", "cpid", "8010", "gln", "414", "party", "417", "gsrnp",
            "8017", "gsrn", "8018", "gcn", "255", "sscc", "00", "gdti", "253", "ginc", "401",
            "gsin", "402", "grai", "8003", "giai", "8004", "cpv", "22", "lot", "10", "ser", "21"
        };
        for (int i = 0; i < pairs.length; i += 2) {
            names.put(pairs[i], pairs[i + 1]);
        }
        return names;
    }
}
