package org.tmsct.relay.fabric;

import io.grpc.Status;
import java.util.List;
import java.util.Locale;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.tmsct.gateway.GatewayErrors;
import org.tmsct.relay.chain.ChainException;

/**
 * Sorts fabric-gateway failures into the relay's three kinds. A contract's own refusal reaches the
 * client as "chaincode response 500, <message>" (from an endorser, in the error details or the
 * status text); that is REJECTED. Failures to commit because another transaction changed the same
 * keys first are CONFLICT. Everything else (peer or orderer unreachable, deadlines, endorsements
 * not collected, a chaincode server that cannot be reached) is TRANSIENT.
 */
public final class FabricFailures {

    static final String CHAINCODE_ERROR = "chaincode response 500";

    private FabricFailures() {}

    public static ChainException classify(
            final String operation, final Throwable error, final String peerEndpoint) {
        String message = GatewayErrors.describe(error, peerEndpoint);
        Status status = GatewayErrors.statusOf(error);
        if (status != null && isContractRefusal(status, GatewayErrors.detailsOf(error))) {
            return new ChainException(ChainException.Kind.REJECTED, operation, message, error);
        }
        return new ChainException(ChainException.Kind.TRANSIENT, operation, message, error);
    }

    /** A transaction that was ordered but not committed as valid. */
    public static ChainException notCommitted(
            final String operation, final String txId, final TxValidationCode code) {
        ChainException.Kind kind =
                switch (code) {
                    case MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT -> ChainException.Kind.CONFLICT;
                    default -> ChainException.Kind.TRANSIENT;
                };
        return new ChainException(
                kind, operation, "transaction " + txId + " was not committed: " + code);
    }

    static boolean isContractRefusal(final Status status, final List<ErrorDetail> details) {
        if (status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.DEADLINE_EXCEEDED
                || status.getCode() == Status.Code.CANCELLED) {
            return false;
        }
        boolean refused = false;
        for (ErrorDetail d : details) {
            if (!isRefusal(d.getMessage())) {
                // One endorser failed for another reason (unreachable, chaincode not running):
                // retry.
                return false;
            }
            refused = true;
        }
        return refused || isRefusal(status.getDescription());
    }

    private static boolean isRefusal(final String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains(CHAINCODE_ERROR)
                && !m.contains("error in simulation")
                && !m.contains("could not launch")
                && !m.contains("connection")
                && !m.contains("timeout")
                && !m.contains("timed out");
    }
}
