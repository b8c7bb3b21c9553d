package org.tmsct.web.auth;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.tmsct.core.login.LoginSigner;

/**
 * A test PKI shaped like Fabric CA's: CAs with basic constraints, enrolment certificates whose
 * subject carries the NodeOU and the affiliation in one multi-valued RDN ({@code C=US,ST=North
 * Carolina,O=Hyperledger,OU=client+OU=org1,CN=user1}), ECDSA P-256 throughout.
 */
final class TestPki {
    /** The tests' "now": certificates are valid around it. */
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    static final String AUDIENCE = "http://127.0.0.1:7061";

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {}

    /** A CA: its key and certificate. */
    record Ca(String mspId, KeyPair key, X509Certificate cert) {
        X500Name name() {
            return X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        }

        /** An enrolment certificate with this NodeOU, valid around {@link #NOW}. */
        Identity issue(final String cn, final String nodeOu) {
            return issue(
                    fabricSubject(cn, nodeOu),
                    NOW.minus(Duration.ofDays(1)),
                    NOW.plus(Duration.ofDays(365)));
        }

        Identity issue(final X500Name subject, final Instant notBefore, final Instant notAfter) {
            final KeyPair k = ecKey();
            return identity(
                    k,
                    certificate(
                            name(),
                            key.getPrivate(),
                            subject,
                            k.getPublic(),
                            notBefore,
                            notAfter,
                            false));
        }

        /** A CRL of this CA listing {@code revoked}. */
        X509CRL crl(final X509Certificate... revoked) {
            try {
                final X509v2CRLBuilder b =
                        new JcaX509v2CRLBuilder(cert, Date.from(NOW.minus(Duration.ofHours(1))));
                b.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(7))));
                for (X509Certificate c : revoked) {
                    b.addCRLEntry(
                            c.getSerialNumber(),
                            Date.from(NOW.minus(Duration.ofHours(2))),
                            CRLReason.keyCompromise);
                }
                return new JcaX509CRLConverter()
                        .getCRL(
                                b.build(
                                        new JcaContentSignerBuilder("SHA256withECDSA")
                                                .build(key.getPrivate())));
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }

        TrustedOrgs.Org org(final X509CRL... crls) {
            return new TrustedOrgs.Org(mspId, List.of(cert), List.of(), List.of(crls));
        }
    }

    /** A key pair and its certificate, also as PEM. */
    record Identity(KeyPair key, X509Certificate cert, String pem) {
        String loginBody(final String audience, final Instant at) {
            return LoginSigner.loginBody(key.getPrivate(), pem, audience, at, RANDOM);
        }

        String loginBody() {
            return loginBody(AUDIENCE, NOW);
        }
    }

    static Identity identity(final KeyPair key, final X509Certificate cert) {
        return new Identity(key, cert, pem(cert));
    }

    /** A root CA as Fabric CA makes it: {@code C=US,ST=North Carolina,L=Durham,O=org,CN=ca.org}. */
    static Ca rootCa(final String mspId, final String domain) {
        final KeyPair k = ecKey();
        final X500Name name = caName(domain);
        return new Ca(
                mspId,
                k,
                certificate(
                        name,
                        k.getPrivate(),
                        name,
                        k.getPublic(),
                        NOW.minus(Duration.ofDays(365)),
                        NOW.plus(Duration.ofDays(3650)),
                        true));
    }

    /** An intermediate CA issued by {@code parent}. */
    static Ca intermediateCa(final Ca parent, final String domain, final Instant notAfter) {
        final KeyPair k = ecKey();
        return new Ca(
                parent.mspId(),
                k,
                certificate(
                        parent.name(),
                        parent.key().getPrivate(),
                        caName(domain),
                        k.getPublic(),
                        NOW.minus(Duration.ofDays(30)),
                        notAfter,
                        true));
    }

    static X500Name caName(final String domain) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "US")
                .addRDN(BCStyle.ST, "North Carolina")
                .addRDN(BCStyle.L, "Durham")
                .addRDN(BCStyle.O, domain)
                .addRDN(BCStyle.CN, "ca." + domain)
                .build();
    }

    /** Fabric CA's enrolment subject: NodeOU and affiliation in one multi-valued RDN. */
    static X500Name fabricSubject(final String cn, final String... ous) {
        final X500NameBuilder b =
                new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.C, "US")
                        .addRDN(BCStyle.ST, "North Carolina")
                        .addRDN(BCStyle.O, "Hyperledger");
        final String[] values = new String[ous.length + 1];
        final ASN1ObjectIdentifier[] types = new ASN1ObjectIdentifier[ous.length + 1];
        for (int i = 0; i < ous.length; i++) {
            values[i] = ous[i];
            types[i] = BCStyle.OU;
        }
        values[ous.length] = "org1"; // the affiliation, as Fabric CA adds it
        types[ous.length] = BCStyle.OU;
        return b.addMultiValuedRDN(types, values).addRDN(BCStyle.CN, cn).build();
    }

    static KeyPair ecKey() {
        try {
            final KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate with Fabric CA's extensions (key usage, basic constraints, key ids). */
    static X509Certificate certificate(
            final X500Name issuer,
            final PrivateKey issuerKey,
            final X500Name subject,
            final PublicKey subjectKey,
            final Instant notBefore,
            final Instant notAfter,
            final boolean ca) {
        try {
            final JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            final X509v3CertificateBuilder b =
                    new JcaX509v3CertificateBuilder(
                            issuer,
                            new BigInteger(128, RANDOM).setBit(127),
                            Date.from(notBefore),
                            Date.from(notAfter),
                            subject,
                            subjectKey);
            b.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(
                            ca
                                    ? KeyUsage.keyCertSign
                                            | KeyUsage.cRLSign
                                            | KeyUsage.digitalSignature
                                    : KeyUsage.digitalSignature));
            b.addExtension(
                    Extension.basicConstraints,
                    true,
                    ca ? new BasicConstraints(1) : new BasicConstraints(false));
            b.addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    ext.createSubjectKeyIdentifier(subjectKey));
            if (!ca) {
                // the attributes Fabric CA writes (hf.* and registered ones): ignored by the login
                b.addExtension(
                        new ASN1ObjectIdentifier("1.2.3.4.5.6.7.8.1"),
                        false,
                        new DEROctetString("{\"attrs\":{\"hf.Type\":\"client\"}}".getBytes()));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            b.build(
                                    new JcaContentSignerBuilder("SHA256withECDSA")
                                            .build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(final Object o) {
        final StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
