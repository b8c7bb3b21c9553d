package org.tmsct.slave.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.chaincode.fabric.Refusals.assertRefused;
import static org.tmsct.slave.Fixtures.KEY_FIELDS;
import static org.tmsct.slave.Fixtures.OTHER_ADMIN;
import static org.tmsct.slave.Fixtures.OWNER_ADMIN;
import static org.tmsct.slave.Fixtures.OWNER_USER;
import static org.tmsct.slave.Fixtures.tx;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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
    void withADeviceCaOnlyItsCertificatesForTheirOwnIdRegister() throws Exception {
        TestCa orgCa = new TestCa("ca.logistics.tmsct.local");
        TestCa otherCa = new TestCa("ca.rawmaterial.tmsct.local");
        Tx t = tx(OWNER_ADMIN);
        registry.setCaRoots(t, List.of(orgCa.pem()));
        store.commit(t.txId(), t.timestampMillis());
        assertEquals(List.of(orgCa.pem().strip() + "\n"), registry.caRoots());

        KeyPair device = DeviceSignature.generateKeyPair();
        assertEquals(Device.ACTIVE, register("sensor-1", orgCa.issue("sensor-1", device)).status());
        assertRefused(
                ErrorCodes.DEVICE_CERT_UNTRUSTED,
                "not issued by the organisation's device CA",
                () ->
                        registry.register(
                                tx(OWNER_ADMIN), "sensor-2", otherCa.issue("sensor-2", device)));
        assertRefused(
                ErrorCodes.DEVICE_CERT_UNTRUSTED,
                "not for device sensor-3",
                () ->
                        registry.register(
                                tx(OWNER_ADMIN), "sensor-3", orgCa.issue("sensor-1", device)));
        assertRefused(
                ErrorCodes.DEVICE_CERT_UNTRUSTED,
                "certificate from the organisation's device CA",
                () -> registry.register(tx(OWNER_ADMIN), "sensor-4", pem));
        // a certificate with the CA's name but another key's signature
        TestCa impostor = new TestCa("ca.logistics.tmsct.local");
        assertRefused(
                ErrorCodes.DEVICE_CERT_UNTRUSTED,
                "not issued",
                () ->
                        registry.register(
                                tx(OWNER_ADMIN), "sensor-5", impostor.issue("sensor-5", device)));
        assertEquals(1, registry.list().size());
    }

    @Test
    void onlyOwnerAdminsSetTheDeviceCaAndOnlyToCaCertificates() throws Exception {
        TestCa orgCa = new TestCa("ca.logistics.tmsct.local");
        assertRefused(
                ErrorCodes.WRONG_ORG,
                "only admins of LogisticsOrgMSP",
                () -> registry.setCaRoots(tx(OTHER_ADMIN), List.of(orgCa.pem())));
        assertRefused(
                ErrorCodes.NOT_ADMIN,
                "not an admin",
                () -> registry.setCaRoots(tx(OWNER_USER), List.of(orgCa.pem())));
        String leaf = orgCa.issue("sensor-1", DeviceSignature.generateKeyPair());
        assertRefused(
                ErrorCodes.BAD_KEY,
                "not a CA certificate",
                () -> registry.setCaRoots(tx(OWNER_ADMIN), List.of(leaf)));
        assertRefused(
                ErrorCodes.BAD_KEY,
                "not a PEM certificate",
                () -> registry.setCaRoots(tx(OWNER_ADMIN), List.of("junk")));
        assertTrue(registry.caRoots().isEmpty());
    }

    /** A self-signed P-256 CA that issues device certificates, as an organisation's Fabric CA. */
    private static final class TestCa {
        private final KeyPair keys = DeviceSignature.generateKeyPair();
        private final X509Certificate cert;

        TestCa(String cn) throws Exception {
            cert = build(new X500Name("CN=" + cn), keys.getPublic(), true);
        }

        String pem() throws Exception {
            return pemOf(cert);
        }

        String issue(String deviceCn, KeyPair device) throws Exception {
            return pemOf(
                    build(new X500Name("OU=client,CN=" + deviceCn), device.getPublic(), false));
        }

        private X509Certificate build(X500Name subject, PublicKey key, boolean ca)
                throws Exception {
            Instant now = Instant.now();
            var builder =
                    new JcaX509v3CertificateBuilder(
                            cert == null
                                    ? subject
                                    : new JcaX509CertificateHolder(cert).getSubject(),
                            BigInteger.valueOf(now.toEpochMilli()),
                            Date.from(now.minusSeconds(60)),
                            Date.from(now.plusSeconds(3600)),
                            subject,
                            key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(
                                    new JcaContentSignerBuilder("SHA256withECDSA")
                                            .build(keys.getPrivate())));
        }

        private static String pemOf(X509Certificate c) throws Exception {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        }
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
