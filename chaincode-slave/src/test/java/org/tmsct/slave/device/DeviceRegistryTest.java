package org.tmsct.slave.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.chaincode.fabric.Refusals.assertRefused;
import static org.tmsct.slave.Fixtures.KEY_FIELDS;
import static org.tmsct.slave.Fixtures.OTHER_ADMIN;
import static org.tmsct.slave.Fixtures.OWNER_ADMIN;
import static org.tmsct.slave.Fixtures.OWNER_USER;
import static org.tmsct.slave.Fixtures.tx;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.MemoryStore;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.slave.common.ErrorCodes;
import org.tmsct.slave.config.ChannelConfigService;

class DeviceRegistryTest {

    private final MemoryStore store = new MemoryStore();
    private final ChannelConfigService config = new ChannelConfigService(store);
    private final DeviceRegistry registry = new DeviceRegistry(store, config);
    private final KeyPair key = DeviceSignature.generateKeyPair();
    private final String pem = DeviceSignature.toPem(key.getPublic());

    @BeforeEach
    void configure() {
        Tx t = tx(OWNER_ADMIN);
        config.configure(t, "LOGISTICS", KEY_FIELDS);
        store.commit(t.txId(), t.timestampMillis());
    }

    private Device register(String id, String keyPem) {
        Tx t = tx(OWNER_ADMIN);
        Device d = registry.register(t, id, keyPem);
        store.commit(t.txId(), t.timestampMillis());
        return d;
    }

    @Test
    void registersAndReadsBack() {
        Device d = register("truck-17", pem);
        assertEquals(Device.ACTIVE, d.status());
        assertEquals(d, registry.get("truck-17"));
        assertEquals(d, registry.requireActive("truck-17"));
        assertEquals(64, d.fingerprint().length());
    }

    @Test
    void acceptsAnX509CertificateAndKeepsItWholeForMaster() throws Exception {
        String cert =
                new String(
                        getClass()
                                .getResourceAsStream("/test-vectors/keys/device-cert.pem")
                                .readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
        Device d = register("sensor-1", cert);
        // master checks the certificate against the organisation's device CA, so it is kept whole
        assertEquals(cert.strip() + "\n", d.publicKeyPem());
        assertEquals(
                DeviceSignature.publicKeyFromPem(cert),
                DeviceSignature.publicKeyFromPem(d.publicKeyPem()));
    }

    @Test
    void registeringTheSameKeyAgainChangesNothing() {
        Device first = register("truck-17", pem);
        Tx again = tx(OWNER_ADMIN);
        assertEquals(first, registry.register(again, "truck-17", pem));
        assertEquals(0, store.pendingWrites());
    }

    @Test
    void anotherKeyForAnActiveIdIsRefused() {
        register("truck-17", pem);
        String other = DeviceSignature.toPem(DeviceSignature.generateKeyPair().getPublic());
        assertRefused(
                ErrorCodes.DEVICE_EXISTS,
                "already registered with another key",
                () -> registry.register(tx(OWNER_ADMIN), "truck-17", other));
    }

    @Test
    void revokedDevicesAreRefusedAndTheirIdsNotReused() {
        register("truck-17", pem);
        Tx t = tx(OWNER_ADMIN);
        Device revoked = registry.revoke(t, "truck-17");
        store.commit(t.txId(), t.timestampMillis());
        assertEquals(Device.REVOKED, revoked.status());
        assertRefused(
                ErrorCodes.DEVICE_REVOKED,
                "device truck-17 is revoked",
                () -> registry.requireActive("truck-17"));
        assertRefused(
                ErrorCodes.DEVICE_REVOKED,
                "register the device under a new id",
                () -> registry.register(tx(OWNER_ADMIN), "truck-17", pem));
        // revoking twice is a no-op
        assertEquals(revoked, registry.revoke(tx(OWNER_ADMIN), "truck-17"));
    }

    @Test
    void unknownDeviceIsRefused() {
        assertRefused(
                ErrorCodes.UNKNOWN_DEVICE,
                "device ghost is not registered",
                () -> registry.get("ghost"));
        assertRefused(
                ErrorCodes.UNKNOWN_DEVICE,
                "device ghost is not registered",
                () -> registry.revoke(tx(OWNER_ADMIN), "ghost"));
    }

    @Test
    void onlyOwnerAdminsManageDevices() {
        assertRefused(
                ErrorCodes.WRONG_ORG,
                "only admins of LogisticsOrgMSP",
                () -> registry.register(tx(OTHER_ADMIN), "truck-17", pem));
        assertRefused(
                ErrorCodes.NOT_ADMIN,
                "not an admin",
                () -> registry.register(tx(OWNER_USER), "truck-17", pem));
        register("truck-17", pem);
        assertRefused(
                ErrorCodes.WRONG_ORG,
                "only admins of LogisticsOrgMSP",
                () -> registry.revoke(tx(OTHER_ADMIN), "truck-17"));
        assertRefused(
                ErrorCodes.NOT_ADMIN,
                "not an admin",
                () -> registry.revoke(tx(OWNER_USER), "truck-17"));
    }

    @Test
    void unconfiguredChannelRefusesRegistration() {
        MemoryStore empty = new MemoryStore();
        DeviceRegistry fresh = new DeviceRegistry(empty, new ChannelConfigService(empty));
        assertRefused(
                ErrorCodes.NOT_CONFIGURED,
                "not configured",
                () -> fresh.register(tx(OWNER_ADMIN), "truck-17", pem));
    }

    @Test
    void keysOtherThanP256AreRefused() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String rsaPem = DeviceSignature.toPem(rsa.generateKeyPair().getPublic());
        assertRefused(
                ErrorCodes.BAD_KEY,
                "P-256",
                () -> registry.register(tx(OWNER_ADMIN), "truck-17", rsaPem));
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        String p384 = DeviceSignature.toPem(ec.generateKeyPair().getPublic());
        assertRefused(
                ErrorCodes.BAD_KEY,
                "not on curve P-256",
                () -> registry.register(tx(OWNER_ADMIN), "truck-17", p384));
        assertRefused(
                ErrorCodes.BAD_KEY,
                "no PEM block",
                () -> registry.register(tx(OWNER_ADMIN), "truck-17", "hello"));
    }

    @Test
    void badDeviceIdsAreRefused() {
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "device id must not be empty",
                () -> registry.register(tx(OWNER_ADMIN), "", pem));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "longer than 128",
                () -> registry.register(tx(OWNER_ADMIN), "d".repeat(129), pem));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "control",
                () -> registry.register(tx(OWNER_ADMIN), "a\u0000b", pem));
    }

    @Test
    void listIsSortedById() {
        register("b-2", pem);
        register("a-1", DeviceSignature.toPem(DeviceSignature.generateKeyPair().getPublic()));
        List<Device> all = registry.list();
        assertEquals(List.of("a-1", "b-2"), all.stream().map(Device::deviceId).toList());
        assertTrue(
                store.keys().stream()
                        .allMatch(k -> k.startsWith("\u0000device\u0000") || k.equals("config")));
    }
}
