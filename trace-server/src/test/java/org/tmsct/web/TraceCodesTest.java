package org.tmsct.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TraceCodesTest {

    private static WebError refusal(final Runnable r) {
        return assertThrows(WebException.class, r::run).error;
    }

    @Test
    void aPlainCodeIsKeptAndPaddingIsStripped() {
        assertEquals("BIKE-FRAME-0001", TraceCodes.check("BIKE-FRAME-0001"));
        assertEquals("BIKE-FRAME-0001", TraceCodes.check("  BIKE-FRAME-0001\n"));
    }

    @Test
    void emptyLongNonAsciiAndInnerSpacesAreBadTraceCodes() {
        assertEquals(WebError.BAD_TRACE_CODE, refusal(() -> TraceCodes.check(null)));
        assertEquals(WebError.BAD_TRACE_CODE, refusal(() -> TraceCodes.check("")));
        assertEquals(WebError.BAD_TRACE_CODE, refusal(() -> TraceCodes.check("A".repeat(129))));
        assertEquals(WebError.BAD_TRACE_CODE, refusal(() -> TraceCodes.check("A".repeat(5000))));
        assertEquals(WebError.BAD_TRACE_CODE, refusal(() -> TraceCodes.check("café")));
        assertEquals(WebError.BAD_TRACE_CODE, refusal(() -> TraceCodes.check("a\u0000b")));
        assertEquals(WebError.BAD_TRACE_CODE, refusal(() -> TraceCodes.check("two words")));
    }

    @Test
    void aDigitalLinkPathBecomesTheCanonicalTraceCodeAndBack() {
        String tid = TraceCodes.fromDigitalLink("01/09506000134352/10/LOT-7");
        assertEquals("https://id.gs1.org/01/09506000134352/10/LOT-7", tid);
        assertEquals(
                "http://127.0.0.1:7061/01/09506000134352/10/LOT-7",
                TraceCodes.pageUrl("http://127.0.0.1:7061", tid));
        assertEquals(
                "http://127.0.0.1:7061/trace?code=A%2FB+C",
                TraceCodes.pageUrl("http://127.0.0.1:7061", "A/B C"));
    }

    @Test
    void aGtinWithAWrongCheckDigitIsNoTraceCode() {
        assertEquals(
                WebError.BAD_TRACE_CODE,
                refusal(() -> TraceCodes.fromDigitalLink("01/09506000134353/10/LOT-7")));
    }
}
