package org.tmsct.web.chain;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hyperledger.fabric.client.Contract;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.gateway.GatewayErrors;
import org.tmsct.gateway.GenealogyPages;
import org.tmsct.gateway.RenewingSession;
import org.tmsct.gateway.config.OrgConnection;
import org.tmsct.web.WebError;
import org.tmsct.web.WebException;

/**
 * What the trace server reads from the chain, through its organisation's gateway: master's trace,
 * genealogy, existence and proofs, and the organisation's own slave channel for its admins. Every
 * call is an evaluate; the server never submits.
 */
public final class MasterReader {

    /** Genealogy walks on a page stay small: a consumer page is not a recall report. */
    static final int WALK_DEPTH = 10;

    static final int WALK_LOTS = 200;

    /** The newest rejected records an admin sees at once. */
    static final int REJECTED_PAGE = 100;

    /** Proofs kept, at a few KB each. */
    static final int PROOFS_KEPT = 10_000;

    private final RenewingSession session;
    private final OrgConnection org;
    private final Map<String, JsonObject> proofs =
            Collections.synchronizedMap(
                    new LinkedHashMap<>(256, 0.75f, true) {
                        private static final long serialVersionUID = 1L;

                        @Override
                        protected boolean removeEldestEntry(
                                final Map.Entry<String, JsonObject> eldest) {
                            return size() > PROOFS_KEPT;
                        }
                    });

    public MasterReader(final RenewingSession session, final OrgConnection org) {
        this.session = session;
        this.org = org;
    }

    public OrgConnection org() {
        return org;
    }

    public JsonObject trace(final String tid) {
        return object(master(), "Trace", tid);
    }

    public JsonObject exists(final String tid) {
        return object(master(), "Exists", tid);
    }

    /** One bounded page of what the product was made of (all pages for a page's tree). */
    public JsonObject upstream(final String tid) {
        return walk("Upstream", tid);
    }

    public JsonObject recall(final String tid) {
        return walk("Recall", tid);
    }

    private JsonObject walk(final String function, final String tid) {
        try {
            return GenealogyPages.readAll(
                    bookmark ->
                            object(
                                    master(),
                                    function,
                                    tid,
                                    Integer.toString(WALK_DEPTH),
                                    Integer.toString(WALK_LOTS),
                                    "100",
                                    bookmark,
                                    "true"),
                    (read, total) -> {});
        } catch (WebException e) {
            throw e;
        } catch (Exception e) {
            throw translate(function, e); // object() already translates; kept for the signature
        }
    }

    /**
     * Master's Merkle proof of one trace entry. An anchor never changes once written, so each proof
     * is read from master once and kept (a page shows every entry's badge).
     */
    public JsonObject proof(final JsonObject entry) {
        String chain = entry.get("slaveChainId").getAsString();
        String block = Long.toString(entry.get("slaveBlockNumber").getAsLong());
        String txId = entry.get("slaveTxId").getAsString();
        String key = chain + "/" + block + "/" + txId;
        JsonObject cached = proofs.get(key);
        if (cached == null) {
            cached = object(master(), "Proof", chain, block, txId);
            proofs.put(key, cached);
        }
        return cached.deepCopy();
    }

    /** The organisation's REJECTED records on its slave channel, newest pages first. */
    public JsonArray rejected() {
        JsonElement answer =
                json(slave(), "GetRejectedRecords", "", Integer.toString(REJECTED_PAGE));
        if (answer.isJsonObject() && answer.getAsJsonObject().has("records")) {
            return answer.getAsJsonObject().getAsJsonArray("records");
        }
        return answer.isJsonArray() ? answer.getAsJsonArray() : new JsonArray();
    }

    public JsonArray devices() {
        JsonElement answer = json(slave(), "ListDevices");
        if (answer.isJsonObject() && answer.getAsJsonObject().has("devices")) {
            return answer.getAsJsonObject().getAsJsonArray("devices");
        }
        return answer.isJsonArray() ? answer.getAsJsonArray() : new JsonArray();
    }

    /** The slave channel's own record of a transaction (its Hash(D) and status). */
    public JsonObject slaveRecord(final String txId) {
        return object(slave(), "GetRecord", txId);
    }

    private Contract master() {
        return session.network(org.masterChannel()).getContract(org.chaincodes().master());
    }

    private Contract slave() {
        return session.network(org.slaveChannel()).getContract(org.chaincodes().slave());
    }

    private static JsonObject object(
            final Contract contract, final String function, final String... args) {
        return json(contract, function, args).getAsJsonObject();
    }

    private static JsonElement json(
            final Contract contract, final String function, final String... args) {
        try {
            return JsonParser.parseString(
                    new String(
                            contract.evaluateTransaction(function, args), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw translate(function, e);
        }
    }

    /**
     * A contract refusal becomes the client's error (unknown trace code: 404, bad argument: 400);
     * an unreachable or slow peer becomes 503, so a client knows to retry.
     */
    static WebException translate(final String function, final Exception e) {
        var refusal = GatewayErrors.refusal(e);
        if (refusal.isPresent()) {
            String code = refusal.get().code();
            if (ErrorCode.UNKNOWN_TID.name().equals(code)) {
                return new WebException(WebError.UNKNOWN_TID, refusal.get().message());
            }
            return new WebException(WebError.BAD_REQUEST, code + ": " + refusal.get().message());
        }
        Status status = GatewayErrors.statusOf(e);
        if (status != null) {
            return new WebException(
                    WebError.NETWORK_UNAVAILABLE,
                    "the network did not answer "
                            + function
                            + " ("
                            + status.getCode()
                            + "); try again shortly");
        }
        return new WebException(
                WebError.INTERNAL, function + " failed: " + e.getClass().getSimpleName());
    }
}
