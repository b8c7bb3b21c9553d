package org.tmsct.gateway.block;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The committed work of one chaincode in a full block: each VALID endorser transaction that invoked
 * it, with its arguments, its public writes in the chaincode's namespace and its event. Invalid
 * transactions (MVCC conflicts, endorsement failures) and config blocks give nothing, since only
 * what the peer committed changed the ledger.
 */
public final class ChaincodeTransactions {

    /** One chaincode invocation as the block holds it. */
    public record Invocation(
            int index,
            String txId,
            Instant timestamp,
            List<ByteString> args,
            Map<String, ByteString> writes,
            Set<String> deletes,
            String eventName,
            ByteString eventPayload) {

        public Invocation {
            args = List.copyOf(args);
            writes = Map.copyOf(writes);
            deletes = Set.copyOf(deletes);
        }

        /** The function name (the first argument), or "" if none. */
        public String function() {
            return args.isEmpty() ? "" : args.get(0).toStringUtf8();
        }

        /** Whether the transaction emitted {@code name}. */
        public boolean emitted(String name) {
            return name.equals(eventName);
        }
    }

    private ChaincodeTransactions() {}

    /**
     * The invocations of {@code chaincode} in {@code block}, in block order.
     *
     * @throws BlockReadException if the block or one of its valid transactions cannot be decoded
     */
    public static List<Invocation> of(Block block, String chaincode) {
        long number = block.getHeader().getNumber();
        List<ByteString> envelopes = block.getData().getDataList();
        byte[] validation = validationCodes(block, number, envelopes.size());
        List<Invocation> out = new ArrayList<>();
        for (int i = 0; i < envelopes.size(); i++) {
            if (validation[i] != TxValidationCode.VALID_VALUE) {
                continue;
            }
            try {
                Invocation inv = invocationOf(i, Envelope.parseFrom(envelopes.get(i)), chaincode);
                if (inv != null) {
                    out.add(inv);
                }
            } catch (InvalidProtocolBufferException e) {
                throw new BlockReadException(
                        "block " + number + ", transaction " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The transactions' validation codes, one per envelope. */
    public static byte[] validationCodes(Block block, long number, int transactions) {
        int index = BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE;
        if (block.getMetadata().getMetadataCount() <= index) {
            throw new BlockReadException(
                    "block " + number + " has no transaction validation metadata");
        }
        byte[] codes = block.getMetadata().getMetadata(index).toByteArray();
        if (codes.length != transactions) {
            throw new BlockReadException(
                    "block "
                            + number
                            + " has "
                            + transactions
                            + " transactions but "
                            + codes.length
                            + " validation codes");
        }
        return codes;
    }

    private static Invocation invocationOf(int index, Envelope envelope, String chaincode)
            throws InvalidProtocolBufferException {
        Payload payload = Payload.parseFrom(envelope.getPayload());
        ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        if (header.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
            return null;
        }
        Transaction transaction = Transaction.parseFrom(payload.getData());
        for (TransactionAction action : transaction.getActionsList()) {
            ChaincodeActionPayload actionPayload =
                    ChaincodeActionPayload.parseFrom(action.getPayload());
            ProposalResponsePayload response =
                    ProposalResponsePayload.parseFrom(
                            actionPayload.getAction().getProposalResponsePayload());
            ChaincodeAction chaincodeAction = ChaincodeAction.parseFrom(response.getExtension());
            if (!chaincode.equals(chaincodeAction.getChaincodeId().getName())) {
                continue;
            }
            Map<String, ByteString> writes = new LinkedHashMap<>();
            Set<String> deletes = new LinkedHashSet<>();
            readWrites(chaincodeAction, chaincode, writes, deletes);
            String eventName = null;
            ByteString eventPayload = ByteString.EMPTY;
            if (!chaincodeAction.getEvents().isEmpty()) {
                ChaincodeEvent event = ChaincodeEvent.parseFrom(chaincodeAction.getEvents());
                eventName = event.getEventName();
                eventPayload = event.getPayload();
            }
            return new Invocation(
                    index,
                    header.getTxId(),
                    instantOf(header.getTimestamp()),
                    argsOf(actionPayload),
                    writes,
                    deletes,
                    eventName,
                    eventPayload);
        }
        return null;
    }

    private static List<ByteString> argsOf(ChaincodeActionPayload actionPayload)
            throws InvalidProtocolBufferException {
        ChaincodeProposalPayload proposal =
                ChaincodeProposalPayload.parseFrom(actionPayload.getChaincodeProposalPayload());
        return ChaincodeInvocationSpec.parseFrom(proposal.getInput())
                .getChaincodeSpec()
                .getInput()
                .getArgsList();
    }

    private static void readWrites(
            ChaincodeAction action,
            String chaincode,
            Map<String, ByteString> writes,
            Set<String> deletes)
            throws InvalidProtocolBufferException {
        if (action.getResults().isEmpty()) {
            return;
        }
        for (NsReadWriteSet ns : TxReadWriteSet.parseFrom(action.getResults()).getNsRwsetList()) {
            if (chaincode.equals(ns.getNamespace())) {
                for (KVWrite w : KVRWSet.parseFrom(ns.getRwset()).getWritesList()) {
                    if (w.getIsDelete()) {
                        deletes.add(w.getKey());
                    } else {
                        writes.put(w.getKey(), w.getValue());
                    }
                }
            }
        }
    }

    private static Instant instantOf(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
