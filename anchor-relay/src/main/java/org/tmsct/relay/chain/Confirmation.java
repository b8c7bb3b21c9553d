package org.tmsct.relay.chain;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The ConfirmAnchor document: which slave records the master anchored, which it rejected (with
 * master's code and reason), and where.
 */
public record Confirmation(
        long slaveBlockNumber,
        List<String> txIds,
        List<Rejection> rejected,
        String masterTxId,
        long masterBlockNumber) {

    public Confirmation {
        txIds = List.copyOf(txIds);
        rejected = List.copyOf(rejected);
        if (txIds.isEmpty() && rejected.isEmpty()) {
            throw new IllegalArgumentException("a confirmation needs at least one record");
        }
    }

    public Confirmation(
            long slaveBlockNumber, List<String> txIds, String masterTxId, long masterBlockNumber) {
        this(slaveBlockNumber, txIds, List.of(), masterTxId, masterBlockNumber);
    }

    /** One record it names, to read its status back. */
    public String anyTxId() {
        return txIds.isEmpty() ? rejected.get(0).txId() : txIds.get(0);
    }

    /** Every record it names, anchored ones first. */
    public List<String> allTxIds() {
        List<String> all = new ArrayList<>(txIds);
        rejected.forEach(r -> all.add(r.txId()));
        return all;
    }

    /** How many records it names. */
    public int size() {
        return txIds.size() + rejected.size();
    }

    public String toJson() {
        JsonArray ids = new JsonArray();
        txIds.forEach(ids::add);
        JsonObject o = new JsonObject();
        o.addProperty("slaveBlockNumber", slaveBlockNumber);
        o.add("txIds", ids);
        if (!rejected.isEmpty()) {
            JsonArray refused = new JsonArray();
            for (Rejection r : rejected) {
                JsonObject item = new JsonObject();
                item.addProperty("txId", r.txId());
                item.addProperty("code", r.code());
                item.addProperty("reason", r.reason());
                refused.add(item);
            }
            o.add("rejected", refused);
        }
        o.addProperty("masterTxId", masterTxId);
        o.addProperty("masterBlockNumber", masterBlockNumber);
        return o.toString();
    }
}
