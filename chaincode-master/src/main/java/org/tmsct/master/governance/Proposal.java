package org.tmsct.master.governance;

import com.google.gson.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * A proposed change and the organisations that approved it. The change and its hash never change
 * after the proposal; approvals name the hash, so nobody approves a different change than the one
 * they read.
 *
 * @param approvals MSP id to {txId, txTimestamp} of its approval, sorted
 * @param result what the change wrote, once EXECUTED (null before)
 */
public record Proposal(
        String id,
        ChangeKind kind,
        JsonObject change,
        String contentHash,
        String proposedBy,
        String proposedTxId,
        long proposedAt,
        String status,
        Map<String, JsonObject> approvals,
        String executedTxId,
        long executedAt,
        JsonObject result) {

    public static final String PENDING = "PENDING";
    public static final String EXECUTED = "EXECUTED";

    public Proposal {
        approvals = new TreeMap<>(approvals);
    }

    public boolean executed() {
        return EXECUTED.equals(status);
    }

    public JsonObject toJson() {
        JsonObject a = new JsonObject();
        approvals.forEach(a::add);
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("kind", kind.name());
        o.add("change", change);
        o.addProperty("contentHash", contentHash);
        o.addProperty("proposedBy", proposedBy);
        o.addProperty("proposedTxId", proposedTxId);
        o.addProperty("proposedAt", proposedAt);
        o.addProperty("status", status);
        o.add("approvals", a);
        if (executed()) {
            o.addProperty("executedTxId", executedTxId);
            o.addProperty("executedAt", executedAt);
            o.add("result", result);
        }
        return o;
    }

    public static Proposal fromJson(JsonObject o) {
        TreeMap<String, JsonObject> approvals = new TreeMap<>();
        o.getAsJsonObject("approvals")
                .entrySet()
                .forEach(e -> approvals.put(e.getKey(), e.getValue().getAsJsonObject()));
        boolean executed = EXECUTED.equals(o.get("status").getAsString());
        return new Proposal(
                o.get("id").getAsString(),
                ChangeKind.valueOf(o.get("kind").getAsString()),
                o.getAsJsonObject("change"),
                o.get("contentHash").getAsString(),
                o.get("proposedBy").getAsString(),
                o.get("proposedTxId").getAsString(),
                o.get("proposedAt").getAsLong(),
                o.get("status").getAsString(),
                approvals,
                executed ? o.get("executedTxId").getAsString() : null,
                executed ? o.get("executedAt").getAsLong() : 0,
                executed ? o.getAsJsonObject("result") : null);
    }

    /** This proposal with one more approval. */
    Proposal approvedBy(String msp, String txId, long txTimestamp) {
        JsonObject approval = new JsonObject();
        approval.addProperty("txId", txId);
        approval.addProperty("txTimestamp", txTimestamp);
        TreeMap<String, JsonObject> more = new TreeMap<>(approvals);
        more.put(msp, approval);
        return new Proposal(
                id,
                kind,
                change,
                contentHash,
                proposedBy,
                proposedTxId,
                proposedAt,
                status,
                more,
                executedTxId,
                executedAt,
                result);
    }

    Proposal executedBy(String txId, long txTimestamp, JsonObject written) {
        return new Proposal(
                id,
                kind,
                change,
                contentHash,
                proposedBy,
                proposedTxId,
                proposedAt,
                EXECUTED,
                approvals,
                txId,
                txTimestamp,
                written);
    }
}
