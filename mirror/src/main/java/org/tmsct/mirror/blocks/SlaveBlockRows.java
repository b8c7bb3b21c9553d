package org.tmsct.mirror.blocks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.Block;
import org.tmsct.core.protocol.EventNames;
import org.tmsct.core.protocol.StateKeys;
import org.tmsct.gateway.block.ChaincodeTransactions;
import org.tmsct.gateway.block.ChaincodeTransactions.Invocation;
import org.tmsct.mirror.BlockRows;
import org.tmsct.mirror.BlockRows.DeviceRow;
import org.tmsct.mirror.BlockRows.RawRow;

/**
 * The rows a block of the organisation's own slave channel adds: each device the slave contract
 * registered or revoked (its write of {@code device~id}), and, for each record the block stored
 * (its RecordCreated or RecordsCreated event), the organisation's raw record from its off-chain
 * store, joined by trace code and Hash(D).
 */
public final class SlaveBlockRows {

    /** Where the organisation's raw records are kept. */
    @FunctionalInterface
    public interface RawSource {
        /**
         * The raw rows of those {@code records} the organisation keeps, in any order.
         *
         * @throws Exception if the store cannot be read now (the block is tried again later)
         */
        List<RawRow> rawOf(List<RecordRef> records) throws Exception;
    }

    /** A record the slave channel stored: its id, trace code, stage and Hash(D). */
    public record RecordRef(String recordId, String tid, String stage, String dataHash) {}

    private final String channel;
    private final String chaincode;
    private final RawSource raw;

    public SlaveBlockRows(String channel, String chaincode, RawSource raw) {
        this.channel = channel;
        this.chaincode = chaincode;
        this.raw = raw;
    }

    /**
     * @throws org.tmsct.gateway.block.BlockReadException if the block cannot be decoded
     * @throws IllegalArgumentException if a write or an event is not what the slave contract writes
     * @throws Exception if the off-chain store cannot be read now
     */
    public BlockRows rows(Block block) throws Exception {
        long number = block.getHeader().getNumber();
        BlockRows.Builder rows = BlockPlace.builder(channel, block);
        List<RecordRef> records = new ArrayList<>();
        for (Invocation tx : ChaincodeTransactions.of(block, chaincode)) {
            for (Map.Entry<String, ByteString> w : new TreeMap<>(tx.writes()).entrySet()) {
                List<String> parts = StateKeys.split(w.getKey());
                if (!parts.isEmpty() && StateKeys.SLAVE_DEVICE.equals(parts.get(0))) {
                    rows.add(device(MasterBlockRows.json(w.getKey(), w.getValue()), number));
                }
            }
            records.addAll(recordsOf(tx));
        }
        if (!records.isEmpty()) {
            raw.rawOf(records).forEach(rows::add);
        }
        return rows.build();
    }

    private DeviceRow device(JsonObject d, long number) {
        return new DeviceRow(
                channel,
                d.get("deviceId").getAsString(),
                d.get("status").getAsString(),
                d.has("fingerprint") ? d.get("fingerprint").getAsString() : null,
                d.has("publicKey") ? d.get("publicKey").getAsString() : null,
                number);
    }

    /** The records a transaction stored, from its event; a single Record's id is its own. */
    static List<RecordRef> recordsOf(Invocation tx) {
        if (!tx.emitted(EventNames.RECORD_CREATED) && !tx.emitted(EventNames.RECORDS_CREATED)) {
            return List.of();
        }
        JsonObject payload = MasterBlockRows.json(tx.eventName() + " event", tx.eventPayload());
        List<RecordRef> out = new ArrayList<>();
        if (tx.emitted(EventNames.RECORD_CREATED)) {
            out.add(ref(tx.txId(), payload));
        } else {
            for (JsonElement e : payload.getAsJsonArray("records")) {
                JsonObject stored = e.getAsJsonObject();
                out.add(ref(stored.get("txId").getAsString(), stored));
            }
        }
        return out;
    }

    private static RecordRef ref(String id, JsonObject stored) {
        return new RecordRef(
                id,
                stored.get("tid").getAsString(),
                stored.get("stage").getAsString(),
                stored.get("dataHash").getAsString());
    }
}
