package org.tmsct.bench;

import com.google.gson.JsonPrimitive;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tmsct.core.commitment.EntryAttestation;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.commitment.FieldDisclosure;
import org.tmsct.core.commitment.SignedCommitment;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.core.record.RawRecord;
import org.tmsct.master.anchor.EntryVerifier;

/**
 * What a master endorser would spend on one anchored entry under the salted commitment: the
 * disclosures of the shared key data (tid, stage and five fields of a twelve-field record), the
 * device's ECDSA P-256 signature over the commitment, and the device certificate (PEM, as the relay
 * would send it) parsed and checked against one CA certificate at the signing time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CommitmentBenchmark {

    private static final List<String> KEY_FIELDS =
            List.of("batch", "product", "quantity", "location", "temperatureC");

    private List<FieldDisclosure> disclosures;
    private byte[] root;
    private SignedCommitment signed;
    private PublicKey devicePublicKey;
    private String deviceCertPem;
    private String caCertPem;
    private AnchorEntry entry;
    private EntryAttestation attestation;
    private EntryVerifier.Trust trust;
    private long txMillis;

    @Setup
    public void setUp() throws Exception {
        RawRecord record =
                new RawRecord(
                        "TID-2024-000042",
                        "raw-material",
                        Map.ofEntries(
                                Map.entry("batch", new JsonPrimitive("B-7")),
                                Map.entry("product", new JsonPrimitive("frame-alu-54")),
                                Map.entry("quantity", new JsonPrimitive(120)),
                                Map.entry("location", new JsonPrimitive("DE-HAM-03")),
                                Map.entry("temperatureC", new JsonPrimitive(-3)),
                                Map.entry("grade", new JsonPrimitive("A")),
                                Map.entry("price", new JsonPrimitive("12.40")),
                                Map.entry("supplier", new JsonPrimitive("Acme Steel")),
                                Map.entry("operator", new JsonPrimitive("J. Mueller")),
                                Map.entry("weightKg", new JsonPrimitive(12.5)),
                                Map.entry("certified", new JsonPrimitive(true)),
                                Map.entry("notes", new JsonPrimitive("none"))));
        FieldCommitment commitment = FieldCommitment.commit(record, new SecureRandom());
        disclosures = commitment.discloseKeyData(KEY_FIELDS);
        root = commitment.root();

        KeyPair ca = DeviceSignature.generateKeyPair();
        KeyPair device = DeviceSignature.generateKeyPair();
        Instant now = Instant.now();
        X509Certificate caCert =
                certificate(
                        "CN=org1-device-ca", ca.getPublic(), "CN=org1-device-ca", ca, now, true);
        X509Certificate deviceCert =
                certificate(
                        "CN=org1-device-ca", device.getPublic(), "CN=sensor-0001", ca, now, false);
        caCertPem = pem(caCert.getEncoded());
        deviceCertPem = pem(deviceCert.getEncoded());
        devicePublicKey = device.getPublic();
        signed = SignedCommitment.sign(commitment, "sensor-0001", now, device.getPrivate());
        // what master's endorser gets for the entry: its shared fields, and the relay's attestation
        Map<String, com.google.gson.JsonElement> keyData = new java.util.TreeMap<>();
        KEY_FIELDS.forEach(k -> keyData.put(k, record.fields().get(k)));
        entry =
                new AnchorEntry(
                        "tx-1", record.tid(), record.stage(), keyData, commitment.rootHex());
        attestation = new EntryAttestation(signed, disclosures, deviceCertPem);
        List<X509Certificate> roots = List.of(caCert);
        trust =
                new EntryVerifier.Trust() {
                    @Override
                    public List<X509Certificate> deviceCaRoots(String mspId) {
                        return roots;
                    }

                    @Override
                    public Long revokedAt(String mspId, String deviceId) {
                        return null;
                    }
                };
        txMillis = now.toEpochMilli() + 1000;
        if (!verifyDisclosures()
                || !verifySignature()
                || !checkCertificate()
                || masterEntryVerifier() != null) {
            throw new IllegalStateException("the fixture does not verify");
        }
    }

    /** The key-data disclosures: seven leaves of a fourteen-leaf tree. */
    @Benchmark
    public boolean verifyDisclosures() {
        return FieldDisclosure.verifyAll(disclosures, root);
    }

    /**
     * One ECDSA P-256 / SHA-256 verification over the signing bytes, as TMSCT does it
     * (DeviceSignature.verify: BouncyCastle's lightweight ECDSA).
     */
    @Benchmark
    public boolean verifySignature() {
        return signed.verify(devicePublicKey);
    }

    /** The same verification with the JDK's own SHA256withECDSA (SunEC), for comparison. */
    @Benchmark
    public boolean verifySignatureJdk() throws GeneralSecurityException {
        java.security.Signature v = java.security.Signature.getInstance("SHA256withECDSA");
        v.initVerify(devicePublicKey);
        v.update(signed.signingBytes());
        return v.verify(signed.signature());
    }

    /**
     * Parse both certificates from PEM, check the device's at the signing time and its CA
     * signature. The JDK keeps parsed certificates and the outcome of {@code
     * X509Certificate.verify} in caches, so the CA signature is checked by hand over the
     * to-be-signed bytes: this is the cost for a certificate master has not seen before.
     */
    @Benchmark
    public boolean checkCertificate() throws GeneralSecurityException {
        return deviceKeyIfValid() != null;
    }

    /** All of it for one entry, with the device key taken from the checked certificate. */
    @Benchmark
    public boolean perEntry() throws GeneralSecurityException {
        PublicKey key = deviceKeyIfValid();
        return key != null && signed.verify(key) && FieldDisclosure.verifyAll(disclosures, root);
    }

    /**
     * What chaincode-master itself runs per entry ({@code EntryVerifier.check}): the same checks,
     * with the JDK's certificate caches as a master endorser has them when one device signs many
     * entries (a certificate parsed and verified before is not parsed or verified again).
     */
    @Benchmark
    public Object masterEntryVerifier() {
        return EntryVerifier.check(entry, attestation, "Org1MSP", trust, txMillis);
    }

    private PublicKey deviceKeyIfValid() throws GeneralSecurityException {
        X509Certificate ca = parse(caCertPem);
        X509Certificate device = parse(deviceCertPem);
        device.checkValidity(Date.from(signed.timestamp()));
        Signature check = Signature.getInstance(device.getSigAlgName());
        check.initVerify(ca.getPublicKey());
        check.update(device.getTBSCertificate());
        boolean issued =
                check.verify(device.getSignature())
                        && device.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
        return issued ? device.getPublicKey() : null;
    }

    private static X509Certificate parse(String pem) throws GeneralSecurityException {
        String body = pem.replaceAll("-----[A-Z ]+-----|\\s", "");
        return (X509Certificate)
                CertificateFactory.getInstance("X.509")
                        .generateCertificate(
                                new ByteArrayInputStream(Base64.getDecoder().decode(body)));
    }

    private static X509Certificate certificate(
            String issuer,
            PublicKey subjectKey,
            String subject,
            KeyPair issuerKeys,
            Instant now,
            boolean ca)
            throws Exception {
        PrivateKey signer = issuerKeys.getPrivate();
        JcaX509v3CertificateBuilder builder =
                new JcaX509v3CertificateBuilder(
                        new X500Name(issuer),
                        BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(Duration.ofDays(1))),
                        Date.from(now.plus(Duration.ofDays(365))),
                        new X500Name(subject),
                        subjectKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(
                                new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }
}
