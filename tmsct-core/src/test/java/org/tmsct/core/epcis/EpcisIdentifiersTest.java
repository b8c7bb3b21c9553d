package org.tmsct.core.epcis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EpcisIdentifiersTest {

    /**
     * EPC URNs and the canonical Digital Links that the reference event hash generator
     * (epcis-event-hash-generator 1.9.3, dl_normaliser) makes of them.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = ' ',
            value = {
                "urn:epc:id:sgtin:0614141.107346.2017 https://id.gs1.org/01/10614141073464/21/2017",
                "urn:epc:id:sscc:0614141.1234567890 https://id.gs1.org/00/106141412345678908",
                "urn:epc:idpat:sgtin:4012345.098765.* https://id.gs1.org/01/04012345987652",
                "urn:epc:class:lgtin:4012345.012345.998877"
                        + " https://id.gs1.org/01/04012345123456/10/998877",
                "urn:epc:id:sgln:0614141.00777.0 https://id.gs1.org/414/0614141007776",
                "urn:epc:id:sgln:0614141.00777.12%2F3"
                        + " https://id.gs1.org/414/0614141007776/254/12%2F3",
                "urn:epc:id:grai:0614141.12345.a%2Fb https://id.gs1.org/8003/00614141123452a%2Fb",
                "urn:epc:id:giai:4000001.111 https://id.gs1.org/8004/4000001111",
                "urn:epc:id:gdti:0614141.12345.006847 https://id.gs1.org/253/0614141123452006847",
                "urn:epc:id:cpi:0614141.123ABC.123456789"
                        + " https://id.gs1.org/8010/0614141123ABC/8011/123456789",
                "urn:epc:id:cpi:0614141.5PQ7%2FZ43.12345"
                        + " https://id.gs1.org/8010/06141415PQ7%2FZ43/8011/12345",
                "urn:epc:id:sgcn:4012345.67890.04711 https://id.gs1.org/255/401234567890104711",
                "urn:epc:id:ginc:0614141.xyz47%2F11 https://id.gs1.org/401/0614141xyz47%2F11",
                "urn:epc:id:gsin:0614141.123456789 https://id.gs1.org/402/06141411234567890",
                "urn:epc:id:itip:4012345.012345.01.02.987"
                        + " https://id.gs1.org/8006/040123451234560102/21/987",
                "urn:epc:id:pgln:1234567.89012 https://id.gs1.org/417/1234567890128",
                "urn:epc:id:gsrn:4012345.0000006789 https://id.gs1.org/8018/401234500000067893",
                "urn:epc:id:gsrnp:4012345.0000006789 https://id.gs1.org/8017/401234500000067893",
                "urn:epc:id:sgtin:0614141.107346.a!b(c)*+,:x"
                        + " https://id.gs1.org/01/10614141073464/21/a%21b%28c%29%2A%2B%2C%3Ax",
                "urn:epc:idpat:grai:0614141.12345.* https://id.gs1.org/8003/00614141123452",
                "urn:epc:idpat:gdti:0614141.12345.* https://id.gs1.org/253/0614141123452",
                "urn:epc:idpat:cpi:0614141.123ABC.* https://id.gs1.org/8010/0614141123ABC",
                "urn:epc:idpat:itip:4012345.012345.01.02.*"
                        + " https://id.gs1.org/8006/040123451234560102",
                "urn:epc:idpat:sgcn:4012345.67890.* https://id.gs1.org/255/4012345678901",
            })
    void anEpcUrnAndItsDigitalLinkGiveOneTraceCode(String urn, String link) {
        assertEquals(link, EpcisIdentifiers.traceCode(urn));
        assertEquals(link, EpcisIdentifiers.traceCode(link));
    }

    /** Digital Links as they may be written, and the canonical form the reference gives them. */
    @ParameterizedTest
    @CsvSource(
            delimiter = ' ',
            value = {
                "https://example.com/gtin/614141073467/ser/2017?x=1"
                        + " https://id.gs1.org/01/00614141073467/21/2017",
                "https://id.gs1.org/01/09520123456788/10/ABC/21/12345"
                        + " https://id.gs1.org/01/09520123456788/21/12345",
                "https://id.gs1.org/01/09520123456788/22/2A/10/ABC"
                        + " https://id.gs1.org/01/09520123456788/10/ABC",
                "http://brand.example/products/01/09520123456788/ https://id.gs1.org/01/09520123456788",
                "https://id.gs1.org/01/95201238/21/x%2fy https://id.gs1.org/01/00000095201238/21/x%2Fy",
                "https://id.gs1.org/414/0614141007776/254/0 https://id.gs1.org/414/0614141007776",
                "https://id.gs1.org/sscc/106141412345678908#x https://id.gs1.org/00/106141412345678908",
            })
    void digitalLinksAreCanonicalised(String link, String canonical) {
        assertEquals(canonical, EpcisIdentifiers.traceCode(link));
    }

    @Test
    void theExamplePairsNameTheSameClasses() {
        // Example_9.6.3 and 9.6.4 against their ...WithDigitalLink twins
        assertEquals(
                EpcisIdentifiers.traceCode("urn:epc:idpat:sgtin:4012345.098765.*"),
                EpcisIdentifiers.traceCode("https://id.gs1.org/01/04012345987652"));
        assertEquals(
                EpcisIdentifiers.traceCode("urn:epc:class:lgtin:4012345.012345.998877"),
                EpcisIdentifiers.traceCode("https://id.gs1.org/01/04012345123456/10/998877"));
        assertEquals(
                EpcisIdentifiers.traceCode("urn:epc:class:lgtin:0614141.077777.987"),
                EpcisIdentifiers.traceCode("https://id.gs1.org/01/00614141777778/10/987"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ' ',
            value = {
                "urn:epc:id:gid:95100000.12345.400",
                "urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                "https://example.com/items/42",
                "https://example.org/8004/nope",
                "urn:epc:idpat:sgtin:4012345.*.*",
            })
    void otherUrisAreTheirOwnTraceCode(String uri) {
        assertEquals(uri, EpcisIdentifiers.traceCode(uri));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ' ',
            value = {
                "urn:epc:id:sgtin:0614141.10734.2018 13",
                "urn:epc:id:sgtin:06141.1073466.2018 6_to_12",
                "urn:epc:id:sscc:0614141.123456789 17",
                "urn:epc:id:sgtin:0614141.107346 3_components",
                "urn:epc:class:lgtin:4012345.012345.a%zz broken",
                "urn:epc:id:sgtin:0614141.107346.%C3%A9 character_set_82",
                "https://id.gs1.org/01/10614141073465/21/1 check_digit",
                "https://id.gs1.org/01/1061414107346/21/1 check_digit",
                "https://id.gs1.org/01/10614141073464/99/1 does_not_qualify",
                "https://id.gs1.org/00/1234 18_digits",
                "nonsense not_a_URI",
            })
    void malformedIdentifiersAreRefused(String identifier, String words) {
        EpcisFormatException e =
                assertThrows(
                        EpcisFormatException.class,
                        () -> EpcisIdentifiers.traceCode(identifier, "$.epcList[0]"));
        assertEquals("$.epcList[0]", e.jsonPath());
        assertTrue(e.getMessage().contains(words.replace('_', ' ')), e.getMessage());
    }

    @Test
    void aTraceCodeMustFitTheTidRules() {
        String longSerial = "x".repeat(120);
        EpcisFormatException e =
                assertThrows(
                        EpcisFormatException.class,
                        () -> EpcisIdentifiers.traceCode("urn:example:" + longSerial));
        assertTrue(e.getMessage().contains("no valid trace code"), e.getMessage());
    }

    @Test
    void classesAndInstances() {
        for (String cls :
                new String[] {
                    "urn:epc:idpat:sgtin:4012345.098765.*",
                    "urn:epc:idpat:sgtin:4012345.*.*",
                    "urn:epc:class:lgtin:4012345.012345.998877",
                    "https://id.gs1.org/01/04012345987652",
                    "https://id.gs1.org/01/04012345123456/10/998877",
                    "https://id.gs1.org/8006/040123451234560102",
                    "https://id.gs1.org/8010/0614141123ABC",
                    "https://id.gs1.org/8003/00614141123452",
                    "https://id.gs1.org/253/0614141123452",
                    "https://id.gs1.org/255/4012345678901",
                }) {
            assertTrue(EpcisIdentifiers.isClass(EpcisIdentifiers.traceCode(cls)), cls);
        }
        for (String instance :
                new String[] {
                    "urn:epc:id:sgtin:0614141.107346.2017",
                    "urn:epc:id:sscc:0614141.1234567890",
                    "urn:epc:id:grai:0614141.12345.1",
                    "urn:epc:id:gdti:0614141.12345.006847",
                    "urn:epc:id:upui:1234567.089456.51qIgY",
                    "urn:epc:id:cpi:0614141.123ABC.123456789",
                    "urn:epc:id:gid:95100000.12345.400",
                    "https://example.com/items/42",
                }) {
            assertFalse(EpcisIdentifiers.isClass(EpcisIdentifiers.traceCode(instance)), instance);
        }
    }

    @Test
    void traceCodesThatAreNoUriTravelAsTmsctUrns() {
        assertEquals("urn:tmsct:tid:LOT%2F42%25", EpcisIdentifiers.identifier("LOT/42%"));
        assertEquals("LOT/42%", EpcisIdentifiers.traceCode("urn:tmsct:tid:LOT%2F42%25"));
        assertEquals("urn:tmsct:tid:B-7", EpcisIdentifiers.identifier("B-7"));
        assertEquals(
                "urn:tmsct:tid:urn%3Atmsct%3Atid%3Ax",
                EpcisIdentifiers.identifier("urn:tmsct:tid:x"));
        assertEquals(
                "urn:tmsct:tid:x",
                EpcisIdentifiers.traceCode(EpcisIdentifiers.identifier("urn:tmsct:tid:x")));
        String link = "https://id.gs1.org/01/04012345987652";
        assertEquals(link, EpcisIdentifiers.identifier(link));
    }

    @Test
    void checkDigits() {
        assertEquals(4, EpcisIdentifiers.checkDigit("1061414107346"));
        assertEquals(8, EpcisIdentifiers.checkDigit("10614141234567890"));
        assertEquals(0, EpcisIdentifiers.checkDigit("0614141123456789"));
    }
}
