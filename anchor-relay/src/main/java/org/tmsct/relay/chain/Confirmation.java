package org.tmsct.relay.chain;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/** The ConfirmAnchor document: which slave records the master anchored, and where. */
public record Confirmation(
        long slaveBlockNumber, List<String> txIds, String masterTxId, long masterBlockNumber) {

    public Confirmation {
        txIds = List.copyOf(txIds);
        if (txIds.isEmpty()) {
            throw new IllegalArgumentException("a confirmation needs at least one record");
        }
    }

    public String toJson() {
        JsonArray ids = new JsonArray();
        txIds.forEach(ids::add);
        JsonObject o = new JsonObject();
        o.addProperty("slaveBlockNumber", slaveBlockNumber);
        o.add("txIds", ids);
        o.addProperty("masterTxId", masterTxId);
        o.addProperty("masterBlockNumber", masterBlockNumber);
        return o.toString();
    }
}
