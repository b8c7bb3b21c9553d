package org.tmsct.slave.device;

import com.google.gson.JsonObject;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.KeyValue;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.protocol.StateKeys;
import org.tmsct.core.record.DeviceCertificates;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.slave.common.ErrorCodes;
import org.tmsct.slave.config.ChannelConfig;
import org.tmsct.slave.config.ChannelConfigService;

/**
 * The devices allowed to sign records on this channel: registered and revoked by the owner's
 * admins.
 */
public final class DeviceRegistry {

    static final String DEVICE = StateKeys.SLAVE_DEVICE;
    static final String DEVICE_CA = "deviceca";

    /** At most this many device CA certificates per channel. */
    public static final int MAX_CA_ROOTS = 8;

    /** Same limit as the device id a signed record carries. */
    public static final int MAX_DEVICE_ID_LENGTH = 128;

    public static final int MAX_PEM_LENGTH = 16 * 1024;

    private final StateStore store;
    private final ChannelConfigService config;

    public DeviceRegistry(StateStore store, ChannelConfigService config) {
        this.store = store;
        this.config = config;
    }

    /**
     * Registers {@code deviceId} with the P-256 key in {@code pem} (an X.509 certificate or a
     * public key). Registering the same key again is a no-op; another key for an active id, or any
     * key for a revoked id, is refused (revoked ids are never reused, so old records stay
     * attributable).
     */
    public Device register(Tx tx, String deviceId, String pem) {
        requireOwnerAdmin(tx, "register devices");
        String id = checkDeviceId(deviceId);
        if (pem == null || pem.length() > MAX_PEM_LENGTH) {
            throw new ContractError(
                    ErrorCodes.BAD_KEY,
                    "the key of device "
                            + id
                            + " must be a PEM text of at most "
                            + MAX_PEM_LENGTH
                            + " characters");
        }
        PublicKey key;
        try {
            key = DeviceSignature.publicKeyFromPem(pem);
        } catch (IllegalArgumentException e) {
            throw new ContractError(
                    ErrorCodes.BAD_KEY, "cannot register device " + id + ": " + e.getMessage());
        }
        requireIssuedByDeviceCa(id, pem);
        String fingerprint = Sha256.hex(key.getEncoded());
        Device existing = find(id);
        if (existing != null) {
            if (existing.revoked()) {
                throw new ContractError(
                        ErrorCodes.DEVICE_REVOKED,
                        "device "
                                + id
                                + " is revoked; revoked ids are not reused, "
                                + "register the device under a new id");
            }
            if (existing.fingerprint().equals(fingerprint)) {
                return existing;
            }
            throw new ContractError(
                    ErrorCodes.DEVICE_EXISTS,
                    "device "
                            + id
                            + " is already registered with another key (fingerprint "
                            + existing.fingerprint()
                            + "); revoke it and register the new key under a new id");
        }
        Device device =
                new Device(
                        id,
                        // a certificate is kept whole: master checks it against the org's device CA
                        DeviceSignature.holdsCertificate(pem)
                                ? pem.strip() + "\n"
                                : DeviceSignature.toPem(key),
                        fingerprint,
                        tx.caller().mspId(),
                        tx.txId(),
                        tx.timestampMillis(),
                        null,
                        0);
        store.put(key(id), Json.bytes(device.toJson()));
        return device;
    }

    /**
     * Sets the device CAs of the channel's organisation (its Fabric CA): from then on a device is
     * registered only with a certificate one of them issued for its id. Owner admins only.
     */
    public List<String> setCaRoots(Tx tx, List<String> pems) {
        requireOwnerAdmin(tx, "set the device CAs");
        if (pems == null || pems.isEmpty() || pems.size() > MAX_CA_ROOTS) {
            throw new ContractError(
                    ErrorCodes.BAD_KEY,
                    "give 1 to " + MAX_CA_ROOTS + " device CA certificates (PEM)");
        }
        List<String> stored = new ArrayList<>();
        for (String pem : pems) {
            try {
                if (pem == null || pem.length() > MAX_PEM_LENGTH) {
                    throw new GeneralSecurityException("too long or missing");
                }
                X509Certificate ca = DeviceCertificates.parse(pem);
                if (ca.getBasicConstraints() < 0) {
                    throw new GeneralSecurityException("not a CA certificate");
                }
            } catch (GeneralSecurityException e) {
                throw new ContractError(
                        ErrorCodes.BAD_KEY,
                        "a device CA certificate is invalid: " + e.getMessage());
            }
            stored.add(pem.strip() + "\n");
        }
        JsonObject value = new JsonObject();
        value.add("certificates", Json.array(stored));
        store.put(Keys.composite(DEVICE_CA), Json.bytes(value));
        return stored;
    }

    /** The device CA certificates (PEM) set for the channel; empty if none. */
    public List<String> caRoots() {
        byte[] bytes = store.get(Keys.composite(DEVICE_CA));
        if (bytes == null || bytes.length == 0) {
            return List.of();
        }
        return Json.strings(Json.stored(bytes).getAsJsonArray("certificates"));
    }

    private void requireIssuedByDeviceCa(String id, String pem) {
        List<String> roots = caRoots();
        if (roots.isEmpty()) {
            return; // a channel whose owner set no device CA takes any P-256 key
        }
        X509Certificate cert;
        List<X509Certificate> cas = new ArrayList<>();
        try {
            cert = DeviceCertificates.parse(pem);
            for (String r : roots) {
                cas.add(DeviceCertificates.parse(r));
            }
        } catch (GeneralSecurityException e) {
            throw new ContractError(
                    ErrorCodes.DEVICE_CERT_UNTRUSTED,
                    "device "
                            + id
                            + " must be registered with a certificate from the organisation's device CA: "
                            + e.getMessage());
        }
        if (!DeviceCertificates.issuedByOneOf(cert, cas)) {
            throw new ContractError(
                    ErrorCodes.DEVICE_CERT_UNTRUSTED,
                    "the certificate of device "
                            + id
                            + " (issuer "
                            + cert.getIssuerX500Principal().getName()
                            + ") was not issued by the organisation's device CA");
        }
        if (!id.equals(DeviceCertificates.commonName(cert))) {
            throw new ContractError(
                    ErrorCodes.DEVICE_CERT_UNTRUSTED,
                    "the certificate is for "
                            + DeviceCertificates.commonName(cert)
                            + ", not for device "
                            + id);
        }
    }

    /** Revokes {@code deviceId}: its later records are refused. Revoking twice is a no-op. */
    public Device revoke(Tx tx, String deviceId) {
        requireOwnerAdmin(tx, "revoke devices");
        Device device = get(deviceId);
        if (device.revoked()) {
            return device;
        }
        Device revoked = device.revoke(tx.txId(), tx.timestampMillis());
        store.put(key(device.deviceId()), Json.bytes(revoked.toJson()));
        return revoked;
    }

    /** The device, or UNKNOWN_DEVICE. */
    public Device get(String deviceId) {
        String id = checkDeviceId(deviceId);
        Device device = find(id);
        if (device == null) {
            throw new ContractError(
                    ErrorCodes.UNKNOWN_DEVICE,
                    "device " + id + " is not registered on this channel");
        }
        return device;
    }

    /** The device if it may sign records now, else UNKNOWN_DEVICE or DEVICE_REVOKED. */
    public Device requireActive(String deviceId) {
        Device device = get(deviceId);
        if (device.revoked()) {
            throw new ContractError(
                    ErrorCodes.DEVICE_REVOKED, "device " + device.deviceId() + " is revoked");
        }
        return device;
    }

    /** Every device, sorted by id. */
    public List<Device> list() {
        List<Device> out = new ArrayList<>();
        for (KeyValue kv : store.byPrefix(Keys.composite(DEVICE))) {
            out.add(Device.fromJson(Json.stored(kv.value())));
        }
        return out;
    }

    public static String checkDeviceId(String deviceId) {
        return Json.checkName(deviceId, "device id", MAX_DEVICE_ID_LENGTH);
    }

    private Device find(String id) {
        byte[] bytes = store.get(key(id));
        return bytes == null || bytes.length == 0 ? null : Device.fromJson(Json.stored(bytes));
    }

    private void requireOwnerAdmin(Tx tx, String action) {
        ChannelConfig cfg = config.requireOwner(tx, "admins", action);
        if (!tx.caller().admin()) {
            throw new ContractError(
                    ErrorCodes.NOT_ADMIN,
                    "only an admin of "
                            + cfg.ownerMsp()
                            + " may "
                            + action
                            + "; the caller is not an admin");
        }
    }

    private static String key(String id) {
        return Keys.composite(DEVICE, id);
    }
}
