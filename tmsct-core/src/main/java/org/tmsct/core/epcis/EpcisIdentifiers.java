package org.tmsct.core.epcis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tmsct.core.record.RecordFormatException;
import org.tmsct.core.record.TraceId;

/**
 * The trace code (TID) of an EPCIS identifier, so that one object has one trace code however the
 * event names it.
 *
 * <p>A GS1 key can be written as an EPC URN ({@code urn:epc:id:sgtin:0614141.107346.2017}) or as a
 * GS1 Digital Link URI on any host ({@code https://id.gs1.org/01/10614141073464/21/2017}). Turning
 * a Digital Link into a URN needs the length of the GS1 company prefix, which the Digital Link does
 * not carry (it is only in GS1's registry); the URN carries it, so the opposite direction needs
 * nothing outside the identifier. The trace code of a GS1 key is therefore its canonical Digital
 * Link, as in the CBV 2.0 event hash: host {@code id.gs1.org}, numeric AIs, a GTIN padded to 14
 * digits, no query, no CPV, only the finest level (a serial wins over a lot), values
 * percent-encoded one way. Check digits of Digital Links are verified.
 *
 * <p>Any other URI (another EPC scheme such as {@code urn:epc:id:gid}, a {@code urn:uuid}, a web
 * URI that is not a Digital Link) is its own trace code. Every trace code must satisfy {@link
 * TraceId}.
 */
public final class EpcisIdentifiers {

    /** Host and scheme of every canonical Digital Link. */
    public static final String DIGITAL_LINK_ROOT = "https://id.gs1.org/";

    /**
     * How a trace code that is no URI ({@code LOT-42}, recorded without EPCIS) is written as an
     * EPCIS identifier: {@code urn:tmsct:tid:LOT-42}, %-encoding all but {@code A-Z a-z 0-9 - . _
     * ~}. Capture reads it back to the bare trace code.
     */
    public static final String TID_URN_PREFIX = "urn:tmsct:tid:";

    private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.+");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern COMPANY_PREFIX = Pattern.compile("\\d{6,12}");

    /** GS1's character set 82, which every alphanumeric GS1 value is drawn from. */
    private static final Pattern CHARSET_82 = Pattern.compile("[!-/0-9:-?A-Z_a-z]*");

    /** Digital Link short names of the keys and qualifiers, with their AIs. */
    private static final Map<String, String> SHORT_NAMES =
            Map.ofEntries(
                    Map.entry("gtin", "01"),
                    Map.entry("itip", "8006"),
                    Map.entry("cpid", "8010"),
                    Map.entry("gln", "414"),
                    Map.entry("party", "417"),
                    Map.entry("gsrnp", "8017"),
                    Map.entry("gsrn", "8018"),
                    Map.entry("gcn", "255"),
                    Map.entry("sscc", "00"),
                    Map.entry("gdti", "253"),
                    Map.entry("ginc", "401"),
                    Map.entry("gsin", "402"),
                    Map.entry("grai", "8003"),
                    Map.entry("giai", "8004"),
                    Map.entry("cpv", "22"),
                    Map.entry("lot", "10"),
                    Map.entry("ser", "21"));

    private static final List<String> PRIMARY_KEYS =
            List.of(
                    "01", "8006", "8010", "414", "417", "8017", "8018", "255", "00", "253", "401",
                    "402", "8003", "8004");

    private EpcisIdentifiers() {}

    /** {@link #traceCode(String, String)} for an identifier standing alone (path {@code $}). */
    public static String traceCode(String identifier) {
        return traceCode(identifier, JsonPath.ROOT);
    }

    /**
     * The trace code of {@code identifier}.
     *
     * @param path where the identifier is in its document, for the error
     * @throws EpcisFormatException if it is no URI, a malformed GS1 key, or no valid trace code
     */
    public static String traceCode(String identifier, String path) {
        if (identifier == null || !URI_SCHEME.matcher(identifier).matches()) {
            throw new EpcisFormatException(
                    path, "identifier " + quoted(identifier) + " is not a URI");
        }
        String code;
        try {
            if (identifier.startsWith(TID_URN_PREFIX)) {
                code = decoded(identifier.substring(TID_URN_PREFIX.length()));
            } else if (identifier.startsWith("urn:epc:")) {
                code = fromEpcUrn(identifier);
            } else if (identifier.startsWith("https://") || identifier.startsWith("http://")) {
                code = fromWebUri(identifier);
            } else {
                code = identifier;
            }
        } catch (IllegalArgumentException e) {
            throw new EpcisFormatException(
                    path, "identifier " + quoted(identifier) + ": " + e.getMessage(), e);
        }
        try {
            return TraceId.validate(code);
        } catch (RecordFormatException e) {
            throw new EpcisFormatException(
                    path,
                    "identifier "
                            + quoted(identifier)
                            + " gives no valid trace code ("
                            + e.getMessage()
                            + ")",
                    e);
        }
    }

    /**
     * The EPCIS identifier of {@code traceCode}: the trace code itself if it is a URI, else its
     * {@link #TID_URN_PREFIX} form. {@link #traceCode(String)} turns it back into the trace code.
     */
    public static String identifier(String traceCode) {
        if (URI_SCHEME.matcher(traceCode).matches() && !traceCode.startsWith(TID_URN_PREFIX)) {
            return traceCode;
        }
        StringBuilder out = new StringBuilder(TID_URN_PREFIX);
        for (byte b : traceCode.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (isUnreserved(c)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", (int) c));
            }
        }
        return out.toString();
    }

    /**
     * True if {@code traceCode} names a class of objects (a product, a lot, a pattern: it goes to a
     * quantity list in EPCIS) rather than one object (an EPC: epcList, childEPCs, parentID).
     */
    public static boolean isClass(String traceCode) {
        if (traceCode.startsWith("urn:epc:class:") || traceCode.startsWith("urn:epc:idpat:")) {
            return true;
        }
        if (!traceCode.startsWith(DIGITAL_LINK_ROOT)) {
            return false;
        }
        String[] segments = traceCode.substring(DIGITAL_LINK_ROOT.length()).split("/");
        List<String> qualifiers = new ArrayList<>();
        for (int i = 2; i < segments.length; i += 2) {
            qualifiers.add(segments[i]);
        }
        return switch (segments[0]) {
            case "01", "8006" -> !qualifiers.contains("21") && !qualifiers.contains("235");
            case "8010" -> !qualifiers.contains("8011");
            case "8003" -> segments[1].length() == 14; // a GRAI without serial: an asset type
            case "253", "255" -> segments[1].length() == 13; // no serial component
            default -> false;
        };
    }

    // ---- EPC URNs (GS1 Tag Data Standard) -> canonical Digital Link

    private static String fromEpcUrn(String urn) {
        String[] head = urn.split(":", 5);
        if (head.length < 5) {
            return urn;
        }
        String form = head[2] + ":" + head[3];
        String body = head[4];
        if (head[2].equals("idpat") && body.indexOf('*') != body.lastIndexOf('*')) {
            return urn; // a pattern coarser than one key (e.g. any item of a company) stays as is
        }
        return switch (form) {
            case "id:sgtin" -> {
                String[] p = parts(form, body, 3);
                yield link("01", gtin(p[0], p[1]), "21", p[2]);
            }
            case "class:lgtin" -> {
                String[] p = parts(form, body, 3);
                yield link("01", gtin(p[0], p[1]), "10", p[2]);
            }
            case "idpat:sgtin", "idpat:upui" -> link("01", gtin(pattern(form, body, 3)));
            case "id:upui" -> {
                String[] p = parts(form, body, 3);
                yield link("01", gtin(p[0], p[1]), "235", p[2]);
            }
            case "id:itip" -> {
                String[] p = parts(form, body, 5);
                yield link("8006", itip(p), "21", p[4]);
            }
            case "idpat:itip" -> link("8006", itip(pattern(form, body, 5)));
            case "id:sscc" -> {
                String[] p = parts(form, body, 2);
                String digits = withIndicatorFirst(p[0], p[1], 17);
                yield link("00", digits + checkDigit(digits));
            }
            case "id:sgln" -> {
                String[] p = parts(form, body, 3);
                String gln = key(p[0], p[1], 12);
                yield p[2].equals("0") ? link("414", gln) : link("414", gln, "254", p[2]);
            }
            case "id:pgln" -> link("417", pairKey(form, body, 12));
            case "id:grai" -> {
                String[] p = parts(form, body, 3);
                yield link("8003", "0" + key(p[0], p[1], 12) + encoded(p[2]));
            }
            case "idpat:grai" -> {
                String[] p = pattern(form, body, 3);
                yield link("8003", "0" + key(p[0], p[1], 12));
            }
            case "id:giai" -> {
                String[] p = parts(form, body, 2);
                yield link("8004", companyPrefix(p[0]) + encoded(p[1]));
            }
            case "id:gsrn" -> link("8018", pairKey(form, body, 17));
            case "id:gsrnp" -> link("8017", pairKey(form, body, 17));
            case "id:gdti" -> {
                String[] p = parts(form, body, 3);
                yield link("253", key(p[0], p[1], 12) + encoded(p[2]));
            }
            case "idpat:gdti" -> {
                String[] p = pattern(form, body, 3);
                yield link("253", key(p[0], p[1], 12));
            }
            case "id:sgcn" -> {
                String[] p = parts(form, body, 3);
                yield link("255", key(p[0], p[1], 12) + digits(p[2], "serial"));
            }
            case "idpat:sgcn" -> {
                String[] p = pattern(form, body, 3);
                yield link("255", key(p[0], p[1], 12));
            }
            case "id:cpi" -> {
                String[] p = parts(form, body, 3);
                yield link(
                        "8010",
                        companyPrefix(p[0]) + encoded(p[1]),
                        "8011",
                        digits(p[2], "serial"));
            }
            case "idpat:cpi" -> {
                String[] p = pattern(form, body, 3);
                yield link("8010", companyPrefix(p[0]) + encoded(p[1]));
            }
            case "id:ginc" -> {
                String[] p = parts(form, body, 2);
                yield link("401", companyPrefix(p[0]) + encoded(p[1]));
            }
            case "id:gsin" -> link("402", pairKey(form, body, 16));
            default -> urn; // not a GS1 key (gid, usdod, adi, bic, ...) or a pattern we keep
        };
    }

    /** The dot-separated components of a URN body; the last one may itself contain dots. */
    private static String[] parts(String form, String body, int count) {
        String[] p = body.split("\\.", count);
        if (p.length != count) {
            throw new IllegalArgumentException(
                    "urn:epc:" + form + " needs " + count + " components separated by dots");
        }
        return p;
    }

    /** As {@link #parts}, for a pattern whose last component must be {@code *}. */
    private static String[] pattern(String form, String body, int count) {
        String[] p = parts(form, body, count);
        if (!p[count - 1].equals("*")) {
            throw new IllegalArgumentException(
                    "urn:epc:" + form + " is supported only with a final \"*\" component");
        }
        return p;
    }

    /** The key of a two-component URN body (company prefix, reference) with its check digit. */
    private static String pairKey(String form, String body, int length) {
        String[] p = parts(form, body, 2);
        return key(p[0], p[1], length);
    }

    /** GTIN-14 from company prefix and indicator + item reference, with its check digit. */
    private static String gtin(String companyPrefix, String indicatorAndItem) {
        String digits = withIndicatorFirst(companyPrefix, indicatorAndItem, 13);
        return digits + checkDigit(digits);
    }

    private static String gtin(String[] parts) {
        return gtin(parts[0], parts[1]);
    }

    /** The 18 digits of an ITIP: GTIN-14, piece and total. */
    private static String itip(String[] p) {
        if (!p[2].matches("\\d{2}") || !p[3].matches("\\d{2}")) {
            throw new IllegalArgumentException("piece and total must be two digits each");
        }
        return gtin(p[0], p[1]) + p[2] + p[3];
    }

    /** Keys whose first digit (indicator, extension) moves in front of the company prefix. */
    private static String withIndicatorFirst(String companyPrefix, String rest, int length) {
        companyPrefix(companyPrefix);
        String all = digits(companyPrefix + rest, "company prefix and reference");
        if (all.length() != length || rest.isEmpty()) {
            throw new IllegalArgumentException(
                    "company prefix and reference must have " + length + " digits together");
        }
        return rest.charAt(0) + companyPrefix + rest.substring(1);
    }

    /** Company prefix + reference of {@code length} digits, with their check digit appended. */
    private static String key(String companyPrefix, String reference, int length) {
        companyPrefix(companyPrefix);
        String digits = digits(companyPrefix + reference, "company prefix and reference");
        if (digits.length() != length) {
            throw new IllegalArgumentException(
                    "company prefix and reference must have " + length + " digits together");
        }
        return digits + checkDigit(digits);
    }

    private static String companyPrefix(String value) {
        if (!COMPANY_PREFIX.matcher(value).matches()) {
            throw new IllegalArgumentException("the GS1 company prefix must be 6 to 12 digits");
        }
        return value;
    }

    private static String digits(String value, String what) {
        if (!DIGITS.matcher(value).matches()) {
            throw new IllegalArgumentException("the " + what + " must be digits");
        }
        return value;
    }

    /** The GS1 check digit (GS1 General Specifications 7.9.1) of a key without it. */
    static int checkDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            sum += (i % 2 == 0) ? 3 * digit : digit;
        }
        return (10 - sum % 10) % 10;
    }

    // ---- Digital Link URIs -> canonical Digital Link

    private static String fromWebUri(String uri) {
        int pathStart = uri.indexOf('/', uri.indexOf("//") + 2);
        if (pathStart < 0) {
            return uri;
        }
        String path = uri.substring(pathStart + 1).split("[?#]", 2)[0];
        List<String> segments = new ArrayList<>(List.of(path.split("/", -1)));
        if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1); // a trailing slash
        }
        // A Digital Link may sit under a path prefix: its key is the first primary-key AI that
        // is followed by a value starting with four digits and then by AI/value pairs only.
        for (int i = 0; i + 1 < segments.size(); i++) {
            String ai = SHORT_NAMES.getOrDefault(segments.get(i), segments.get(i));
            if (PRIMARY_KEYS.contains(ai)
                    && segments.get(i + 1).matches("\\d{4}.*")
                    && (segments.size() - i) % 2 == 0) {
                return canonicalLink(segments.subList(i, segments.size()));
            }
        }
        return uri; // an ordinary web URI
    }

    private static String canonicalLink(List<String> segments) {
        String keyAi = SHORT_NAMES.getOrDefault(segments.get(0), segments.get(0));
        String key = decoded(segments.get(1));
        Map<String, String> qualifiers = new LinkedHashMap<>();
        for (int i = 2; i < segments.size(); i += 2) {
            String ai = SHORT_NAMES.getOrDefault(segments.get(i), segments.get(i));
            if (qualifiers.put(ai, decoded(segments.get(i + 1))) != null) {
                throw new IllegalArgumentException("qualifier " + ai + " appears twice");
            }
        }
        return switch (keyAi) {
            case "01" -> {
                allowOnly(keyAi, qualifiers, "22", "10", "21", "235");
                yield finestLevel("01", checked(padGtin(key), 14), qualifiers);
            }
            case "8006" -> {
                allowOnly(keyAi, qualifiers, "22", "10", "21");
                if (!key.matches("\\d{18}")) {
                    throw new IllegalArgumentException("an ITIP (AI 8006) has 18 digits");
                }
                checked(key.substring(0, 14), 14);
                yield finestLevel("8006", key, qualifiers);
            }
            case "8010" -> {
                allowOnly(keyAi, qualifiers, "8011");
                String serial = qualifiers.get("8011");
                yield serial == null
                        ? link("8010", encoded(key))
                        : link("8010", encoded(key), "8011", digits(serial, "CPI serial"));
            }
            case "414" -> {
                allowOnly(keyAi, qualifiers, "254");
                String extension = qualifiers.get("254");
                String gln = checked(key, 13);
                yield extension == null || extension.equals("0")
                        ? link("414", gln)
                        : link("414", gln, "254", extension);
            }
            case "00" -> link("00", checked(noQualifiers(keyAi, qualifiers, key), 18));
            case "417" -> link("417", checked(noQualifiers(keyAi, qualifiers, key), 13));
            case "402" -> link("402", checked(noQualifiers(keyAi, qualifiers, key), 17));
            case "8017", "8018" -> link(keyAi, checked(noQualifiers(keyAi, qualifiers, key), 18));
            case "253" -> {
                noQualifiers(keyAi, qualifiers, key);
                yield link("253", checkedStart(key, 13) + encoded(key.substring(13)));
            }
            case "255" -> {
                noQualifiers(keyAi, qualifiers, key);
                String serial = key.substring(checkedStart(key, 13).length());
                yield link(
                        "255",
                        key.substring(0, 13) + (serial.isEmpty() ? "" : digits(serial, "serial")));
            }
            case "8003" -> {
                noQualifiers(keyAi, qualifiers, key);
                if (!key.startsWith("0")) {
                    throw new IllegalArgumentException("a GRAI (AI 8003) starts with 0");
                }
                yield link("8003", checkedStart(key, 14) + encoded(key.substring(14)));
            }
            default -> link(keyAi, encoded(noQualifiers(keyAi, qualifiers, key))); // 401, 8004
        };
    }

    /** The finest level of a GTIN or ITIP: serial, else consumer unit, else lot, else itself. */
    private static String finestLevel(String ai, String key, Map<String, String> qualifiers) {
        if (qualifiers.containsKey("21")) {
            return link(ai, key, "21", qualifiers.get("21"));
        }
        if (qualifiers.containsKey("235")) {
            return link(ai, key, "235", qualifiers.get("235"));
        }
        if (qualifiers.containsKey("10")) {
            return link(ai, key, "10", qualifiers.get("10"));
        }
        return link(ai, key);
    }

    private static void allowOnly(String keyAi, Map<String, String> qualifiers, String... ais) {
        for (String ai : qualifiers.keySet()) {
            if (!List.of(ais).contains(ai)) {
                throw new IllegalArgumentException(
                        "AI " + ai + " does not qualify the key AI " + keyAi);
            }
        }
    }

    private static String noQualifiers(String keyAi, Map<String, String> qualifiers, String key) {
        allowOnly(keyAi, qualifiers);
        return key;
    }

    private static String padGtin(String gtin) {
        if (!gtin.matches("\\d{8}|\\d{12,14}")) {
            throw new IllegalArgumentException("a GTIN has 8, 12, 13 or 14 digits");
        }
        return "0".repeat(14 - gtin.length()) + gtin;
    }

    /** {@code key} if it has {@code length} digits and a correct check digit. */
    private static String checked(String key, int length) {
        if (key.length() != length || !DIGITS.matcher(key).matches()) {
            throw new IllegalArgumentException("the key must have " + length + " digits");
        }
        String body = key.substring(0, length - 1);
        if (key.charAt(length - 1) - '0' != checkDigit(body)) {
            throw new IllegalArgumentException(
                    "wrong check digit in " + key + ", expected " + checkDigit(body));
        }
        return key;
    }

    /** The first {@code length} characters of {@code key}, checked as by {@link #checked}. */
    private static String checkedStart(String key, int length) {
        return checked(key.length() < length ? key : key.substring(0, length), length);
    }

    // ---- values

    /**
     * A canonical Digital Link: the key (already in canonical spelling), then qualifier AI/value
     * pairs (values raw, encoded here).
     */
    private static String link(String keyAi, String key, String... qualifier) {
        StringBuilder out = new StringBuilder(DIGITAL_LINK_ROOT).append(keyAi).append('/');
        out.append(key);
        for (int i = 0; i < qualifier.length; i += 2) {
            out.append('/').append(qualifier[i]).append('/').append(encoded(qualifier[i + 1]));
        }
        return out.toString();
    }

    /** Decodes %XX escapes (as written in EPC URNs and Digital Links). */
    private static String decoded(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        byte[] bytes = new byte[value.length()];
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()
                        || Character.digit(value.charAt(i + 1), 16) < 0
                        || Character.digit(value.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("broken %-escape in \"" + value + "\"");
                }
                bytes[n++] = (byte) Integer.parseInt(value.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * A value in its one canonical spelling: escapes decoded, checked against GS1's character set
     * 82, and everything but letters, digits and {@code ' - . ; = _} %-encoded (upper-case hex).
     */
    private static String encoded(String value) {
        String raw = decoded(value);
        if (!CHARSET_82.matcher(raw).matches()) {
            throw new IllegalArgumentException(
                    "\"" + raw + "\" has characters outside GS1's character set 82");
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (char c : raw.toCharArray()) {
            if (isUnencoded(c)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean isUnencoded(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || "'-.;=_".indexOf(c) >= 0;
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || "-._~".indexOf(c) >= 0;
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
