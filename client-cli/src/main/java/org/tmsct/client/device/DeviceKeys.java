package org.tmsct.client.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.gateway.ca.OrgCa;
import org.tmsct.gateway.config.ConfigException;
import org.tmsct.gateway.config.OrgConnection;
import org.tmsct.gateway.config.Wallet;

/**
 * Device identities: a P-256 key pair and an X.509 certificate from the organisation's CA (the
 * paper's device certificate), kept under {@code <state>/devices/<org>/<deviceId>/}.
 */
public final class DeviceKeys {

    private final Path dir;

    public DeviceKeys(final Path stateDir, final String org) {
        this.dir = stateDir.resolve("devices").resolve(org);
    }

    public static String validateId(final String deviceId) {
        return Wallet.requireValidName("device id", deviceId);
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
        requireNew(deviceId);
        OrgCa ca = OrgCa.of(org);
        String secret = ca.register(registrar, deviceId, OrgCa.Kind.DEVICE, null);
        return enroll(org, deviceId, secret);
    }

    /**
     * The device's side of enrolment: a key pair made here and a CSR sent with the enrolment secret
     * its admin registered; the CA never sees the private key.
     */
    public Path enroll(final OrgConnection org, final String deviceId, final String secret) {
        requireNew(deviceId);
        OrgCa.Enrolled enrolled = OrgCa.of(org).enroll(deviceId, secret);
        // a device's directory has a wallet's layout: key.pem (0600) written before cert.pem
        new Wallet(dir).store(deviceId, enrolled.keyPem(), enrolled.certificatePem());
        return certFile(deviceId);
    }

    private void requireNew(final String deviceId) {
        Path key = keyFile(deviceId);
        if (Files.exists(key)) {
            throw new IllegalArgumentException(
                    "device '" + deviceId + "' already has a key at " + key);
        }
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
