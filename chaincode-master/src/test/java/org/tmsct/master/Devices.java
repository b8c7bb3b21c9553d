package org.tmsct.master;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.tmsct.core.commitment.EntryAttestation;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.commitment.SignedCommitment;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.core.record.RawRecord;
import org.tmsct.master.anchor.EntryVerifier;

/**
 * Test device PKI: one device CA per organisation and device certificates it issues (CN = device
 * id), and a {@link EntryVerifier.Trust} that trusts the CAs of the organisations given roots.
 */
public final class Devices {

    /** Certificates are valid over this span; the test transactions fall inside it. */
    public static final Instant NOT_BEFORE = Instant.parse("2023-01-01T00:00:00Z");

    public static final Instant NOT_AFTER = Instant.parse("2024-01-01T00:00:00Z");

    /** When the World's devices sign: just before its first transaction. */
    public static final Instant SIGNED_AT = Instant.ofEpochMilli(1_700_000_000_000L);

    private static final Map<String, Ca> CAS = new HashMap<>();
    private static final Map<String, Device> DEVICES = new HashMap<>();

    private Devices() {}

    /** An organisation's device CA. */
    public record Ca(String msp, KeyPair key, X509Certificate cert) {}

    /** A device: its key and certificate. */
    public record Device(String id, KeyPair key, String certificatePem) {}

    public static synchronized Ca ca(String msp) {
        return CAS.computeIfAbsent(
                msp,
                m -> {
                    KeyPair key = DeviceSignature.generateKeyPair();
                    X500Name name = new X500Name("O=" + m + ",CN=device-ca." + m);
                    return new Ca(
                            m,
                            key,
                            issue(
                                    name,
                                    name,
                                    key.getPublic(),
                                    key.getPrivate(),
                                    true,
                                    NOT_BEFORE,
                                    NOT_AFTER));
                });
    }

    /** The device {@code id} of {@code msp}, issued by that organisation's CA. */
    public static synchronized Device device(String msp, String id) {
        return DEVICES.computeIfAbsent(
                msp + "/" + id, k -> device(ca(msp), id, NOT_BEFORE, NOT_AFTER));
    }

    /** A device certificate with the given validity, issued by {@code ca}. */
    public static Device device(Ca ca, String id, Instant notBefore, Instant notAfter) {
        KeyPair key = DeviceSignature.generateKeyPair();
        X509Certificate cert =
                issue(
                        X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded()),
                        new X500Name("O=" + ca.msp() + ",OU=device,CN=" + id),
                        key.getPublic(),
                        ca.key().getPrivate(),
                        false,
                        notBefore,
                        notAfter);
        return new Device(id, key, pem(cert));
    }

    /** The device's commitment to {@code record}, signed at {@code at}, disclosing key fields. */
    public static Signed sign(Device device, RawRecord record, Set<String> keyFields, Instant at) {
        FieldCommitment c = FieldCommitment.commit(record, new SecureRandom());
        SignedCommitment signed =
                SignedCommitment.sign(c, device.id(), at, device.key().getPrivate());
        return new Signed(
                c,
                new EntryAttestation(
                        signed, c.discloseKeyData(keyFields), device.certificatePem()));
    }

    /** A commitment and the attestation the slave contract would store for it. */
    public record Signed(FieldCommitment commitment, EntryAttestation attestation) {}

    /** Trusts the device CA of each organisation in {@code msps}; revocations from the map. */
    public static EntryVerifier.Trust trust(Set<String> msps, Map<String, Long> revocations) {
        return new EntryVerifier.Trust() {
            @Override
            public List<X509Certificate> deviceCaRoots(String mspId) {
                return msps.contains(mspId) ? List.of(ca(mspId).cert()) : List.of();
            }

            @Override
            public Long revokedAt(String mspId, String deviceId) {
                return revocations.get(mspId + "/" + deviceId);
            }
        };
    }

    private static X509Certificate issue(
            X500Name issuer,
            X500Name subject,
            PublicKey key,
            PrivateKey signer,
            boolean ca,
            Instant notBefore,
            Instant notAfter) {
        try {
            X509v3CertificateBuilder b =
                    new JcaX509v3CertificateBuilder(
                            issuer,
                            new BigInteger(64, new SecureRandom()),
                            Date.from(notBefore),
                            Date.from(notAfter),
                            subject,
                            key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate cert) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(cert);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
