package org.tmsct.gateway.ca;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.gateway.config.ConfigException;
import org.tmsct.gateway.config.OrgConnection;
import org.tmsct.gateway.config.Wallet;

/**
 * An organisation's Fabric CA as its members use it: the admin registers, revokes and lists
 * identities; anyone with an enrolment secret enrols a key pair made here, on this machine, by
 * sending only a CSR.
 */
public final class OrgCa {

    /** The attribute the contracts read from an enrolment certificate to tell relays apart. */
    public static final String ROLE_ATTRIBUTE = "tmsct.role";

    /** What an identity is for; each maps to a Fabric CA type and the role attribute. */
    public enum Kind {
        USER("client", null),
        RELAY("client", "relay"),
        DEVICE("client", "device");

        final String caType;
        final String role;

        Kind(final String caType, final String role) {
            this.caType = caType;
            this.role = role;
        }
    }

    /** A key made locally and the certificate the CA issued for it. */
    public record Enrolled(String keyPem, String certificatePem) {}

    private final OrgConnection org;
    private final FabricCaClient client;

    private OrgCa(final OrgConnection org, final FabricCaClient client) {
        this.org = org;
        this.client = client;
    }

    /** The organisation's CA; an error if the network was made without Fabric CA. */
    public static OrgCa of(final OrgConnection org) {
        if (org.ca() == null) {
            throw new ConfigException(
                    "the connection file of "
                            + org.org()
                            + " names no Fabric CA (it was written before the CAs existed: make up"
                            + " writes it again)");
        }
        return new OrgCa(
                org,
                new FabricCaClient(
                        org.ca().url(), org.ca().name(), Path.of(org.ca().tlsRootCert())));
    }

    public FabricCaClient client() {
        return client;
    }

    /** One of the organisation's identities (admin by default) acting as registrar. */
    public FabricCaClient.Registrar registrar(final String identityName) {
        OrgConnection.IdentityFiles files = org.identity(identityName);
        try (Reader key = Files.newBufferedReader(Path.of(files.privateKey()))) {
            String cert = Files.readString(Path.of(files.certificate()));
            Identities.readX509Certificate(cert); // a clear error for a file that is no certificate
            return new FabricCaClient.Registrar(
                    cert, Signers.newPrivateKeySigner(Identities.readPrivateKey(key)));
        } catch (IOException | CertificateException | InvalidKeyException e) {
            throw new ConfigException(
                    "cannot read identity '"
                            + identityName
                            + "' of "
                            + org.org()
                            + ": "
                            + e.getMessage());
        }
    }

    /** Registers an identity of a kind; returns its enrolment secret (made by the CA if null). */
    public String register(
            final String registrarName, final String id, final Kind kind, final String secret) {
        List<FabricCaClient.Attribute> attrs =
                kind.role == null
                        ? List.of()
                        : List.of(new FabricCaClient.Attribute(ROLE_ATTRIBUTE, kind.role, true));
        return client.register(registrar(registrarName), id, kind.caType, secret, 1, attrs);
    }

    /** Makes a P-256 key pair here and enrols it with a secret: the CA sees only the CSR. */
    public Enrolled enroll(final String id, final String secret) {
        return enroll(id, secret, (Instant) null);
    }

    /** As {@link #enroll(String, String)}, for a certificate valid only from {@code notBefore}. */
    public Enrolled enroll(final String id, final String secret, final Instant notBefore) {
        KeyPair pair = DeviceSignature.generateKeyPair();
        String cert = client.enroll(id, secret, csr(org.domain(), id, pair), notBefore);
        return new Enrolled(DeviceSignature.toPem(pair.getPrivate()), cert);
    }

    /** Enrols into the organisation's wallet under the identity's own name. */
    public OrgConnection.IdentityFiles enrollIntoWallet(final String id, final String secret) {
        Enrolled e = enroll(id, secret);
        return wallet().store(id, e.keyPem(), e.certificatePem());
    }

    /**
     * Renews an identity with a new key before its certificate expires: re-enrols with its current
     * certificate, then replaces its key and certificate where they are (the wallet, or the files
     * the network scripts enrolled), each file written whole and moved into place. The old
     * certificate stays valid until it expires; a {@code RenewingSession} takes up the new one.
     */
    public OrgConnection.IdentityFiles renew(final String name) {
        OrgConnection.IdentityFiles files = org.identity(name);
        FabricCaClient.Registrar self = registrar(name);
        KeyPair pair = DeviceSignature.generateKeyPair();
        String cert = client.reenroll(self, csr(org.domain(), name, pair));
        Wallet.replace(Path.of(files.privateKey()), DeviceSignature.toPem(pair.getPrivate()), true);
        Wallet.replace(Path.of(files.certificate()), cert, false);
        return files;
    }

    public Wallet wallet() {
        if (org.wallet() == null) {
            throw new ConfigException("the connection file of " + org.org() + " names no wallet");
        }
        return new Wallet(Path.of(org.wallet()));
    }

    /**
     * A PKCS#10 request for the key pair, signed with it: O names the organisation (Fabric CA keeps
     * it), and the CA puts the enrolment id in CN and the identity's type in OU.
     */
    static String csr(final String orgDomain, final String id, final KeyPair pair) {
        try {
            var request =
                    new JcaPKCS10CertificationRequestBuilder(
                                    new X500Name("O=" + orgDomain + ",CN=" + id), pair.getPublic())
                            .build(
                                    new JcaContentSignerBuilder("SHA256withECDSA")
                                            .build(pair.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(request);
            }
            return out.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a CSR: " + e.getMessage(), e);
        }
    }
}
