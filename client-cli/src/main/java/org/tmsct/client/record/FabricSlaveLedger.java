package org.tmsct.client.record;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.tmsct.core.protocol.TransientKeys;
import org.tmsct.gateway.FabricSession;
import org.tmsct.gateway.GatewayErrors;
import org.tmsct.offchain.OffchainRecord;

/** The slave channel through the Fabric Gateway of one organisation's identity. */
public final class FabricSlaveLedger implements SlaveLedger {

    private final FabricSession session;

    public FabricSlaveLedger(final FabricSession session) {
        this.session = session;
    }

    @Override
    public Committed submit(final OffchainRecord row) throws Failure {
        Ordered o =
                commit(
                        session.slaveContract()
                                .newProposal("Record")
                                .addArguments(row.deviceId())
                                .putAllTransient(transientOf(row)));
        return new Committed(o.tx().getTransactionId(), o.status().getBlockNumber());
    }

    @Override
    public BatchCommitted submitBatch(final String deviceId, final List<OffchainRecord> rows)
            throws Failure {
        JsonArray items = new JsonArray();
        for (OffchainRecord row : rows) {
            JsonObject item = new JsonObject();
            transientOf(row)
                    .forEach((k, v) -> item.addProperty(k, new String(v, StandardCharsets.UTF_8)));
            items.add(item);
        }
        Ordered ordered =
                commit(
                        session.slaveContract()
                                .newProposal("RecordBatch")
                                .addArguments(deviceId)
                                .putTransient(TransientKeys.RECORDS, utf8(items.toString())));
        JsonObject answer =
                JsonParser.parseString(new String(ordered.tx().getResult(), StandardCharsets.UTF_8))
                        .getAsJsonObject();
        BatchItem[] out = new BatchItem[rows.size()];
        for (JsonElement e : answer.getAsJsonArray("recorded")) {
            JsonObject o = e.getAsJsonObject();
            out[o.get("index").getAsInt()] = new BatchItem(o.get("txId").getAsString(), null, null);
        }
        for (JsonElement e : answer.getAsJsonArray("refused")) {
            JsonObject o = e.getAsJsonObject();
            out[o.get("index").getAsInt()] =
                    new BatchItem(null, o.get("code").getAsString(), o.get("reason").getAsString());
        }
        return new BatchCommitted(
                ordered.tx().getTransactionId(),
                ordered.status().getBlockNumber(),
                Arrays.asList(out));
    }

    /** A transaction that was endorsed, ordered and committed as valid. */
    private record Ordered(SubmittedTransaction tx, Status status) {}

    /** Endorses and submits the proposal and waits for its commit. */
    private Ordered commit(final Proposal.Builder proposal) throws Failure {
        SubmittedTransaction tx;
        Status status;
        try {
            tx = proposal.build().endorse().submitAsync();
            status = tx.getStatus();
        } catch (Exception e) {
            throw failure(e);
        }
        if (!status.isSuccessful()) {
            // ordered but invalid (e.g. a read conflict): the contract did not refuse it
            throw new Failure(
                    "transaction " + tx.getTransactionId() + " did not commit: " + status.getCode(),
                    Optional.empty());
        }
        return new Ordered(tx, status);
    }

    /** The Record call's transient data: D, its salts, the device's signature and its time. */
    static Map<String, byte[]> transientOf(final OffchainRecord row) {
        Map<String, byte[]> out = new TreeMap<>();
        out.put(TransientKeys.RECORD, utf8(row.rawJson()));
        out.put(TransientKeys.SIGNATURE, utf8(row.signature()));
        out.put(TransientKeys.TIMESTAMP, utf8(Long.toString(row.signedAtMillis())));
        if (row.salts() != null) {
            out.put(TransientKeys.SALTS, utf8(row.salts()));
        }
        return out;
    }

    @Override
    public Optional<String> findRecord(final String tid, final String dataHash) throws Failure {
        JsonElement records;
        try {
            records =
                    JsonParser.parseString(
                            new String(
                                    session.slaveContract().evaluateTransaction("GetRecords", tid),
                                    StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw failure(e);
        }
        for (JsonElement r : records.getAsJsonArray()) {
            JsonObject o = r.getAsJsonObject();
            if (dataHash.equals(o.get("dataHash").getAsString())) {
                return Optional.of(o.get("txId").getAsString());
            }
        }
        return Optional.empty();
    }

    @Override
    public JsonObject getRecord(final String txId) throws Failure {
        try {
            return JsonParser.parseString(
                            new String(
                                    session.slaveContract().evaluateTransaction("GetRecord", txId),
                                    StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (Exception e) {
            throw failure(e);
        }
    }

    private Failure failure(final Exception e) {
        return new Failure(
                GatewayErrors.describe(e, session.org().peer().endpoint()),
                GatewayErrors.refusalCode(e));
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
