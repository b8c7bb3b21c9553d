package org.tmsct.relay.fabric;

import java.util.Optional;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.tmsct.core.protocol.Refusal;
import org.tmsct.gateway.GatewayErrors;
import org.tmsct.relay.chain.ChainException;

/**
 * Sorts fabric-gateway failures into the relay's three kinds. A contract's own refusal carries a
 * code ({@link GatewayErrors#refusal}: every endorser answered {@code "CODE: text"}); that is
 * REJECTED, with the code. Failures to commit because another transaction changed the same keys
 * first are CONFLICT. Everything else (peer or orderer unreachable, deadlines, endorsements not
 * collected, a chaincode server that cannot be reached, an answer without a code) is TRANSIENT: a
 * failure the relay cannot name is never taken for a refusal.
 */
public final class FabricFailures {

    private FabricFailures() {}

    public static ChainException classify(
            final String operation, final Throwable error, final String peerEndpoint) {
        String message = GatewayErrors.describe(error, peerEndpoint);
        Optional<Refusal> refusal = GatewayErrors.refusal(error);
        if (refusal.isPresent()) {
            return ChainException.rejected(operation, refusal.get().code(), message, error);
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
}
