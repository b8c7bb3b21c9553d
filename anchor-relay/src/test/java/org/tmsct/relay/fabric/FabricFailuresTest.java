package org.tmsct.relay.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
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
    void aContractRefusalIsRejected() {
        assertEquals(
                ChainException.Kind.REJECTED,
                kindOf(
                        Status.UNKNOWN.withDescription(
                                "evaluate call to endorser returned error: chaincode response 500, no such chain")));
    }

    @Test
    void endorserDetailsDecide() {
        ErrorDetail refused =
                ErrorDetail.newBuilder()
                        .setAddress("peer1")
                        .setMspId("A")
                        .setMessage(
                                "chaincode response 500, block 4 of raw-material expected, got 6")
                        .build();
        ErrorDetail down =
                ErrorDetail.newBuilder()
                        .setAddress("peer2")
                        .setMspId("B")
                        .setMessage(
                                "error in simulation: failed to execute transaction: could not launch chaincode")
                        .build();
        assertTrue(FabricFailures.isContractRefusal(Status.ABORTED, List.of(refused)));
        assertTrue(FabricFailures.isContractRefusal(Status.ABORTED, List.of(refused, refused)));
        assertEquals(
                false, FabricFailures.isContractRefusal(Status.ABORTED, List.of(refused, down)));
        assertEquals(false, FabricFailures.isContractRefusal(Status.UNAVAILABLE, List.of(refused)));
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
}
