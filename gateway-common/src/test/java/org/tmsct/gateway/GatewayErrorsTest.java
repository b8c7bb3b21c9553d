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

    private static GatewayException endorseFailure(final String... endorserMessages) {
        java.util.List<org.hyperledger.fabric.protos.gateway.ErrorDetail> details =
                new java.util.ArrayList<>();
        for (String m : endorserMessages) {
            details.add(
                    org.hyperledger.fabric.protos.gateway.ErrorDetail.newBuilder()
                            .setAddress(PEER)
                            .setMspId("RawMaterialOrgMSP")
                            .setMessage(m)
                            .build());
        }
        com.google.rpc.Status rich =
                com.google.rpc.Status.newBuilder()
                        .setCode(Status.Code.ABORTED.value())
                        .setMessage("failed to endorse transaction, see attached details")
                        .addAllDetails(details.stream().map(com.google.protobuf.Any::pack).toList())
                        .build();
        return new GatewayException(io.grpc.protobuf.StatusProto.toStatusRuntimeException(rich));
    }

    @Test
    void aContractRefusalCarriesItsCode() {
        assertEquals(
                java.util.Optional.of("WRONG_STAGE"),
                GatewayErrors.refusalCode(
                        endorseFailure("chaincode response 500, [WRONG_STAGE] stage X is not Y")));
        assertEquals(
                java.util.Optional.of("UNKNOWN_RECORD"),
                GatewayErrors.refusalCode(
                        Status.UNKNOWN
                                .withDescription(
                                        "evaluate call to endorser returned error: chaincode"
                                                + " response 500, [UNKNOWN_RECORD] no record")
                                .asRuntimeException()));
    }

    @Test
    void aChaincodeServerThatCannotBeReachedIsNoRefusal() {
        // the peer answers for an unreachable chaincode server, without the chaincode's mark
        assertTrue(
                GatewayErrors.refusalCode(
                                endorseFailure(
                                        "error in simulation: failed to execute transaction: could"
                                                + " not launch chaincode slave_1.0: connection refused"))
                        .isEmpty());
        // one endorser refused, another could not run the chaincode: nothing is known for sure
        assertTrue(
                GatewayErrors.refusalCode(
                                endorseFailure(
                                        "chaincode response 500, [WRONG_STAGE] x",
                                        "error in simulation: connection refused"))
                        .isEmpty());
        assertTrue(
                GatewayErrors.refusalCode(
                                endorseFailure("chaincode response 500, an error without a code"))
                        .isEmpty());
        assertTrue(
                GatewayErrors.refusalCode(
                                Status.UNAVAILABLE
                                        .withDescription("chaincode response 500, [WRONG_STAGE] x")
                                        .asRuntimeException())
                        .isEmpty());
        assertTrue(GatewayErrors.refusalCode(new IllegalStateException("x")).isEmpty());
    }
}
