package org.tmsct.master.governance;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.common.Ids;

/**
 * The CA certificates each member organisation's devices are issued by (devca~msp; one set per
 * organisation, its key history keeps every set). Set only by an approved DEVICE_CA_ROOTS proposal;
 * the device-signature checks on anchors read them.
 */
public final class DeviceCaRoots {

    static final String DEVCA = "devca";
    private static final String KIND = "device";

    /** The certificates of a DEVICE_CA_ROOTS change, checked. */
    static List<String> parseAll(JsonArray certificates) {
        return CaCertificates.parseAll(KIND, certificates);
    }

    public static final int MAX_CERTIFICATES = CaCertificates.MAX_CERTIFICATES;

    private final StateStore store;

    public DeviceCaRoots(StateStore store) {
        this.store = store;
    }

    /** The stored set {msp, certificates[pem], fingerprints[sha256 of DER], ...}, or null. */
    public JsonObject find(String mspId) {
        byte[] bytes = store.get(key(Ids.msp(mspId)));
        return bytes == null || bytes.length == 0 ? null : Json.stored(bytes);
    }

    public JsonObject require(String mspId) {
        JsonObject roots = find(mspId);
        if (roots == null) {
            throw new ContractError(
                    ErrorCodes.NO_DEVICE_CA,
                    "no device CA is registered for "
                            + mspId
                            + "; the members register one with a DEVICE_CA_ROOTS proposal");
        }
        return roots;
    }

    /** Writes the set; the same certificates again write nothing. */
    JsonObject set(Tx tx, String mspId, List<String> pems) {
        JsonObject current = find(mspId);
        JsonObject o = CaCertificates.record(KIND, tx, mspId, pems, current);
        if (o != current) {
            store.put(key(mspId), Json.bytes(o));
        }
        return o;
    }

    static String key(String mspId) {
        return Keys.composite(DEVCA, mspId);
    }
}
