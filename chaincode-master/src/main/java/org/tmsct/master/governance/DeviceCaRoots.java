package org.tmsct.master.governance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.common.Ids;

/**
 * The CA certificates each member organisation's devices are issued by (devca~msp; one set per
 * organisation, its key history keeps every set). Set only by an approved DEVICE_CA_ROOTS proposal;
 * the device-signature checks on anchors read them.
 */
public final class DeviceCaRoots {

    static final String DEVCA = "devca";

    public static final int MAX_CERTIFICATES = 8;
    public static final int MAX_PEM_LENGTH = 8192;

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
        if (current != null && Json.strings(current.getAsJsonArray("certificates")).equals(pems)) {
            return current;
        }
        JsonArray fingerprints = new JsonArray();
        pems.forEach(p -> fingerprints.add(fingerprint(p)));
        JsonObject o = new JsonObject();
        o.addProperty("msp", mspId);
        o.add("certificates", Json.array(pems));
        o.add("fingerprints", fingerprints);
        o.addProperty("version", current == null ? 1 : current.get("version").getAsLong() + 1);
        o.addProperty("proposedBy", tx.caller().mspId());
        o.addProperty("txId", tx.txId());
        o.addProperty("txTimestamp", tx.timestampMillis());
        store.put(key(mspId), Json.bytes(o));
        return o;
    }

    /** 1-8 distinct PEM certificates, each an X.509 CA certificate (basicConstraints CA:TRUE). */
    static List<String> parseAll(JsonArray certificates) {
        if (certificates.isEmpty() || certificates.size() > MAX_CERTIFICATES) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "device CA certificates must hold 1 to " + MAX_CERTIFICATES + " PEM strings");
        }
        List<String> pems = new ArrayList<>();
        for (int i = 0; i < certificates.size(); i++) {
            JsonElement e = certificates.get(i);
            if (!e.isJsonPrimitive()
                    || !e.getAsJsonPrimitive().isString()
                    || e.getAsString().length() > MAX_PEM_LENGTH) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST,
                        "device CA certificate "
                                + i
                                + " must be a PEM string of at most "
                                + MAX_PEM_LENGTH
                                + " characters");
            }
            String pem = e.getAsString();
            if (pems.contains(pem)) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST, "device CA certificate " + i + " is listed twice");
            }
            X509Certificate c = parse(pem, i);
            if (c.getBasicConstraints() < 0) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST,
                        "device CA certificate "
                                + i
                                + " ("
                                + c.getSubjectX500Principal().getName()
                                + ") is not a CA certificate (basicConstraints CA:TRUE)");
            }
            pems.add(pem);
        }
        return pems;
    }

    private static String fingerprint(String pem) {
        try {
            return Sha256.hex(parse(pem, 0).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate parse(String pem, int index) {
        if (!DeviceSignature.holdsCertificate(pem)) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "device CA certificate " + index + " is not a PEM certificate");
        }
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509")
                            .generateCertificate(
                                    new ByteArrayInputStream(
                                            pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "device CA certificate " + index + " cannot be read: " + e.getMessage());
        }
    }

    static String key(String mspId) {
        return Keys.composite(DEVCA, mspId);
    }
}
