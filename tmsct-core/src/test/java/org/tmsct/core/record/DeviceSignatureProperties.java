package org.tmsct.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link DeviceSignature#verify} (BouncyCastle's P-256 arithmetic) against the JDK's own {@code
 * SHA256withECDSA}: the same answer for every genuine signature, and never "valid" for bytes the
 * JDK refuses.
 */
class DeviceSignatureProperties {

    private static final KeyPair KEYS = DeviceSignature.generateKeyPair();
    private static final KeyPair OTHER = DeviceSignature.generateKeyPair();

    private static boolean jdkVerify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature v = Signature.getInstance(DeviceSignature.ALGORITHM);
            v.initVerify(key);
            v.update(data);
            return v.verify(signature);
        } catch (Exception e) {
            return false;
        }
    }

    @Property(tries = 200)
    void genuineSignaturesVerifyAsTheJdkSays(@ForAll @Size(max = 300) byte[] data) {
        byte[] signature = DeviceSignature.sign(KEYS.getPrivate(), data);
        assertTrue(DeviceSignature.verify(KEYS.getPublic(), data, signature));
        assertEquals(
                jdkVerify(OTHER.getPublic(), data, signature),
                DeviceSignature.verify(OTHER.getPublic(), data, signature));
    }

    @Property(tries = 300)
    void alteredSignaturesAreNeverAcceptedWhereTheJdkRefuses(
            @ForAll @Size(max = 64) byte[] data,
            @ForAll @IntRange(min = 0, max = 80) int position,
            @ForAll byte xor,
            @ForAll @IntRange(min = -2, max = 2) int lengthChange) {
        byte[] signature = DeviceSignature.sign(KEYS.getPrivate(), data);
        int length = Math.max(0, signature.length + lengthChange);
        byte[] altered = java.util.Arrays.copyOf(signature, length);
        if (length > 0) {
            altered[position % length] ^= xor;
        }
        boolean ours = DeviceSignature.verify(KEYS.getPublic(), data, altered);
        boolean jdk = jdkVerify(KEYS.getPublic(), data, altered);
        assertTrue(!ours || jdk, "accepted bytes the JDK refuses");
        if (java.util.Arrays.equals(altered, signature)) {
            assertTrue(ours);
        }
    }
}
