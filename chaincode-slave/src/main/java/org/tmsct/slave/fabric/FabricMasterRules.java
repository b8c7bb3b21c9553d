package org.tmsct.slave.fabric;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.tmsct.core.protocol.Refusal;
import org.tmsct.slave.record.MasterRules;

/**
 * {@link MasterRules} through a cross-channel query of chaincode-master's CheckEntry on channel
 * master, from the same peer. Fabric runs such a call read-only: nothing it reads or writes enters
 * this transaction. Any failure (master not deployed, the peer not on master, a bad answer) counts
 * as "could not ask", so a record is never refused because master was unreachable.
 */
public final class FabricMasterRules implements MasterRules {

    /**
     * As network/topology.sh names them; TMSCT_MASTER_CHAINCODE and TMSCT_MASTER_CHANNEL override.
     */
    public static final String MASTER_CHAINCODE = "chaincode-master";

    public static final String MASTER_CHANNEL = "master";

    private static final Logger LOG = Logger.getLogger(FabricMasterRules.class.getName());

    private final ChaincodeStub stub;
    private final String chaincode;
    private final String channel;

    public FabricMasterRules(ChaincodeStub stub, String chaincode, String channel) {
        this.stub = stub;
        this.chaincode = chaincode;
        this.channel = channel;
    }

    /** With the names from the environment, else the topology's. */
    public static FabricMasterRules of(ChaincodeStub stub) {
        return new FabricMasterRules(
                stub,
                envOr("TMSCT_MASTER_CHAINCODE", MASTER_CHAINCODE),
                envOr("TMSCT_MASTER_CHANNEL", MASTER_CHANNEL));
    }

    @Override
    public Optional<Refusal> check(
            String slaveChainId, String tid, String stage, Set<String> keyFields) {
        JsonArray fields = new JsonArray();
        keyFields.forEach(fields::add);
        try {
            Chaincode.Response r =
                    stub.invokeChaincodeWithStringArgs(
                            chaincode,
                            List.of("CheckEntry", slaveChainId, tid, stage, fields.toString()),
                            channel);
            if (r == null || r.getStatus() != Chaincode.Response.Status.SUCCESS) {
                LOG.log(
                        Level.WARNING,
                        "master not asked about {0}: {1}",
                        new Object[] {tid, r == null ? "no answer" : r.getMessage()});
                return Optional.empty();
            }
            JsonObject answer = JsonParser.parseString(r.getStringPayload()).getAsJsonObject();
            if (answer.get("allowed").getAsBoolean()) {
                return Optional.empty();
            }
            return Optional.of(
                    new Refusal(
                            answer.get("code").getAsString(), answer.get("reason").getAsString()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "master not asked about " + tid + ": " + e);
            return Optional.empty();
        }
    }

    @Override
    public List<Optional<Refusal>> checkAll(String slaveChainId, List<Query> queries) {
        JsonArray array = new JsonArray();
        for (Query q : queries) {
            JsonArray fields = new JsonArray();
            q.keyFields().forEach(fields::add);
            JsonObject o = new JsonObject();
            o.addProperty("tid", q.tid());
            o.addProperty("stage", q.stage());
            o.add("keyFields", fields);
            array.add(o);
        }
        List<Optional<Refusal>> none =
                queries.stream().map(q -> Optional.<Refusal>empty()).toList();
        try {
            Chaincode.Response r =
                    stub.invokeChaincodeWithStringArgs(
                            chaincode,
                            List.of("CheckEntries", slaveChainId, array.toString()),
                            channel);
            if (r == null || r.getStatus() != Chaincode.Response.Status.SUCCESS) {
                LOG.log(
                        Level.WARNING,
                        "master not asked about {0} records: {1}",
                        new Object[] {queries.size(), r == null ? "no answer" : r.getMessage()});
                return none;
            }
            JsonArray answers = JsonParser.parseString(r.getStringPayload()).getAsJsonArray();
            if (answers.size() != queries.size()) {
                LOG.log(
                        Level.WARNING,
                        "master answered {0} of {1} checks",
                        new Object[] {answers.size(), queries.size()});
                return none;
            }
            List<Optional<Refusal>> out = new ArrayList<>();
            for (JsonElement e : answers) {
                JsonObject answer = e.getAsJsonObject();
                out.add(
                        answer.get("allowed").getAsBoolean()
                                ? Optional.empty()
                                : Optional.of(
                                        new Refusal(
                                                answer.get("code").getAsString(),
                                                answer.get("reason").getAsString())));
            }
            return out;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "master not asked about " + queries.size() + " records: " + e);
            return none;
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
