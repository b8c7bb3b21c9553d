package org.tmsct.web.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QrSvgTest {

    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern PATH = Pattern.compile("<path fill=\"#000\" d=\"([^\"]*)\"/>");
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
    private static final int SCALE = 4;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:7061/01/09506000134352/10/LOT-ABC?x=1",
                "https://trace.example.org/trace?code=LOT-2026-000123",
                "LOT-1",
                "Lot ü 日本 – ok",
                "http://127.0.0.1:7061/01/09506000134352/10/LOT-ABC-0123456789-ABCDEFGHIJ"
                        + "/21/SERIAL-0001?linkType=gs1:traceability&context=tmsct&x=1&y=2&z=3"
            })
    void decodesBackToTheSameText(String text) throws NotFoundException {
        String svg = QrSvg.render(text, "QR code of " + text);

        assertEquals(text, decode(rasterise(svg)).getText());
    }

    @Test
    void pathDrawsExactlyTheModulesWithAQuietZone() {
        String text = "http://127.0.0.1:7061/01/09506000134352/10/LOT-ABC?x=1";
        BitMatrix modules = QrSvg.modules(text);
        String svg = QrSvg.render(text, "label");
        int size = viewBox(svg);
        assertEquals(modules.getWidth() + 2 * QrSvg.QUIET_ZONE, size);

        boolean[][] drawn = modules(svg, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int mx = x - QrSvg.QUIET_ZONE;
                int my = y - QrSvg.QUIET_ZONE;
                boolean inside =
                        mx >= 0 && my >= 0 && mx < modules.getWidth() && my < modules.getHeight();
                assertEquals(inside && modules.get(mx, my), drawn[y][x], "module " + x + "," + y);
            }
        }
    }

    @Test
    void isAnAccessibleScalableImage() {
        String svg = QrSvg.render("LOT-1", "QR code of <this> \"page\"");

        assertTrue(svg.startsWith("<svg "));
        assertTrue(svg.endsWith("</svg>"));
        assertTrue(svg.contains("role=\"img\""));
        assertTrue(svg.contains("aria-label=\"QR code of &lt;this&gt; &quot;page&quot;\""));
        assertTrue(svg.contains("<title>QR code of &lt;this&gt; &quot;page&quot;</title>"));
        assertTrue(svg.contains("shape-rendering=\"crispEdges\""));
        assertTrue(svg.contains("<rect width=\"" + viewBox(svg) + "\""));
        assertEquals(1, count(svg, "<path"));
        // no fixed size: the page's stylesheet scales it
        String svgTag = svg.substring(0, svg.indexOf('>'));
        assertFalse(svgTag.contains(" width="), svgTag);
        assertFalse(svgTag.contains(" height="), svgTag);
        // embedded in HTML, it names no other host (not even the SVG namespace)
        assertFalse(svg.contains("http"));
    }

    @Test
    void standaloneDocumentDeclaresTheSvgNamespace() throws NotFoundException {
        String doc = QrSvg.document("LOT-1", "label");

        assertTrue(doc.startsWith("<?xml"));
        assertTrue(doc.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertEquals("LOT-1", decode(rasterise(doc)).getText());
    }

    @Test
    void refusesWhatNoQrCodeHolds() {
        assertThrows(IllegalArgumentException.class, () -> QrSvg.render("", "label"));
        assertThrows(IllegalArgumentException.class, () -> QrSvg.render(null, "label"));
        assertThrows(IllegalArgumentException.class, () -> QrSvg.render("x".repeat(5000), "label"));
    }

    /** The SVG's module grid, read back from its own viewBox and path. */
    private static boolean[][] modules(String svg, int size) {
        Matcher path = PATH.matcher(svg);
        assertTrue(path.find(), "one dark path");
        boolean[][] dark = new boolean[size][size];
        Matcher run = RUN.matcher(path.group(1));
        int end = 0;
        while (run.find()) {
            assertEquals(end, run.start(), "the path holds only runs");
            end = run.end();
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            int len = Integer.parseInt(run.group(3));
            assertEquals(run.group(3), run.group(4));
            for (int i = 0; i < len; i++) {
                dark[y][x + i] = true;
            }
        }
        assertEquals(path.group(1).length(), end, "the path holds only runs");
        return dark;
    }

    private static BufferedImage rasterise(String svg) {
        int size = viewBox(svg);
        boolean[][] dark = modules(svg, size);
        BufferedImage image =
                new BufferedImage(size * SCALE, size * SCALE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size * SCALE; y++) {
            for (int x = 0; x < size * SCALE; x++) {
                image.setRGB(x, y, dark[y / SCALE][x / SCALE] ? 0x000000 : 0xFFFFFF);
            }
        }
        return image;
    }

    private static Result decode(BufferedImage image) throws NotFoundException {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        BinaryBitmap bitmap =
                new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        return new MultiFormatReader().decode(bitmap, hints);
    }

    private static int viewBox(String svg) {
        Matcher m = VIEW_BOX.matcher(svg);
        assertTrue(m.find(), "a viewBox");
        assertEquals(m.group(1), m.group(2), "square");
        return Integer.parseInt(m.group(1));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
