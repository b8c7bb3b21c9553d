package org.tmsct.slave.record;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the slave chain keeps of one record: never the raw data, only the trace code, stage, the
 * shared key data, the hash of the full record and who/when. Once the anchor relay has reported the
 * master transaction that anchored it, the record is ANCHORED; if master anchored its block but
 * refused the record itself (a rule of the process), it is REJECTED, with master's code and reason.
 */
public record StoredRecord(
        String txId,
        String tid,
        String stage,
        SortedMap<String, JsonElement> keyData,
        String dataHash,
        String deviceId,
        long deviceTimestamp,
        long txTimestamp,
        String status,
        Anchor anchor,
        Rejection rejection) {

    public static final String PENDING = "PENDING";
    public static final String ANCHORED = "ANCHORED";
    public static final String REJECTED = "REJECTED";

    /** Why master refused the record (its refusal code and reason); final, nothing retries it. */
    public record Rejection(String code, String reason) {}

    /** Where the record was anchored: its slave block, and the master transaction and block. */
    public record Anchor(
            long slaveBlockNumber,
            String masterTxId,
            long masterBlockNumber,
            String confirmTxId,
            long confirmedAt) {}

    public StoredRecord {
        TreeMap<String, JsonElement> copy = new TreeMap<>();
        keyData.forEach((k, v) -> copy.put(k, v.deepCopy()));
        keyData = copy;
    }

    public StoredRecord anchored(Anchor where) {
        return settled(ANCHORED, where, null);
    }

    /** Master anchored the record's block but refused this record, for {@code why}. */
    public StoredRecord rejected(Anchor where, Rejection why) {
        return settled(REJECTED, where, why);
    }

    private StoredRecord settled(String status, Anchor where, Rejection why) {
        return new StoredRecord(
                txId,
                tid,
                stage,
                keyData,
                dataHash,
                deviceId,
                deviceTimestamp,
                txTimestamp,
                status,
                where,
                why);
    }

    /** ANCHORED or REJECTED: master has decided, and the relay is done with it. */
    public boolean settled() {
        return anchor != null;
    }

    public JsonObject toJson() {
        JsonObject kd = new JsonObject();
        keyData.forEach((k, v) -> kd.add(k, v.deepCopy()));
        JsonObject o = new JsonObject();
        o.addProperty("txId", txId);
        o.addProperty("tid", tid);
        o.addProperty("stage", stage);
        o.add("keyData", kd);
        o.addProperty("dataHash", dataHash);
        o.addProperty("deviceId", deviceId);
        o.addProperty("deviceTimestamp", deviceTimestamp);
        o.addProperty("txTimestamp", txTimestamp);
        o.addProperty("status", status);
        if (anchor != null) {
            o.addProperty("slaveBlockNumber", anchor.slaveBlockNumber());
            o.addProperty("masterTxId", anchor.masterTxId());
            o.addProperty("masterBlockNumber", anchor.masterBlockNumber());
            o.addProperty("confirmTxId", anchor.confirmTxId());
            o.addProperty("confirmedAt", anchor.confirmedAt());
        }
        if (rejection != null) {
            o.addProperty("rejectionCode", rejection.code());
            o.addProperty("rejectionReason", rejection.reason());
        }
        return o;
    }

    public static StoredRecord fromJson(JsonObject o) {
        TreeMap<String, JsonElement> kd = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("keyData").entrySet()) {
            kd.put(e.getKey(), e.getValue());
        }
        Anchor anchor =
                o.has("masterTxId")
                        ? new Anchor(
                                o.get("slaveBlockNumber").getAsLong(),
                                o.get("masterTxId").getAsString(),
                                o.get("masterBlockNumber").getAsLong(),
                                o.get("confirmTxId").getAsString(),
                                o.get("confirmedAt").getAsLong())
                        : null;
        return new StoredRecord(
                o.get("txId").getAsString(),
                o.get("tid").getAsString(),
                o.get("stage").getAsString(),
                kd,
                o.get("dataHash").getAsString(),
                o.get("deviceId").getAsString(),
                o.get("deviceTimestamp").getAsLong(),
                o.get("txTimestamp").getAsLong(),
                o.get("status").getAsString(),
                anchor,
                o.has("rejectionCode")
                        ? new Rejection(
                                o.get("rejectionCode").getAsString(),
                                o.get("rejectionReason").getAsString())
                        : null);
    }
}
