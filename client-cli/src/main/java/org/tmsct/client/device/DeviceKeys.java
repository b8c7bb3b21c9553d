package org.tmsct.client.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.regex.Pattern;
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
     * Makes a key pair here and gets its certificate from the organisation's Fabric CA: the admin
     * ({@code registrar}) registers the device, then the key is enrolled with a CSR; refuses to
     * overwrite an existing device. No CA key is read (on a cryptogen network the CA server runs on
     * cryptogen's key).
     */
    public Path generate(final OrgConnection org, final String deviceId, final String registrar) {
        Path key = keyFile(deviceId);
        if (Files.exists(key)) {
            throw new IllegalArgumentException(
                    "device '" + deviceId + "' already has a key at " + key);
        }
        OrgCa ca = OrgCa.of(org);
        String secret = ca.register(registrar, deviceId, OrgCa.Kind.DEVICE, null);
        return enroll(org, deviceId, secret);
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
}
