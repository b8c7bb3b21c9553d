package org.tmsct.core.epcis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tmsct.core.record.TraceId;

/**
 * Whatever the length of the company prefix, an EPC URN and the Digital Link of the same key give
 * one trace code. The Digital Link is built here from the key's digits, independently.
 */
class EpcisIdentifiersProperties {

    /** A GTIN-14 split as an SGTIN URN splits it: company prefix, indicator + item reference. */
    record Gtin(String companyPrefix, String indicatorAndItem) {
        String digits() {
            String body =
                    indicatorAndItem.charAt(0) + companyPrefix + indicatorAndItem.substring(1);
            return body + checkDigit(body);
        }
    }

    @Provide
    Arbitrary<Gtin> gtins() {
        return Arbitraries.integers()
                .between(6, 12)
                .flatMap(
                        length ->
                                Combinators.combine(
                                                Arbitraries.strings().numeric().ofLength(length),
                                                Arbitraries.strings()
                                                        .numeric()
                                                        .ofLength(13 - length))
                                        .as(Gtin::new));
    }

    @Provide
    Arbitrary<String> serials() {
        return Arbitraries.strings()
                .withCharRange('A', 'Z')
                .withCharRange('a', 'z')
                .withCharRange('0', '9')
                .withChars("-._'!()*+,:;=")
                .ofMinLength(1)
                .ofMaxLength(20);
    }

    @Property
    void sgtinUrnAndDigitalLinkAgree(@ForAll("gtins") Gtin gtin, @ForAll("serials") String serial) {
        String urn =
                "urn:epc:id:sgtin:"
                        + gtin.companyPrefix()
                        + "."
                        + gtin.indicatorAndItem()
                        + "."
                        + serial;
        String link = "https://brand.example/01/" + gtin.digits() + "/21/" + percentEncoded(serial);
        String code = EpcisIdentifiers.traceCode(urn);
        assertEquals(code, EpcisIdentifiers.traceCode(link));
        assertEquals(code, EpcisIdentifiers.traceCode(code));
        assertFalse(EpcisIdentifiers.isClass(code));
    }

    @Property
    void lgtinUrnAndDigitalLinkAgree(@ForAll("gtins") Gtin gtin, @ForAll("serials") String lot) {
        String urn =
                "urn:epc:class:lgtin:"
                        + gtin.companyPrefix()
                        + "."
                        + gtin.indicatorAndItem()
                        + "."
                        + lot;
        String link = "https://id.gs1.org/01/" + gtin.digits() + "/10/" + percentEncoded(lot);
        String code = EpcisIdentifiers.traceCode(urn);
        assertEquals(code, EpcisIdentifiers.traceCode(link));
        assertTrue(EpcisIdentifiers.isClass(code));
    }

    @Property
    void everyTraceCodeTravelsAsAnIdentifierAndBack(@ForAll("traceCodes") String tid) {
        assertEquals(tid, EpcisIdentifiers.traceCode(EpcisIdentifiers.identifier(tid)));
    }

    @Provide
    Arbitrary<String> traceCodes() {
        return Arbitraries.strings()
                .withCharRange('!', '~')
                .ofMinLength(1)
                .ofMaxLength(TraceId.MAX_LENGTH);
    }

    private static String percentEncoded(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02x", (int) c));
            }
        }
        return out.toString();
    }

    private static int checkDigit(String digits) {
        int sum = 0;
        boolean triple = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            sum += (digits.charAt(i) - '0') * (triple ? 3 : 1);
            triple = !triple;
        }
        return (10 - sum % 10) % 10;
    }
}
