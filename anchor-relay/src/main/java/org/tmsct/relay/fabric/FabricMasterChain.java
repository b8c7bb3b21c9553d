package org.tmsct.relay.fabric;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.relay.anchor.AnchorBatch;
import org.tmsct.relay.chain.AnchorOutcome;
import org.tmsct.relay.chain.AnchorState;
import org.tmsct.relay.chain.AnchoredRange;
import org.tmsct.relay.chain.ChainException;
import org.tmsct.relay.chain.MasterChain;
import org.tmsct.relay.chain.Rejection;

/** The master channel through fabric-gateway: chaincode-master's functions and qscc. */
public final class FabricMasterChain implements MasterChain {

    private final Supplier<Network> networks;
    private final String chaincode;
    private final String peerEndpoint;

    public FabricMasterChain(
            final Supplier<Network> networks, final String chaincode, final String peerEndpoint) {
        this.networks = networks;
        this.chaincode = chaincode;
        this.peerEndpoint = peerEndpoint;
    }

    /** The channel through the relay's current session (it changes when the identity renews). */
    private Network network() {
        return networks.get();
    }

    private Contract contract() {
        return network().getContract(chaincode);
    }

    @Override
    public AnchorState anchorState(final String slaveChainId) {
        JsonObject o = evaluate("GetAnchorState", slaveChainId);
        return new AnchorState(
                o.get("lastCovered").getAsLong(), o.get("anchoredBlocks").getAsLong());
    }

    @Override
    public BloomParams bloomParams(final String slaveChainId) {
        JsonObject bloom = evaluate("GetSlaveChain", slaveChainId).getAsJsonObject("bloomParams");
        return new BloomParams(bloom.get("mBits").getAsInt(), bloom.get("k").getAsInt());
    }

    @Override
    public int maxRange(final String slaveChainId) {
        JsonObject chain = evaluate("GetSlaveChain", slaveChainId);
        return chain.has("maxRange") ? chain.get("maxRange").getAsInt() : DEFAULT_MAX_RANGE;
    }

    @Override
    public AnchorOutcome anchor(final AnchorBatch batch) {
        String op = "AnchorBlock";
        Transaction endorsed;
        try {
            // Endorse first: an ALREADY_ANCHORED answer writes nothing, so it is never sent to the
            // orderer.
            endorsed = contract().newProposal(op).addArguments(batch.toJson()).build().endorse();
        } catch (GatewayException | GatewayRuntimeException | StatusRuntimeException e) {
            throw FabricFailures.classify(op, e, peerEndpoint);
        }
        JsonObject answer = parse(op, endorsed.getResult());
        String status = answer.has("status") ? answer.get("status").getAsString() : "";
        if ("ALREADY_ANCHORED".equals(status)) {
            return new AnchorOutcome.AlreadyAnchored(
                    answer.get("lastCovered").getAsLong(),
                    answer.has("masterTxId") ? answer.get("masterTxId").getAsString() : null);
        }
        if (!"ANCHORED".equals(status)) {
            throw new ChainException(
                    ChainException.Kind.REJECTED,
                    op,
                    "unexpected answer from the master contract: " + answer);
        }
        try {
            SubmittedTransaction submitted = endorsed.submitAsync();
            Status commit = submitted.getStatus();
            if (!commit.isSuccessful()) {
                throw FabricFailures.notCommitted(op, commit.getTransactionId(), commit.getCode());
            }
            return new AnchorOutcome.Anchored(
                    commit.getTransactionId(), commit.getBlockNumber(), rejections(answer));
        } catch (GatewayException | GatewayRuntimeException | StatusRuntimeException e) {
            throw FabricFailures.classify(op, e, peerEndpoint);
        }
    }

    @Override
    public Optional<AnchoredRange> anchorCovering(
            final String slaveChainId, final long blockNumber) {
        JsonObject o;
        try {
            o = evaluate("GetAnchor", slaveChainId, Long.toString(blockNumber));
        } catch (ChainException e) {
            if (e.refusedWith(ErrorCode.NOT_ANCHORED)) {
                return Optional.empty();
            }
            throw e;
        }
        List<String> txIds = new ArrayList<>();
        for (JsonElement leaf : o.getAsJsonArray("leaves")) {
            txIds.add(leaf.getAsJsonObject().get("txId").getAsString());
        }
        return Optional.of(
                new AnchoredRange(
                        o.get("firstBlock").getAsLong(),
                        o.get("blockNumber").getAsLong(),
                        txIds,
                        rejections(o),
                        o.get("masterTxId").getAsString(),
                        o.has("blockHash") ? o.get("blockHash").getAsString() : ""));
    }

    /** The entries master refused one by one ({@code "rejected"}; absent means none). */
    static List<Rejection> rejections(final JsonObject answer) {
        List<Rejection> out = new ArrayList<>();
        JsonElement rejected = answer.get("rejected");
        if (rejected != null && rejected.isJsonArray()) {
            for (JsonElement e : rejected.getAsJsonArray()) {
                JsonObject r = e.getAsJsonObject();
                out.add(
                        new Rejection(
                                r.get("txId").getAsString(),
                                r.get("code").getAsString(),
                                r.get("reason").getAsString()));
            }
        }
        return out;
    }

    @Override
    public long blockOf(final String masterTxId) {
        return Qscc.query(
                        network(),
                        peerEndpoint,
                        "GetBlockByTxID",
                        "a block",
                        Block::parseFrom,
                        network().getName(),
                        masterTxId)
                .getHeader()
                .getNumber();
    }

    private JsonObject evaluate(final String function, final String... args) {
        try {
            return parse(function, contract().evaluateTransaction(function, args));
        } catch (GatewayException | GatewayRuntimeException | StatusRuntimeException e) {
            throw FabricFailures.classify(function, e, peerEndpoint);
        }
    }

    static JsonObject parse(final String function, final byte[] answer) {
        try {
            return JsonParser.parseString(new String(answer, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new ChainException(
                    ChainException.Kind.REJECTED,
                    function,
                    "the contract's answer is not a JSON object: " + e.getMessage());
        }
    }
}
