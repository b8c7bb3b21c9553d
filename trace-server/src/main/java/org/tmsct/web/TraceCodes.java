package org.tmsct.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.tmsct.core.epcis.EpcisFormatException;
import org.tmsct.core.epcis.EpcisIdentifiers;
import org.tmsct.core.record.TraceId;

/**
 * Trace codes as they arrive over HTTP: checked against the record model's own rule before any
 * network call, and GS1 Digital Link paths turned into the trace code the chain knows them by.
 */
public final class TraceCodes {

    /** Longer input is refused before it is even looked at (a trace code is at most 128). */
    static final int MAX_INPUT = 512;

    private TraceCodes() {}

    /** The trace code itself if it obeys {@link TraceId}; else BAD_TRACE_CODE saying why. */
    public static String check(final String code) {
        if (code == null || code.isEmpty()) {
            throw new WebException(WebError.BAD_TRACE_CODE, "give a trace code");
        }
        if (code.length() > MAX_INPUT) {
            throw new WebException(
                    WebError.BAD_TRACE_CODE,
                    "a trace code has at most " + TraceId.MAX_LENGTH + " characters");
        }
        String trimmed = code.strip();
        if (!TraceId.isValid(trimmed)) {
            try {
                TraceId.validate(trimmed);
            } catch (RuntimeException e) {
                throw new WebException(WebError.BAD_TRACE_CODE, e.getMessage());
            }
        }
        return trimmed;
    }

    /**
     * The trace code of a GS1 Digital Link path such as {@code 01/09506000134352/10/LOT1} (GTIN
     * with a lot or a serial), in the canonical form EPCIS capture gives it.
     */
    public static String fromDigitalLink(final String path) {
        if (path.length() > MAX_INPUT) {
            throw new WebException(WebError.BAD_TRACE_CODE, "Digital Link path too long");
        }
        try {
            return check(EpcisIdentifiers.traceCode(EpcisIdentifiers.DIGITAL_LINK_ROOT + path));
        } catch (EpcisFormatException e) {
            throw new WebException(WebError.BAD_TRACE_CODE, e.getMessage());
        }
    }

    /**
     * Where the product's page lives on this server: its Digital Link path for a GS1 code, so a QR
     * code on the product reads like any GS1 resolver's; the search URL otherwise.
     */
    public static String pageUrl(final String publicUrl, final String tid) {
        if (tid.startsWith(EpcisIdentifiers.DIGITAL_LINK_ROOT)) {
            return publicUrl + "/" + tid.substring(EpcisIdentifiers.DIGITAL_LINK_ROOT.length());
        }
        return publicUrl + "/trace?code=" + URLEncoder.encode(tid, StandardCharsets.UTF_8);
    }
}
