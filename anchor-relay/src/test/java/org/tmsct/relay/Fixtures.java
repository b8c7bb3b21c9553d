package org.tmsct.relay;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.relay.block.RecordTx;
import org.tmsct.relay.block.SlaveBlock;

/** Blocks and records for the tests, both as the relay sees them and as Fabric writes them. */
public final class Fixtures {

    public static final String CHAINCODE = "chaincode-slave";
    public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private Fixtures() {}

    public static AnchorEntry entry(final String txId, final String tid) {
        return new AnchorEntry(
                txId,
                tid,
                "RAW_MATERIAL",
                Map.of("batch", new JsonPrimitive("B-" + tid)),
                Sha256.hex(("raw " + txId).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Block {@code number} with {@code records} records (tx ids "tx-<number>-<i>"), hashes derived
     * from the number.
     */
    public static SlaveBlock block(final long number, final int records) {
        List<RecordTx> txs = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            String txId = "tx-" + number + "-" + i;
            txs.add(new RecordTx(entry(txId, "TID-" + number + "-" + i), T0.plusSeconds(number)));
        }
        return new SlaveBlock(
                number,
                hashOf(number),
                number == 0 ? "" : hashOf(number - 1),
                Math.max(1, records),
                txs);
    }

    public static String hashOf(final long number) {
        return Sha256.hex(("block " + number).getBytes(StandardCharsets.UTF_8));
    }

    /** The stored-record JSON the slave contract emits with RecordCreated. */
    public static String storedRecordJson(final AnchorEntry e) {
        JsonObject o = e.toJsonObject();
        o.addProperty("deviceId", "sensor-1");
        o.addProperty("deviceTimestamp", 1);
        o.addProperty("txTimestamp", 2);
        o.addProperty("status", "PENDING");
        return o.toString();
    }

    public static Envelope endorserTx(
            final String txId,
            final String chaincode,
            final String eventName,
            final String payload,
            final Instant at) {
        return endorserTx(txId, chaincode, eventName, payload, at, Map.of());
    }

    /** As above, with the chaincode's public writes (key to UTF-8 value) in its write set. */
    public static Envelope endorserTx(
            final String txId,
            final String chaincode,
            final String eventName,
            final String payload,
            final Instant at,
            final Map<String, String> writes) {
        ChannelHeader ch =
                ChannelHeader.newBuilder()
                        .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                        .setTxId(txId)
                        .setChannelId("raw-material")
                        .setTimestamp(
                                Timestamp.newBuilder()
                                        .setSeconds(at.getEpochSecond())
                                        .setNanos(at.getNano()))
                        .build();
        ChaincodeAction.Builder action =
                ChaincodeAction.newBuilder()
                        .setChaincodeId(ChaincodeID.newBuilder().setName(chaincode));
        if (!writes.isEmpty()) {
            KVRWSet.Builder kv = KVRWSet.newBuilder();
            new TreeMap<>(writes)
                    .forEach(
                            (k, v) ->
                                    kv.addWrites(
                                            KVWrite.newBuilder()
                                                    .setKey(k)
                                                    .setValue(ByteString.copyFromUtf8(v))));
            action.setResults(
                    TxReadWriteSet.newBuilder()
                            .setDataModel(TxReadWriteSet.DataModel.KV)
                            .addNsRwset(
                                    NsReadWriteSet.newBuilder()
                                            .setNamespace(chaincode)
                                            .setRwset(kv.build().toByteString()))
                            .build()
                            .toByteString());
        }
        if (eventName != null) {
            action.setEvents(
                    ChaincodeEvent.newBuilder()
                            .setChaincodeId(chaincode)
                            .setTxId(txId)
                            .setEventName(eventName)
                            .setPayload(ByteString.copyFromUtf8(payload))
                            .build()
                            .toByteString());
        }
        ProposalResponsePayload prp =
                ProposalResponsePayload.newBuilder()
                        .setExtension(action.build().toByteString())
                        .build();
        ChaincodeActionPayload cap =
                ChaincodeActionPayload.newBuilder()
                        .setAction(
                                ChaincodeEndorsedAction.newBuilder()
                                        .setProposalResponsePayload(prp.toByteString()))
                        .build();
        Transaction tx =
                Transaction.newBuilder()
                        .addActions(TransactionAction.newBuilder().setPayload(cap.toByteString()))
                        .build();
        Payload payloadMsg =
                Payload.newBuilder()
                        .setHeader(Header.newBuilder().setChannelHeader(ch.toByteString()))
                        .setData(tx.toByteString())
                        .build();
        return Envelope.newBuilder().setPayload(payloadMsg.toByteString()).build();
    }

    public static Envelope configTx() {
        ChannelHeader ch =
                ChannelHeader.newBuilder()
                        .setType(HeaderType.CONFIG_VALUE)
                        .setChannelId("raw-material")
                        .build();
        Payload payload =
                Payload.newBuilder()
                        .setHeader(Header.newBuilder().setChannelHeader(ch.toByteString()))
                        .setData(ByteString.copyFromUtf8("config"))
                        .build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).build();
    }

    /** A block of {@code envelopes} with one validation code per envelope (0 = VALID). */
    public static Block fabricBlock(
            final long number, final List<Envelope> envelopes, final byte[] validation) {
        BlockData.Builder data = BlockData.newBuilder();
        envelopes.forEach(e -> data.addData(e.toByteString()));
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (int i = 0; i < 5; i++) {
            metadata.addMetadata(i == 2 ? ByteString.copyFrom(validation) : ByteString.EMPTY);
        }
        return Block.newBuilder()
                .setHeader(
                        BlockHeader.newBuilder()
                                .setNumber(number)
                                .setPreviousHash(ByteString.copyFrom(new byte[32]))
                                .setDataHash(
                                        ByteString.copyFrom(
                                                Sha256.digest(new byte[] {(byte) number}))))
                .setData(data)
                .setMetadata(metadata)
                .build();
    }
}
