package org.tmsct.relay.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.relay.chain.ChainException;

class FabricFailuresTest {

    private static ChainException.Kind kindOf(final Status status) {
        return FabricFailures.classify(
                        "AnchorBlock", new StatusRuntimeException(status), "127.0.0.1:7200")
                .kind();
    }

    @Test
    void unreachableAndSlowPeersAreTransient() {
        assertEquals(
                ChainException.Kind.TRANSIENT,
                kindOf(Status.UNAVAILABLE.withDescription("io exception")));
        assertEquals(ChainException.Kind.TRANSIENT, kindOf(Status.DEADLINE_EXCEEDED));
        assertEquals(
                ChainException.Kind.TRANSIENT,
                kindOf(
                        Status.ABORTED.withDescription(
                                "failed to collect enough transaction endorsements")));
        assertEquals(ChainException.Kind.TRANSIENT, kindOf(Status.CANCELLED));
    }

    @Test
    void aContractRefusalIsRejectedWithItsCode() {
        ChainException e =
                FabricFailures.classify(
                        "GetSlaveChain",
                        new StatusRuntimeException(
                                Status.UNKNOWN.withDescription(
                                        "evaluate call to endorser returned error: chaincode"
                                                + " response 500, UNKNOWN_CHAIN: no slave chain"
                                                + " logistics")),
                        "127.0.0.1:7200");
        assertEquals(ChainException.Kind.REJECTED, e.kind());
        assertEquals("UNKNOWN_CHAIN", e.code());
        assertTrue(e.refusedWith(ErrorCode.UNKNOWN_CHAIN));
        assertTrue(e.getMessage().contains("no slave chain logistics"), e.getMessage());
    }

    /** A failed endorsement whose endorsers answered these messages, as fabric-gateway gives it. */
    private static GatewayException endorsers(final Status.Code code, final String... messages) {
        com.google.rpc.Status.Builder status =
                com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage("failed");
        for (String m : messages) {
            status.addDetails(
                    Any.pack(
                            ErrorDetail.newBuilder()
                                    .setAddress("peer")
                                    .setMspId("A")
                                    .setMessage(m)
                                    .build()));
        }
        return new GatewayException(StatusProto.toStatusRuntimeException(status.build()));
    }

    private static ChainException.Kind kindOf(final Throwable error) {
        return FabricFailures.classify("AnchorBlock", error, "127.0.0.1:7200").kind();
    }

    @Test
    void endorserDetailsDecide() {
        String refused =
                "chaincode response 500, BLOCK_GAP: block 4 of raw-material expected, got 6";
        String down =
                "error in simulation: failed to execute transaction: could not launch chaincode";
        assertEquals(ChainException.Kind.REJECTED, kindOf(endorsers(Status.Code.ABORTED, refused)));
        assertEquals(
                ChainException.Kind.REJECTED,
                kindOf(endorsers(Status.Code.ABORTED, refused, refused)));
        assertEquals(
                ChainException.Kind.TRANSIENT,
                kindOf(endorsers(Status.Code.ABORTED, refused, down)));
        assertEquals(
                ChainException.Kind.TRANSIENT, kindOf(endorsers(Status.Code.UNAVAILABLE, refused)));
        // a chaincode answer without a code (an old contract, a shim error) is retried, not taken
        // for a refusal
        assertEquals(
                ChainException.Kind.TRANSIENT,
                kindOf(
                        endorsers(
                                Status.Code.ABORTED,
                                "chaincode response 500, block 4 of raw-material expected")));
    }

    @Test
    void mvccConflictsAreConflictsAndOtherInvalidationsTransient() {
        assertEquals(
                ChainException.Kind.CONFLICT,
                FabricFailures.notCommitted("AnchorBlock", "t", TxValidationCode.MVCC_READ_CONFLICT)
                        .kind());
        assertEquals(
                ChainException.Kind.CONFLICT,
                FabricFailures.notCommitted(
                                "AnchorBlock", "t", TxValidationCode.PHANTOM_READ_CONFLICT)
                        .kind());
        assertEquals(
                ChainException.Kind.TRANSIENT,
                FabricFailures.notCommitted(
                                "AnchorBlock", "t", TxValidationCode.ENDORSEMENT_POLICY_FAILURE)
                        .kind());
    }

    @Test
    void mastersRejectionsAreReadFromItsAnswer() {
        var answer =
                com.google.gson.JsonParser.parseString(
                                "{\"status\":\"ANCHORED\",\"rejected\":[{\"entryIndex\":1,"
                                        + "\"txId\":\"t\",\"tid\":\"X\",\"stage\":\"LOGISTICS\","
                                        + "\"code\":\"STAGE_OUT_OF_ORDER\",\"reason\":\"why\"}]}")
                        .getAsJsonObject();
        assertEquals(
                java.util.List.of(
                        new org.tmsct.relay.chain.Rejection("t", "STAGE_OUT_OF_ORDER", "why")),
                FabricMasterChain.rejections(answer));
        assertTrue(
                FabricMasterChain.rejections(
                                com.google.gson.JsonParser.parseString("{\"status\":\"ANCHORED\"}")
                                        .getAsJsonObject())
                        .isEmpty());
    }
}
