package org.tmsct.web.page;

/**
 * HTML escaping. Every value that came from the chain, a device or the request goes through here
 * before it is written into a page; the page builders concatenate only their own markup.
 */
public final class Html {

    private Html() {}

    /** {@code s} as element text; null is empty. */
    public static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement =
                    switch (c) {
                        case '&' -> "&amp;";
                        case '<' -> "&lt;";
                        case '>' -> "&gt;";
                        case '"' -> "&quot;";
                        case '\'' -> "&#39;";
                        // HTML allows no control characters but tab and line ends
                        default -> isControl(c) ? "\uFFFD" : null;
                    };
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
    }

    /**
     * {@code s} as a double-quoted attribute value (without the quotes). The same escaping as text:
     * both quote characters are escaped, so the value cannot end the attribute.
     */
    public static String attr(String s) {
        return text(s);
    }
}
