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
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.master.common.ErrorCodes;

/**
 * The CA certificate lists that governance registers on master (device CAs, orderer CAs): 1 to
 * {@link #MAX_CERTIFICATES} distinct PEM strings, each an X.509 CA certificate. {@code kind} names
 * the list in refusals ("device", "orderer").
 */
final class CaCertificates {

    static final int MAX_CERTIFICATES = 8;
    static final int MAX_PEM_LENGTH = 8192;

    private CaCertificates() {}

    /** The PEM strings of a proposed list, each checked; a refusal names the first bad one. */
    static List<String> parseAll(String kind, JsonArray certificates) {
        if (certificates.isEmpty() || certificates.size() > MAX_CERTIFICATES) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    kind + " CA certificates must hold 1 to " + MAX_CERTIFICATES + " PEM strings");
        }
        List<String> pems = new ArrayList<>();
        for (int i = 0; i < certificates.size(); i++) {
            JsonElement e = certificates.get(i);
            if (!e.isJsonPrimitive()
                    || !e.getAsJsonPrimitive().isString()
                    || e.getAsString().length() > MAX_PEM_LENGTH) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST,
                        kind
                                + " CA certificate "
                                + i
                                + " must be a PEM string of at most "
                                + MAX_PEM_LENGTH
                                + " characters");
            }
            String pem = e.getAsString();
            if (pems.contains(pem)) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST, kind + " CA certificate " + i + " is listed twice");
            }
            X509Certificate c = parse(kind, pem, i);
            if (c.getBasicConstraints() < 0) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST,
                        kind
                                + " CA certificate "
                                + i
                                + " ("
                                + c.getSubjectX500Principal().getName()
                                + ") is not a CA certificate (basicConstraints CA:TRUE)");
            }
            pems.add(pem);
        }
        return pems;
    }

    /**
     * The stored form of an MSP's list {msp, certificates, fingerprints, version, proposedBy, txId,
     * txTimestamp}; {@code current} itself when it holds the same certificates (nothing to write).
     */
    static JsonObject record(
            String kind, Tx tx, String mspId, List<String> pems, JsonObject current) {
        if (current != null && Json.strings(current.getAsJsonArray("certificates")).equals(pems)) {
            return current;
        }
        JsonArray fingerprints = new JsonArray();
        pems.forEach(p -> fingerprints.add(fingerprint(kind, p)));
        JsonObject o = new JsonObject();
        o.addProperty("msp", mspId);
        o.add("certificates", Json.array(pems));
        o.add("fingerprints", fingerprints);
        o.addProperty("version", current == null ? 1 : current.get("version").getAsLong() + 1);
        o.addProperty("proposedBy", tx.caller().mspId());
        o.addProperty("txId", tx.txId());
        o.addProperty("txTimestamp", tx.timestampMillis());
        return o;
    }

    /** SHA-256 of the DER form of a certificate {@link #parseAll} accepted. */
    static String fingerprint(String kind, String pem) {
        try {
            return Sha256.hex(parse(kind, pem, 0).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate parse(String kind, String pem, int index) {
        if (!DeviceSignature.holdsCertificate(pem)) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    kind + " CA certificate " + index + " is not a PEM certificate");
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
                    kind + " CA certificate " + index + " cannot be read: " + e.getMessage());
        }
    }
}
