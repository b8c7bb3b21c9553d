package org.tmsct.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.junit.jupiter.api.Test;

class GatewayErrorsTest {

    private static final String PEER = "127.0.0.1:7051";

    @Test
    void theStatusComesFromEveryKindOfGatewayFailure() {
        StatusRuntimeException grpc =
                Status.ABORTED.withDescription("conflict").asRuntimeException();
        assertEquals(Status.Code.ABORTED, GatewayErrors.statusOf(grpc).getCode());
        assertEquals(
                Status.Code.ABORTED, GatewayErrors.statusOf(new GatewayException(grpc)).getCode());
        assertEquals(
                Status.Code.ABORTED,
                GatewayErrors.statusOf(new GatewayRuntimeException(grpc)).getCode());
        assertNull(GatewayErrors.statusOf(new IllegalStateException("not from gRPC")));
    }

    @Test
    void failuresWithoutEndorserDetailsHaveNone() {
        StatusRuntimeException grpc = Status.UNKNOWN.asRuntimeException();
        assertTrue(GatewayErrors.detailsOf(grpc).isEmpty());
        assertTrue(GatewayErrors.detailsOf(new GatewayException(grpc)).isEmpty());
    }

    @Test
    void describesUnreachableAndSlowPeers() {
        assertEquals(
                "peer unreachable at " + PEER + " (is the network up?)",
                GatewayErrors.describe(
                        Status.UNAVAILABLE.withDescription("io exception").asRuntimeException(),
                        PEER));
        assertEquals(
                "peer at " + PEER + " did not answer in time",
                GatewayErrors.describe(Status.DEADLINE_EXCEEDED.asRuntimeException(), PEER));
        assertEquals(
                "channel 'raw-material' is not on the peer at "
                        + PEER
                        + " (its organisation is not a member of that channel)",
                GatewayErrors.describe(
                        Status.UNAVAILABLE
                                .withDescription("failed to get config for channel [raw-material]")
                                .asRuntimeException(),
                        PEER));
    }

    @Test
    void keepsOnlyTheContractsOwnWords() {
        assertEquals(
                "no such device",
                GatewayErrors.describe(
                        Status.UNKNOWN
                                .withDescription(
                                        "evaluate call to endorser returned error: "
                                                + "chaincode response 500, no such device")
                                .asRuntimeException(),
                        PEER));
        assertEquals(
                "plain failure",
                GatewayErrors.describe(new IllegalStateException("plain failure"), PEER));
    }

    @Test
    void aRefusalIsReadFromTheEndorsersCodedMessages() {
        String refused =
                "chaincode response 500, STAGE_OUT_OF_ORDER: stage LOGISTICS of TID X needs one of"
                        + " [RAW_MATERIAL] first";
        var e = Failures.endorsers(Status.Code.ABORTED, refused, refused);
        assertEquals("STAGE_OUT_OF_ORDER", GatewayErrors.refusalCode(e).orElseThrow());
        assertEquals(
                "stage LOGISTICS of TID X needs one of [RAW_MATERIAL] first",
                GatewayErrors.refusal(e).orElseThrow().message());
        // the user still reads the contract's words, headed by the code
        assertEquals(
                "STAGE_OUT_OF_ORDER: stage LOGISTICS of TID X needs one of [RAW_MATERIAL] first",
                GatewayErrors.describe(e, PEER));
    }

    @Test
    void anEvaluateRefusalComesInTheStatusText() {
        var e =
                new GatewayException(
                        Status.UNKNOWN
                                .withDescription(
                                        "evaluate call to endorser returned error: chaincode"
                                                + " response 500, UNKNOWN_TID: unknown trace code T")
                                .asRuntimeException());
        assertEquals("UNKNOWN_TID", GatewayErrors.refusalCode(e).orElseThrow());
    }

    @Test
    void transientFailuresAreNeverRefusals() {
        String refused =
                "chaincode response 500, BLOCK_GAP: block 4 of raw-material expected, got 6";
        String down =
                "error in simulation: failed to execute transaction: could not launch chaincode"
                        + " chaincode-master: connection refused";
        // one endorser down: not a refusal, whatever the others said
        assertTrue(
                GatewayErrors.refusal(Failures.endorsers(Status.Code.ABORTED, refused, down))
                        .isEmpty());
        assertTrue(GatewayErrors.refusal(Failures.endorsers(Status.Code.ABORTED, down)).isEmpty());
        // a refusal text over an unreachable or slow peer is still a transport failure
        assertTrue(
                GatewayErrors.refusal(Failures.endorsers(Status.Code.UNAVAILABLE, refused))
                        .isEmpty());
        assertTrue(
                GatewayErrors.refusal(Failures.endorsers(Status.Code.DEADLINE_EXCEEDED, refused))
                        .isEmpty());
        // an answer without a code is not taken for a refusal either
        assertTrue(
                GatewayErrors.refusal(
                                Failures.endorsers(
                                        Status.Code.ABORTED,
                                        "chaincode response 500, Undefined contract method"))
                        .isEmpty());
        assertTrue(GatewayErrors.refusal(new IllegalStateException("BAD_REQUEST: x")).isEmpty());
    }
}
