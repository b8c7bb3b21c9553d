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
}
