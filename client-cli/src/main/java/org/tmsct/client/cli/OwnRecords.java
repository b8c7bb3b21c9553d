package org.tmsct.client.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;

/**
 * The organisation's own records as its slave channel holds them, for what master does not show:
 * records still PENDING, and records master REJECTED (with its code and reason).
 */
final class OwnRecords {

    /** Rejected records shown by {@code status}. */
    static final int SHOWN = 20;

    private OwnRecords() {}

    /** The records of {@code tid} on the slave channel, in transaction-time order. */
    static List<JsonObject> ofTid(final Contract slave, final String tid) throws GatewayException {
        return objects(Output.json(slave.evaluateTransaction("GetRecords", tid)));
    }

    /** Up to {@code limit} REJECTED records, in txId order (one bounded page). */
    static List<JsonObject> rejected(final Contract slave, final int limit)
            throws GatewayException {
        return objects(
                Output.json(
                        slave.evaluateTransaction(
                                "GetRejectedRecords", "", Integer.toString(limit))));
    }

    /** One line per record: its stage, status, slave transaction and, if rejected, why. */
    static String line(final JsonObject r) {
        String status = r.get("status").getAsString();
        StringBuilder out =
                new StringBuilder()
                        .append(String.format("%-13s %-9s", r.get("stage").getAsString(), status))
                        .append(" TID ")
                        .append(r.get("tid").getAsString())
                        .append(", slave tx ")
                        .append(r.get("txId").getAsString());
        if (r.has("rejectionCode")) {
            out.append("\n       ")
                    .append(r.get("rejectionCode").getAsString())
                    .append(": ")
                    .append(r.get("rejectionReason").getAsString());
        }
        return out.toString();
    }

    private static List<JsonObject> objects(final JsonElement array) {
        List<JsonObject> out = new ArrayList<>();
        JsonArray a = array.getAsJsonArray();
        a.forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }
}
