package org.tmsct.master.governance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.KeyValue;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.common.Ids;

/**
 * The CA certificates of the ordering service's organisations (ordererca~msp; one set per orderer
 * MSP, its key history keeps every set). Set only by an approved ORDERER_CA_ROOTS proposal. An
 * anchor's slave block headers count only with a signature by an orderer whose certificate one of
 * these CAs issued. The orderer organisation is not a member: the members decide which orderer CA
 * they trust.
 */
public final class OrdererCaRoots {

    static final String ORDERERCA = "ordererca";

    private static final String KIND = "orderer";

    /** At most this many orderer organisations, so reading them all is one small bounded read. */
    public static final int MAX_ORGANISATIONS = 8;

    private final StateStore store;

    public OrdererCaRoots(StateStore store) {
        this.store = store;
    }

    /** The stored set {msp, certificates[pem], fingerprints, version, ...}, or null. */
    public JsonObject find(String mspId) {
        byte[] bytes = store.get(key(Ids.msp(mspId)));
        return bytes == null || bytes.length == 0 ? null : Json.stored(bytes);
    }

    /** Every registered orderer MSP with its CA certificates, sorted by MSP id. */
    public Map<String, List<X509Certificate>> all() {
        Map<String, List<X509Certificate>> out = new TreeMap<>();
        for (KeyValue kv : store.byPrefix(Keys.composite(ORDERERCA))) {
            JsonObject o = Json.stored(kv.value());
            List<X509Certificate> certs = new ArrayList<>();
            for (String pem : Json.strings(o.getAsJsonArray("certificates"))) {
                certs.add(CaCertificates.parse(KIND, pem, certs.size()));
            }
            out.put(o.get("msp").getAsString(), certs);
        }
        return out;
    }

    /**
     * Writes the set; the same certificates again write nothing. Only an executed ORDERER_CA_ROOTS
     * proposal calls this ({@link Proposals}), which is why it checks no caller.
     */
    public JsonObject set(Tx tx, String mspId, JsonElement certificates) {
        return set(tx, mspId, certificates, true);
    }

    /**
     * Checks ({@code write} false) or writes the set; the same certificates again write nothing.
     */
    JsonObject set(Tx tx, String mspId, JsonElement certificates, boolean write) {
        String msp = Ids.msp(mspId);
        if (certificates == null || !certificates.isJsonArray()) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "ORDERER_CA_ROOTS change: \"certificates\" must be an array");
        }
        List<String> pems = CaCertificates.parseAll(KIND, certificates.getAsJsonArray());
        JsonObject current = find(msp);
        if (current == null && all().size() >= MAX_ORGANISATIONS) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "at most " + MAX_ORGANISATIONS + " orderer organisations may be registered");
        }
        JsonObject o = CaCertificates.record(KIND, tx, msp, pems, current);
        if (write && o != current) {
            store.put(key(msp), Json.bytes(o));
        }
        return o;
    }

    static String key(String mspId) {
        return Keys.composite(ORDERERCA, mspId);
    }
}
