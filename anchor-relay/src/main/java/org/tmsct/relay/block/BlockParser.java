package org.tmsct.relay.block;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.protocol.EventNames;
import org.tmsct.core.protocol.RecordIds;
import org.tmsct.core.protocol.StateKeys;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.RecordFormatException;
import org.tmsct.gateway.block.BlockReadException;
import org.tmsct.gateway.block.ChaincodeTransactions;
import org.tmsct.gateway.block.ChaincodeTransactions.Invocation;

/**
 * Reads a full slave block: every envelope that is a VALID endorser transaction of the slave
 * chaincode and carries its {@code RecordCreated} event becomes a {@link RecordTx}, and one that
 * carries {@code RecordsCreated} (RecordBatch) one per record, each under its own id. Everything
 * else (config blocks, ConfirmAnchor, device registration, invalidated transactions such as MVCC
 * conflicts) is skipped, since only committed records may be anchored.
 *
 * <p>Each record's attestation comes from the transaction's write of {@link
 * StateKeys#recordAttestation}, so a block carries it once; events of blocks written before 3 Dec
 * 2026 carried it too, and are read as they are.
 */
public final class BlockParser {

    /** The event the slave contract emits from Record, with the stored record JSON as payload. */
    public static final String RECORD_EVENT = EventNames.RECORD_CREATED;

    /** The event of RecordBatch: {@code {"records":[...]}}, each a stored record. */
    public static final String RECORDS_EVENT = EventNames.RECORDS_CREATED;

    private final String slaveChaincode;

    public BlockParser(final String slaveChaincode) {
        this.slaveChaincode = slaveChaincode;
    }

    public SlaveBlock parse(final Block block) {
        long number = block.getHeader().getNumber();
        List<Invocation> invocations;
        try {
            invocations = ChaincodeTransactions.of(block, slaveChaincode);
        } catch (BlockReadException e) {
            throw new BlockFormatException(e.getMessage(), e);
        }
        List<RecordTx> records = new ArrayList<>();
        for (Invocation tx : invocations) {
            try {
                records.addAll(recordsOf(tx));
            } catch (RuntimeException e) {
                // a missing member, wrong JSON type or rule broken by the stored record
                throw new BlockFormatException(
                        "block "
                                + number
                                + ", transaction "
                                + tx.index()
                                + ": the "
                                + RECORD_EVENT
                                + " or "
                                + RECORDS_EVENT
                                + " event is not a stored record: "
                                + e.getMessage(),
                        e);
            }
        }
        return new SlaveBlock(
                number,
                BlockHeaderHash.hexOf(block.getHeader()),
                Hex.encode(block.getHeader().getPreviousHash().toByteArray()),
                block.getData().getDataCount(),
                records,
                Hex.encode(block.getHeader().toByteArray()),
                Hex.encode(signatures(block)),
                Map.of());
    }

    /** The SIGNATURES metadata (the orderer's signatures on the header), or none. */
    private static byte[] signatures(final Block block) {
        int index = BlockMetadataIndex.SIGNATURES_VALUE;
        return block.getMetadata().getMetadataCount() <= index
                ? new byte[0]
                : block.getMetadata().getMetadata(index).toByteArray();
    }

    private static List<RecordTx> recordsOf(final Invocation tx) {
        String payloadText = tx.eventPayload().toString(StandardCharsets.UTF_8);
        if (tx.emitted(RECORD_EVENT)) {
            JsonObject stored = JsonParser.parseString(payloadText).getAsJsonObject();
            return List.of(
                    new RecordTx(
                            entryOf(tx.txId(), stored),
                            tx.timestamp(),
                            attestationOf(tx.txId(), stored, tx.writes())));
        }
        if (tx.emitted(RECORDS_EVENT)) {
            return batchOf(tx.txId(), payloadText, tx.timestamp(), tx.writes());
        }
        return List.of();
    }

    /**
     * The records of a RecordBatch transaction, in batch order: each stored record's id must be
     * {@code <txId>#<n>}, so a batch can only name records of its own transaction.
     */
    private static List<RecordTx> batchOf(
            final String txId,
            final String payloadText,
            final Instant submitted,
            final Map<String, ByteString> writes) {
        List<RecordTx> out = new ArrayList<>();
        for (JsonElement e :
                JsonParser.parseString(payloadText).getAsJsonObject().getAsJsonArray("records")) {
            JsonObject stored = e.getAsJsonObject();
            String id = stored.get("txId").getAsString();
            if (!RecordIds.isOfBatch(id, txId)) {
                throw new RecordFormatException(
                        "record "
                                + id
                                + " of batch transaction "
                                + txId
                                + " is not "
                                + txId
                                + RecordIds.BATCH_SEPARATOR
                                + "<n>");
            }
            out.add(
                    new RecordTx(
                            entryOf(id, stored), submitted, attestationOf(id, stored, writes)));
        }
        return out;
    }

    /** The anchor entry from the stored record JSON {tid, stage, keyData, dataHash, txId, ...}. */
    static AnchorEntry entryOf(final String txId, final String storedRecordJson) {
        return entryOf(txId, JsonParser.parseString(storedRecordJson).getAsJsonObject());
    }

    private static AnchorEntry entryOf(final String txId, final JsonObject stored) {
        if (stored.has("txId") && !txId.equals(stored.get("txId").getAsString())) {
            throw new RecordFormatException(
                    "the event names transaction "
                            + stored.get("txId").getAsString()
                            + " but was emitted by "
                            + txId);
        }
        Map<String, JsonElement> keyData = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : stored.getAsJsonObject("keyData").entrySet()) {
            keyData.put(e.getKey(), e.getValue());
        }
        return new AnchorEntry(
                txId,
                stored.get("tid").getAsString(),
                stored.get("stage").getAsString(),
                keyData,
                stored.get("dataHash").getAsString());
    }

    /**
     * The entry's attestation in the stored record JSON ({@code attestation}: signed commitment,
     * disclosures, certificate), passed on to master as it is; null if the event has none.
     */
    static JsonObject attestationOf(final String storedRecordJson) {
        return attestationOf(JsonParser.parseString(storedRecordJson).getAsJsonObject());
    }

    private static JsonObject attestationOf(final JsonObject stored) {
        JsonElement a = stored.get(ATTESTATION_MEMBER);
        return a != null && a.isJsonObject() ? a.getAsJsonObject() : null;
    }

    /**
     * The attestation of record {@code recordId}: the transaction's write of its attestation key,
     * or, in blocks written before that write was read, the event's member; null if neither.
     */
    private static JsonObject attestationOf(
            final String recordId, final JsonObject stored, final Map<String, ByteString> writes) {
        ByteString written = writes.get(StateKeys.recordAttestation(recordId));
        if (written != null && !written.isEmpty()) {
            return JsonParser.parseString(written.toString(StandardCharsets.UTF_8))
                    .getAsJsonObject();
        }
        return attestationOf(stored);
    }

    /**
     * The member of the RecordCreated event that carried the entry's attestation until 3 Dec 2026.
     */
    public static final String ATTESTATION_MEMBER = "attestation";
}
