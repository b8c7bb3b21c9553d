package org.tmsct.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.tmsct.core.TestVectors;

/** Keys and the OpenSSL signature come from test-vectors/ (keys/ and device-signature.json). */
class DeviceSignatureTest {

    private static final JsonObject VECTOR = TestVectors.json("device-signature.json");

    private static final byte[] DATA =
            VECTOR.get("data").getAsString().getBytes(StandardCharsets.UTF_8);

    /** Made with: openssl dgst -sha256 -sign keys/device-sec1.pem (over DATA). */
    private static final String OPENSSL_SIGNATURE = VECTOR.get("signatureBase64").getAsString();

    static String pem(String name) {
        return TestVectors.text("keys/" + name);
    }

    @Test
    void signatureVerifiesWithTheMatchingKeyOnly() {
        KeyPair device = DeviceSignature.generateKeyPair();
        KeyPair other = DeviceSignature.generateKeyPair();
        byte[] sig = DeviceSignature.sign(device.getPrivate(), DATA);
        assertTrue(DeviceSignature.verify(device.getPublic(), DATA, sig));
        assertFalse(DeviceSignature.verify(other.getPublic(), DATA, sig));
    }

    @Test
    void alteredDataFailsVerification() {
        KeyPair device = DeviceSignature.generateKeyPair();
        byte[] sig = DeviceSignature.sign(device.getPrivate(), DATA);
        for (int i = 0; i < DATA.length; i++) {
            byte[] altered = DATA.clone();
            altered[i] ^= 0x01;
            assertFalse(DeviceSignature.verify(device.getPublic(), altered, sig), "byte " + i);
        }
    }

    @Test
    void malformedSignaturesReturnFalseInsteadOfThrowing() {
        KeyPair device = DeviceSignature.generateKeyPair();
        byte[] sig = DeviceSignature.sign(device.getPrivate(), DATA);
        byte[] truncated = java.util.Arrays.copyOf(sig, sig.length - 3);
        byte[] extended = java.util.Arrays.copyOf(sig, sig.length + 1);
        byte[] badTag = sig.clone();
        badTag[0] = 0x31;
        byte[][] bad = {
            null,
            new byte[0],
            new byte[] {0x30},
            new byte[64],
            truncated,
            extended,
            badTag,
            "not a signature".getBytes(StandardCharsets.US_ASCII)
        };
        for (byte[] b : bad) {
            assertFalse(DeviceSignature.verify(device.getPublic(), DATA, b));
        }
        for (int i = 0; i < sig.length; i++) {
            byte[] flipped = sig.clone();
            flipped[i] ^= 0x40;
            assertFalse(DeviceSignature.verify(device.getPublic(), DATA, flipped), "byte " + i);
        }
    }

    @Test
    void opensslSignatureVerifiesWithCertificateAndPublicKeyPem() {
        byte[] sig = Base64.getDecoder().decode(OPENSSL_SIGNATURE);
        PublicKey fromCert = DeviceSignature.publicKeyFromPem(pem("device-cert.pem"));
        PublicKey fromSpki = DeviceSignature.publicKeyFromPem(pem("device-pub.pem"));
        assertEquals(fromCert, fromSpki);
        assertTrue(DeviceSignature.verify(fromCert, DATA, sig));
        assertTrue(DeviceSignature.verify(fromSpki, DATA, sig));
    }

    @Test
    void pkcs8AndSec1PrivateKeysAreTheSameKeyAndSignVerifiably() {
        PrivateKey pkcs8 = DeviceSignature.privateKeyFromPem(pem("device-pkcs8.pem"));
        PrivateKey sec1 = DeviceSignature.privateKeyFromPem(pem("device-sec1.pem"));
        assertEquals(
                ((java.security.interfaces.ECPrivateKey) pkcs8).getS(),
                ((java.security.interfaces.ECPrivateKey) sec1).getS());
        PublicKey pub = DeviceSignature.publicKeyFromPem(pem("device-pub.pem"));
        assertTrue(DeviceSignature.verify(pub, DATA, DeviceSignature.sign(pkcs8, DATA)));
        assertTrue(DeviceSignature.verify(pub, DATA, DeviceSignature.sign(sec1, DATA)));
    }

    @Test
    void pemRoundTripOfGeneratedKeys() {
        KeyPair device = DeviceSignature.generateKeyPair();
        PublicKey pub = DeviceSignature.publicKeyFromPem(DeviceSignature.toPem(device.getPublic()));
        PrivateKey priv =
                DeviceSignature.privateKeyFromPem(DeviceSignature.toPem(device.getPrivate()));
        assertEquals(device.getPublic(), pub);
        assertTrue(DeviceSignature.verify(pub, DATA, DeviceSignature.sign(priv, DATA)));
        assertEquals(256, ((ECPublicKey) pub).getParams().getCurve().getField().getFieldSize());
    }

    @Test
    void nonP256KeysAreRejectedWithClearMessages() {
        IllegalArgumentException rsa =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> DeviceSignature.publicKeyFromPem(pem("rsa-pub.pem")));
        assertTrue(rsa.getMessage().contains("not an EC key"), rsa.getMessage());
        IllegalArgumentException rsaCert =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> DeviceSignature.publicKeyFromPem(pem("rsa-cert.pem")));
        assertTrue(rsaCert.getMessage().contains("RSA, not EC"), rsaCert.getMessage());
        IllegalArgumentException ed =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> DeviceSignature.publicKeyFromPem(pem("ed25519-pub.pem")));
        assertTrue(ed.getMessage().contains("not an EC key"), ed.getMessage());
        IllegalArgumentException p384 =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> DeviceSignature.publicKeyFromPem(pem("p384-pub.pem")));
        assertTrue(p384.getMessage().contains("not on curve P-256"), p384.getMessage());
        IllegalArgumentException p384Private =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> DeviceSignature.privateKeyFromPem(pem("p384-pkcs8.pem")));
        assertTrue(
                p384Private.getMessage().contains("not on curve P-256"), p384Private.getMessage());
    }

    @Test
    void wrongPemBlocksAndGarbageAreRejected() {
        assertThrows(
                IllegalArgumentException.class, () -> DeviceSignature.publicKeyFromPem("hello"));
        assertThrows(
                IllegalArgumentException.class,
                () -> DeviceSignature.publicKeyFromPem(pem("device-pkcs8.pem")));
        assertThrows(
                IllegalArgumentException.class,
                () -> DeviceSignature.privateKeyFromPem(pem("device-pub.pem")));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        DeviceSignature.publicKeyFromPem(
                                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
    }

    @Test
    void verifyingWithANonEcKeyIsAnError() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        PublicKey rsaKey = rsa.generateKeyPair().getPublic();
        assertThrows(
                IllegalArgumentException.class,
                () -> DeviceSignature.verify(rsaKey, DATA, new byte[8]));
    }
}
