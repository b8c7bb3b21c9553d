package org.tmsct.master.anchor;

import com.google.gson.JsonElement;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.core.commitment.EntryAttestation;
import org.tmsct.core.commitment.FieldDisclosure;
import org.tmsct.core.commitment.FieldPointer;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.DeviceCertificates;
import org.tmsct.master.common.ErrorCodes;

/**
 * What master checks of one anchor entry without its raw record, from the entry's {@link
 * EntryAttestation}: the device signed the entry's Hash(D) as a field commitment, within {@link
 * EntryAttestation#MAX_AGE} before and {@link EntryAttestation#MAX_AHEAD} after the master
 * transaction; its certificate names it (CN = device id), was issued by one of the owner
 * organisation's device CA roots registered through governance and was valid at the signing time;
 * the owner had not reported the device revoked by then; and the disclosed /tid, /stage and key
 * fields are leaves of the signed commitment and are exactly the entry's. A failing entry is
 * rejected alone, like a rule of the process ({@link EntryRules}).
 */
public final class EntryVerifier {

    /** What master trusts for the checks: the registered device CAs and reported revocations. */
    public interface Trust {
        /** The device CA roots of {@code mspId}, empty if it has none registered. */
        List<X509Certificate> deviceCaRoots(String mspId);

        /** When {@code mspId} revoked {@code deviceId}, or null. */
        Long revokedAt(String mspId, String deviceId);

        /** The certificate in {@code pem}; {@link DeviceTrust#cached} reads each PEM once. */
        default X509Certificate certificate(String pem) throws GeneralSecurityException {
            return parseCertificate(pem);
        }

        /**
         * Whether one of {@code roots} issued {@code cert} (a pure function of the two, so {@link
         * DeviceTrust#cached} answers it once per certificate).
         */
        default boolean issued(X509Certificate cert, List<X509Certificate> roots) {
            return issuedByOneOf(cert, roots);
        }
    }

    private EntryVerifier() {}

    /**
     * The refusal of the entry, or null if the device's signature, certificate and disclosures
     * hold.
     *
     * @param attestation null when the relay sent none for the entry
     */
    public static ContractError check(
            AnchorEntry entry,
            EntryAttestation attestation,
            String ownerMsp,
            Trust trust,
            long txMillis) {
        if (attestation == null) {
            return new ContractError(
                    ErrorCodes.DEVICE_SIGNATURE_INVALID,
                    "the entry carries no device signature (no attestation): master anchors only"
                            + " what a registered device signed");
        }
        String root = Hex.encode(attestation.signed().root());
        String deviceId = attestation.signed().deviceId();
        if (!root.equals(entry.dataHash())) {
            return new ContractError(
                    ErrorCodes.DEVICE_SIGNATURE_INVALID,
                    "device "
                            + deviceId
                            + " signed commitment "
                            + root
                            + ", but the entry's Hash(D) is "
                            + entry.dataHash());
        }
        Instant signedAt = attestation.signed().timestamp();
        long signedMillis = signedAt.toEpochMilli();
        if (signedMillis < txMillis - EntryAttestation.MAX_AGE.toMillis()
                || signedMillis > txMillis + EntryAttestation.MAX_AHEAD.toMillis()) {
            return new ContractError(
                    ErrorCodes.SIGNING_TIME_OUTSIDE_WINDOW,
                    "device "
                            + deviceId
                            + " signed at "
                            + signedAt
                            + ", outside the window of "
                            + EntryAttestation.MAX_AGE.toHours()
                            + " h before to "
                            + EntryAttestation.MAX_AHEAD.toMinutes()
                            + " min after this transaction ("
                            + Instant.ofEpochMilli(txMillis)
                            + ")");
        }
        List<X509Certificate> roots = trust.deviceCaRoots(ownerMsp);
        if (roots.isEmpty()) {
            return new ContractError(
                    ErrorCodes.NO_DEVICE_CA,
                    "no device CA is registered on master for "
                            + ownerMsp
                            + "; the members register one with a DEVICE_CA_ROOTS proposal");
        }
        X509Certificate cert;
        try {
            cert = trust.certificate(attestation.certificatePem());
        } catch (GeneralSecurityException | RuntimeException e) {
            return new ContractError(
                    ErrorCodes.DEVICE_CERT_UNTRUSTED,
                    "the certificate of device "
                            + deviceId
                            + " cannot be read (a device registered by its bare key has none): "
                            + e.getMessage());
        }
        if (!trust.issued(cert, roots)) {
            return new ContractError(
                    ErrorCodes.DEVICE_CERT_UNTRUSTED,
                    "the certificate of device "
                            + deviceId
                            + " (issuer "
                            + cert.getIssuerX500Principal().getName()
                            + ") was not issued by a device CA of "
                            + ownerMsp
                            + " registered on master");
        }
        String cn = commonName(cert);
        if (!deviceId.equals(cn)) {
            return new ContractError(
                    ErrorCodes.DEVICE_CERT_UNTRUSTED,
                    "the certificate is for device "
                            + cn
                            + ", but the commitment was signed as device "
                            + deviceId);
        }
        try {
            cert.checkValidity(Date.from(signedAt));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return new ContractError(
                    ErrorCodes.DEVICE_CERT_EXPIRED,
                    "the certificate of device "
                            + deviceId
                            + " is valid from "
                            + cert.getNotBefore().toInstant()
                            + " to "
                            + cert.getNotAfter().toInstant()
                            + ", not at its signing time "
                            + signedAt);
        }
        Long revokedAt = trust.revokedAt(ownerMsp, deviceId);
        if (revokedAt != null && signedMillis >= revokedAt) {
            return new ContractError(
                    ErrorCodes.DEVICE_REVOKED,
                    "device "
                            + deviceId
                            + " of "
                            + ownerMsp
                            + " was revoked at "
                            + Instant.ofEpochMilli(revokedAt)
                            + " and signed this entry at "
                            + signedAt);
        }
        if (!attestation.signed().verify(cert.getPublicKey())) {
            return new ContractError(
                    ErrorCodes.DEVICE_SIGNATURE_INVALID,
                    "the signature of device "
                            + deviceId
                            + " over commitment "
                            + root
                            + " does not verify with its certificate's key");
        }
        return checkDisclosures(entry, attestation);
    }

    /** The disclosed members are leaves of the signed root and are exactly the entry's. */
    static ContractError checkDisclosures(AnchorEntry entry, EntryAttestation attestation) {
        byte[] root = attestation.signed().root();
        if (!FieldDisclosure.verifyAll(attestation.disclosures(), root)) {
            return new ContractError(
                    ErrorCodes.DISCLOSURE_INVALID,
                    "a disclosed field does not verify against the device's signed commitment,"
                            + " or a field is disclosed twice");
        }
        TreeMap<String, JsonElement> expected = new TreeMap<>();
        expected.put(FieldPointer.TID, new com.google.gson.JsonPrimitive(entry.tid()));
        expected.put(FieldPointer.STAGE, new com.google.gson.JsonPrimitive(entry.stage()));
        entry.keyData().forEach((k, v) -> expected.put(FieldPointer.field(k), v));
        TreeMap<String, FieldDisclosure> disclosed = new TreeMap<>();
        attestation.disclosures().forEach(d -> disclosed.put(d.pointer(), d));
        if (!disclosed.keySet().equals(expected.keySet())) {
            return new ContractError(
                    ErrorCodes.DISCLOSURE_INVALID,
                    "the disclosures name "
                            + disclosed.keySet()
                            + ", but the entry shares "
                            + expected.keySet());
        }
        for (Map.Entry<String, JsonElement> e : expected.entrySet()) {
            if (!Arrays.equals(
                    CanonicalJson.canonicalize(e.getValue()),
                    disclosed.get(e.getKey()).canonicalValue())) {
                return new ContractError(
                        ErrorCodes.DISCLOSURE_INVALID,
                        "the entry's " + e.getKey() + " is not the value the device committed to");
            }
        }
        return null;
    }

    /** Reads one PEM certificate. */
    public static X509Certificate parseCertificate(String pem) throws GeneralSecurityException {
        return DeviceCertificates.parse(pem);
    }

    static boolean issuedByOneOf(X509Certificate cert, List<X509Certificate> roots) {
        return DeviceCertificates.issuedByOneOf(cert, roots);
    }

    private static String commonName(X509Certificate cert) {
        return DeviceCertificates.commonName(cert);
    }
}
