package org.tmsct.relay.fabric;

import com.google.gson.JsonObject;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.relay.block.BlockParser;
import org.tmsct.relay.block.ConsenterIdentities;
import org.tmsct.relay.block.SlaveBlock;
import org.tmsct.relay.chain.ChainException;
import org.tmsct.relay.chain.Confirmation;
import org.tmsct.relay.chain.RecordStatus;
import org.tmsct.relay.chain.SlaveChain;

/**
 * The relay's slave channel through fabric-gateway: full block events, chaincode-slave and qscc.
 */
public final class FabricSlaveChain implements SlaveChain {

    private final Supplier<Network> networks;
    private final String chaincode;
    private final BlockParser parser;
    private final String peerEndpoint;
    private final Map<Long, Map<Long, String>> consentersByConfigBlock = new ConcurrentHashMap<>();

    public FabricSlaveChain(
            final Supplier<Network> networks, final String chaincode, final String peerEndpoint) {
        this.networks = networks;
        this.chaincode = chaincode;
        this.parser = new BlockParser(chaincode);
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
    public BlockStream follow(final long startBlock) {
        CloseableIterator<Block> blocks;
        try {
            blocks = network().newBlockEventsRequest().startBlock(startBlock).build().getEvents();
        } catch (GatewayRuntimeException | StatusRuntimeException e) {
            throw FabricFailures.classify("deliver", e, peerEndpoint);
        }
        return new QueuedBlockStream(blocks, parser, this::withConsenterIdentities, peerEndpoint);
    }

    /**
     * The block with the identities of the BFT consenters that signed it by id only, read from the
     * channel's config block in force (cached: a config block never changes).
     */
    private SlaveBlock withConsenterIdentities(final SlaveBlock block) {
        byte[] signatures = Hex.decode(block.ordererSignaturesHex());
        Set<Long> unnamed = ConsenterIdentities.unnamedSigners(signatures);
        if (unnamed.isEmpty()) {
            return block;
        }
        Map<Long, String> known =
                consentersByConfigBlock.computeIfAbsent(
                        ConsenterIdentities.lastConfigIndex(signatures), this::consentersOf);
        Map<Long, String> signers = new TreeMap<>();
        unnamed.stream().filter(known::containsKey).forEach(id -> signers.put(id, known.get(id)));
        return block.withSignerIdentities(signers);
    }

    private Map<Long, String> consentersOf(final long configBlock) {
        Block config =
                Qscc.query(
                        network(),
                        peerEndpoint,
                        "GetBlockByNumber",
                        "a block",
                        Block::parseFrom,
                        network().getName(),
                        Long.toString(configBlock));
        Map<Long, String> hex = new TreeMap<>();
        ConsenterIdentities.fromConfigBlock(config)
                .forEach((id, identity) -> hex.put(id, Hex.encode(identity)));
        return hex;
    }

    @Override
    public long height() {
        return Qscc.query(
                        network(),
                        peerEndpoint,
                        "GetChainInfo",
                        "chain info",
                        BlockchainInfo::parseFrom,
                        network().getName())
                .getHeight();
    }

    @Override
    public RecordStatus recordStatus(final String txId) {
        String op = "GetRecord";
        JsonObject record;
        try {
            record = FabricMasterChain.parse(op, contract().evaluateTransaction(op, txId));
        } catch (GatewayException | GatewayRuntimeException | StatusRuntimeException e) {
            ChainException failure = FabricFailures.classify(op, e, peerEndpoint);
            if (failure.refusedWith(ErrorCode.UNKNOWN_RECORD)) {
                return RecordStatus.unknown();
            }
            throw failure;
        }
        String status = record.has("status") ? record.get("status").getAsString() : "";
        String masterTxId =
                record.has("masterTxId") ? record.get("masterTxId").getAsString() : null;
        if ("ANCHORED".equals(status)) {
            return RecordStatus.anchored(masterTxId);
        }
        if ("REJECTED".equals(status)) {
            return RecordStatus.rejected(masterTxId);
        }
        return RecordStatus.pending();
    }

    @Override
    public PendingCommit submitConfirmation(final Confirmation confirmation) {
        String op = "ConfirmAnchor";
        SubmittedTransaction submitted;
        try {
            submitted =
                    contract()
                            .newProposal(op)
                            .addArguments(confirmation.toJson())
                            .build()
                            .endorse()
                            .submitAsync();
        } catch (GatewayException | GatewayRuntimeException | StatusRuntimeException e) {
            throw FabricFailures.classify(op, e, peerEndpoint);
        }
        return new PendingCommit() {
            @Override
            public String txId() {
                return submitted.getTransactionId();
            }

            @Override
            public void await() {
                try {
                    Status commit = submitted.getStatus();
                    if (!commit.isSuccessful()) {
                        throw FabricFailures.notCommitted(
                                op, commit.getTransactionId(), commit.getCode());
                    }
                } catch (GatewayException | GatewayRuntimeException | StatusRuntimeException e) {
                    throw FabricFailures.classify(op, e, peerEndpoint);
                }
            }
        };
    }
}
