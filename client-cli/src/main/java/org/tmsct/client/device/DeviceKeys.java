package org.tmsct.client.device;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.gateway.ca.OrgCa;
import org.tmsct.gateway.config.ConfigException;
import org.tmsct.gateway.config.OrgConnection;

/**
 * Device identities: a P-256 key pair and an X.509 certificate from the organisation's CA (the
 * paper's device certificate), kept under {@code <state>/devices/<org>/<deviceId>/}.
 */
public final class DeviceKeys {

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path dir;

    public DeviceKeys(final Path stateDir, final String org) {
        this.dir = stateDir.resolve("devices").resolve(org);
    }

    public static String validateId(final String deviceId) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException(
                    "device id '"
                            + deviceId
                            + "' is invalid: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return deviceId;
    }

    public Path keyFile(final String deviceId) {
        return dir.resolve(validateId(deviceId)).resolve("key.pem");
    }

    public Path certFile(final String deviceId) {
        return dir.resolve(validateId(deviceId)).resolve("cert.pem");
    }

    /**
     * Makes a key pair and a certificate from the organisation's CA; refuses to overwrite an
     * existing device. With Fabric CA the admin registers the device and the key is enrolled with a
     * CSR; on a cryptogen network the certificate is signed here with the CA key of the state.
     */
    public Path generate(final OrgConnection org, final String deviceId, final String registrar) {
        Path key = keyFile(deviceId);
        if (Files.exists(key)) {
            throw new IllegalArgumentException(
                    "device '" + deviceId + "' already has a key at " + key);
        }
        if (org.ca() != null) {
            OrgCa ca = OrgCa.of(org);
            String secret = ca.register(registrar, deviceId, OrgCa.Kind.DEVICE, null);
            return enroll(org, deviceId, secret);
        }
        try {
            PrivateKey caKey =
                    DeviceSignature.privateKeyFromPem(Files.readString(Path.of(org.caKey())));
            X509Certificate caCert = DeviceCertificates.read(Path.of(org.caCert()));
            KeyPair pair = DeviceSignature.generateKeyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder =
                    new JcaX509v3CertificateBuilder(
                            new JcaX509CertificateHolder(caCert).getSubject(),
                            new BigInteger(128, new SecureRandom()),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(now.plus(Duration.ofDays(3650))),
                            new X500Name("O=" + org.domain() + ",OU=device,CN=" + deviceId),
                            pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            X509Certificate cert =
                    new JcaX509CertificateConverter()
                            .getCertificate(
                                    builder.build(
                                            new JcaContentSignerBuilder("SHA256withECDSA")
                                                    .build(caKey)));
            Files.createDirectories(key.getParent());
            Files.writeString(key, DeviceSignature.toPem(pair.getPrivate()));
            Files.writeString(certFile(deviceId), pem(cert));
            return certFile(deviceId);
        } catch (IOException | CertificateException | OperatorCreationException e) {
            throw new ConfigException(
                    "cannot make a certificate for device '" + deviceId + "': " + e.getMessage());
        }
    }

    /**
     * The device's side of enrolment: a key pair made here and a CSR sent with the enrolment secret
     * its admin registered; the CA never sees the private key.
     */
    public Path enroll(final OrgConnection org, final String deviceId, final String secret) {
        Path key = keyFile(deviceId);
        if (Files.exists(key)) {
            throw new IllegalArgumentException(
                    "device '" + deviceId + "' already has a key at " + key);
        }
        OrgCa.Enrolled enrolled = OrgCa.of(org).enroll(deviceId, secret);
        try {
            Files.createDirectories(key.getParent());
            Path tmp = key.resolveSibling("key.pem.tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(
                    tmp,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, enrolled.keyPem());
            Files.move(tmp, key, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(certFile(deviceId), enrolled.certificatePem());
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot store the key of device '" + deviceId + "': " + e.getMessage());
        }
        return certFile(deviceId);
    }

    public PrivateKey privateKey(final String deviceId) {
        Path key = keyFile(deviceId);
        if (!Files.isRegularFile(key)) {
            throw new IllegalArgumentException(
                    "no key for device '"
                            + deviceId
                            + "' at "
                            + key
                            + " (make one with 'tmsct device keygen "
                            + deviceId
                            + "' or pass --key)");
        }
        try {
            return DeviceSignature.privateKeyFromPem(Files.readString(key));
        } catch (IOException e) {
            throw new ConfigException("cannot read " + key + ": " + e.getMessage());
        }
    }

    static String pem(final X509Certificate cert) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(cert);
        }
        return out.toString();
    }
}
