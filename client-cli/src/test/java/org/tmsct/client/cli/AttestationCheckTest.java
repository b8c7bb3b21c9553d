package org.tmsct.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tmsct.core.commitment.EntryAttestation;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.commitment.SignedCommitment;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.core.record.RawRecord;

class AttestationCheckTest {

    @Test
    void showsTheSignedCommitmentAndEachDisclosedFieldAndFlagsAChangedOne() throws Exception {
        // a device certificate issued by a CA key, the way `tmsct device keygen` makes it
        java.security.KeyPair ca = DeviceSignature.generateKeyPair();
        java.security.KeyPair device = DeviceSignature.generateKeyPair();
        String cert = issued(ca, device, "dev-1");

        TreeMap<String, JsonElement> fields = new TreeMap<>();
        fields.put("batch", new JsonPrimitive("B-1"));
        fields.put("price", new JsonPrimitive(9.5));
        FieldCommitment c =
                FieldCommitment.commit(
                        new RawRecord("T-1", "RAW_MATERIAL", fields), new SecureRandom());
        EntryAttestation a =
                new EntryAttestation(
                        SignedCommitment.sign(c, "dev-1", Instant.now(), device.getPrivate()),
                        c.discloseKeyData(List.of("batch")),
                        cert);
        JsonObject json = a.toJsonObject();
        List<String> ok =
                AttestationCheck.check(
                        json, c.rootHex(), Map.of("batch", new JsonPrimitive("B-1")));
        assertTrue(ok.stream().noneMatch(l -> l.startsWith("!")), ok.toString());
        assertTrue(ok.get(0).contains("device dev-1 signed commitment"), ok.toString());
        assertTrue(
                ok.stream()
                        .anyMatch(
                                l ->
                                        l.contains(
                                                "disclosed /fields/batch = \"B-1\" opens a leaf of the signed commitment, as on master")),
                ok.toString());
        List<String> changed =
                AttestationCheck.check(
                        json, c.rootHex(), Map.of("batch", new JsonPrimitive("B-2")));
        assertEquals(
                1, changed.stream().filter(l -> l.startsWith("!")).count(), changed.toString());
    }

    private static String issued(
            java.security.KeyPair ca, java.security.KeyPair device, String deviceId)
            throws Exception {
        org.bouncycastle.asn1.x500.X500Name issuer =
                new org.bouncycastle.asn1.x500.X500Name("O=example.com,CN=ca.example.com");
        java.security.cert.X509Certificate cert =
                new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                        .getCertificate(
                                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                                                issuer,
                                                java.math.BigInteger.ONE,
                                                java.util.Date.from(Instant.now().minusSeconds(60)),
                                                java.util.Date.from(
                                                        Instant.now().plusSeconds(3600)),
                                                new org.bouncycastle.asn1.x500.X500Name(
                                                        "O=example.com,OU=device,CN=" + deviceId),
                                                device.getPublic())
                                        .build(
                                                new org.bouncycastle.operator.jcajce
                                                                .JcaContentSignerBuilder(
                                                                "SHA256withECDSA")
                                                        .build(ca.getPrivate())));
        java.io.StringWriter out = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter w =
                new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
            w.writeObject(cert);
        }
        return out.toString();
    }
}
