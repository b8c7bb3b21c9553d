package org.tmsct.web.page;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * A QR code drawn as SVG: one unit per module, a white quiet zone of {@link #QUIET_ZONE} modules
 * and a single path of the dark modules, so it scales to any size without blur and weighs a few
 * kilobytes.
 */
public final class QrSvg {

    /** The quiet zone ISO/IEC 18004 asks for, in modules. */
    public static final int QUIET_ZONE = 4;

    private QrSvg() {}

    /**
     * An {@code <svg>} element to embed in an HTML page (the HTML parser supplies the SVG
     * namespace, so the page names no other host).
     *
     * @param text what the code holds, e.g. the page's URL
     * @param label the accessible name, e.g. "QR code of this page"
     * @throws IllegalArgumentException if {@code text} is empty or too long for a QR code
     */
    public static String render(String text, String label) {
        return svg(text, label, "");
    }

    /** The same drawing as a standalone SVG document (served as image/svg+xml). */
    public static String document(String text, String label) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + svg(text, label, " xmlns=\"http://www.w3.org/2000/svg\"");
    }

    /** The modules of {@code text}'s QR code, without quiet zone: true is dark. */
    static BitMatrix modules(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a QR code needs some text");
        }
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.MARGIN, 0); // the quiet zone is drawn by the SVG
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
            // UTF-8 costs an ECI header, so only when Latin-1 cannot hold the text
            hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        }
        try {
            // size 0: one pixel per module, the matrix as it is
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
        } catch (WriterException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cannot encode " + text.length() + " characters as a QR code", e);
        }
    }

    private static String svg(String text, String label, String namespace) {
        BitMatrix m = modules(text);
        int size = m.getWidth() + 2 * QUIET_ZONE;
        StringBuilder h = new StringBuilder(4096);
        h.append("<svg")
                .append(namespace)
                .append(" class=\"qr-code\" viewBox=\"0 0 ")
                .append(size)
                .append(' ')
                .append(size)
                .append("\" role=\"img\" aria-label=\"")
                .append(Html.attr(label))
                .append("\" shape-rendering=\"crispEdges\" preserveAspectRatio=\"xMidYMid meet\">")
                .append("<title>")
                .append(Html.text(label))
                .append("</title>")
                .append("<rect width=\"")
                .append(size)
                .append("\" height=\"")
                .append(size)
                .append("\" fill=\"#fff\"/>")
                .append("<path fill=\"#000\" d=\"")
                .append(path(m))
                .append("\"/></svg>");
        return h.toString();
    }

    /**
     * One rectangle per horizontal run of dark modules: {@code M x y h len v1 h -len z}, in viewBox
     * units (the quiet zone offset included).
     */
    private static String path(BitMatrix m) {
        StringBuilder d = new StringBuilder(m.getWidth() * m.getHeight());
        for (int y = 0; y < m.getHeight(); y++) {
            int x = 0;
            while (x < m.getWidth()) {
                if (!m.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < m.getWidth() && m.get(x, y)) {
                    x++;
                }
                int run = x - start;
                d.append('M')
                        .append(start + QUIET_ZONE)
                        .append(' ')
                        .append(y + QUIET_ZONE)
                        .append('h')
                        .append(run)
                        .append("v1h-")
                        .append(run)
                        .append('z');
            }
        }
        return d.toString();
    }
}
