package org.tmsct.client.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tmsct.core.commitment.EntryAttestation;
import org.tmsct.core.commitment.FieldDisclosure;
import org.tmsct.core.commitment.FieldPointer;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.record.CanonicalJson;

/**
 * What {@code verify} shows of an entry's attestation (the slave contract's GetAttestation): the
 * device's signature over the commitment whose root is the entry's Hash(D) on master, and each
 * disclosed shared field checked against that signed root and against the key data on master.
 */
final class AttestationCheck {

    private AttestationCheck() {}

    /** Lines to print; a line starting with "!" is a failure. */
    static List<String> check(
            JsonObject attestationJson, String masterHash, Map<String, JsonElement> keyData) {
        List<String> out = new ArrayList<>();
        EntryAttestation a;
        try {
            a = EntryAttestation.fromJson(attestationJson);
        } catch (RuntimeException e) {
            out.add("! the attestation cannot be read: " + e.getMessage());
            return out;
        }
        String root = Hex.encode(a.signed().root());
        if (!root.equals(masterHash)) {
            out.add("! the device signed commitment " + root + ", master holds " + masterHash);
        }
        try {
            X509Certificate cert =
                    (X509Certificate)
                            CertificateFactory.getInstance("X.509")
                                    .generateCertificate(
                                            new ByteArrayInputStream(
                                                    a.certificatePem()
                                                            .getBytes(StandardCharsets.US_ASCII)));
            out.add(
                    (a.signed().verify(cert.getPublicKey()) ? "" : "! ")
                            + "device "
                            + a.signed().deviceId()
                            + " signed commitment "
                            + root.substring(0, 16)
                            + "… at "
                            + a.signed().timestamp()
                            + (a.signed().verify(cert.getPublicKey())
                                    ? " (signature verified with its certificate, issuer "
                                            + cert.getIssuerX500Principal().getName()
                                            + ")"
                                    : ": the signature does not verify"));
        } catch (Exception e) {
            out.add("! the device certificate cannot be read: " + e.getMessage());
        }
        for (FieldDisclosure d : a.disclosures()) {
            String name = FieldPointer.fieldName(d.pointer());
            boolean leaf = d.verify(a.signed().root());
            JsonElement onMaster = name == null ? null : keyData.get(name);
            boolean same =
                    name == null
                            || (onMaster != null
                                    && Arrays.equals(
                                            CanonicalJson.canonicalize(onMaster),
                                            d.canonicalValue()));
            out.add(
                    (leaf && same ? "" : "! ")
                            + "disclosed "
                            + d.pointer()
                            + " = "
                            + CanonicalJson.canonicalString(d.value())
                            + (leaf
                                    ? " opens a leaf of the signed commitment"
                                    : " does NOT open a leaf of the signed commitment")
                            + (name == null ? "" : same ? ", as on master" : ", master differs"));
        }
        return out;
    }
}
