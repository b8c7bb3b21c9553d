package org.tmsct.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefusalTest {

    @Test
    void formatThenParseGivesTheCodeAndText() {
        String line = Refusal.format("STAGE_OUT_OF_ORDER", "stage LOGISTICS needs RAW_MATERIAL");
        assertEquals("STAGE_OUT_OF_ORDER: stage LOGISTICS needs RAW_MATERIAL", line);
        Refusal r = Refusal.parse(line).orElseThrow();
        assertTrue(r.is(ErrorCode.STAGE_OUT_OF_ORDER));
        assertEquals("stage LOGISTICS needs RAW_MATERIAL", r.message());
    }

    @Test
    void parsesThePeersWrapping() {
        Refusal r =
                Refusal.parse(
                                "evaluate call to endorser returned error: chaincode response 500,"
                                        + " BLOCK_GAP: block 3 of raw-material expected, got 5")
                        .orElseThrow();
        assertEquals(Optional.of(ErrorCode.BLOCK_GAP), r.known());
        assertEquals("block 3 of raw-material expected, got 5", r.message());
    }

    @Test
    void aCodeNotYetKnownIsStillARefusal() {
        Refusal r =
                Refusal.parse("chaincode response 500, PROPOSAL_EXPIRED: too late").orElseThrow();
        assertEquals("PROPOSAL_EXPIRED", r.code());
        assertTrue(r.known().isEmpty());
    }

    @Test
    void peerFailuresAndUncodedTextAreNoRefusal() {
        assertFalse(Refusal.parse(null).isPresent());
        assertFalse(Refusal.parse("").isPresent());
        assertFalse(
                Refusal.parse(
                                "error in simulation: failed to execute transaction: could not"
                                        + " launch chaincode chaincode-master: connection refused")
                        .isPresent());
        assertFalse(Refusal.parse("chaincode response 500, Undefined contract method").isPresent());
        assertFalse(Refusal.parse("chaincode response 500, lower: case").isPresent());
        assertFalse(Refusal.parse("TIMEOUT waiting for the orderer").isPresent());
    }

    @Test
    void refusesAMalformedCode() {
        assertThrows(IllegalArgumentException.class, () -> Refusal.format("bad code", "x"));
        assertThrows(IllegalArgumentException.class, () -> Refusal.format(null, "x"));
    }

    @Test
    void everyKnownCodeRoundTrips() {
        for (ErrorCode c : ErrorCode.values()) {
            Refusal r = Refusal.parse(new Refusal(c, "why").toString()).orElseThrow();
            assertEquals(Optional.of(c), r.known());
        }
    }
}
