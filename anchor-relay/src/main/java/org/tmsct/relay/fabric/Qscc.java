package org.tmsct.relay.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.StatusRuntimeException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Network;
import org.tmsct.relay.chain.ChainException;

/** A query of the peer's qscc system chaincode on a channel: its answer parsed, failures sorted. */
final class Qscc {

    /** Reads qscc's protobuf answer. */
    interface Answer<T> {
        T parse(byte[] bytes) throws InvalidProtocolBufferException;
    }

    private Qscc() {}

    /**
     * @param what what the answer should be, for the error when it is not ("a block")
     */
    static <T> T query(
            final Network network,
            final String peerEndpoint,
            final String op,
            final String what,
            final Answer<T> answer,
            final String... args) {
        try {
            return answer.parse(network.getContract("qscc").evaluateTransaction(op, args));
        } catch (GatewayException | GatewayRuntimeException | StatusRuntimeException e) {
            throw FabricFailures.classify(op, e, peerEndpoint);
        } catch (InvalidProtocolBufferException e) {
            throw new ChainException(
                    ChainException.Kind.TRANSIENT,
                    op,
                    "qscc answered something that is not " + what + ": " + e.getMessage());
        }
    }
}
