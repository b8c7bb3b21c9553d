package org.tmsct.core.commitment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.tmsct.core.TestVectors;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.record.DeviceSignature;

class SignedCommitmentTest {

    @Test
    void signingBytesMatchTheVectors() {
        for (JsonElement e : FieldCommitmentTest.VECTORS.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            JsonObject s = c.getAsJsonObject("signing");
            byte[] bytes =
                    SignedCommitment.signingBytes(
                            FieldCommitmentTest.commitmentOf(c).root(),
                            s.get("deviceId").getAsString(),
                            Instant.ofEpochMilli(s.get("timestampMillis").getAsLong()));
            assertEquals(s.get("bytes").getAsString(), new String(bytes, StandardCharsets.UTF_8));
            assertEquals(s.get("sha256").getAsString(), Sha256.hex(bytes));
        }
    }

    @Test
    void theOpenSslSignatureOfTheVectorsVerifies() {
        JsonObject v = FieldCommitmentTest.VECTORS.getAsJsonObject("signature");
        JsonObject s = FieldCommitmentTest.vectorCase(0).getAsJsonObject("signing");
        PublicKey key =
                DeviceSignature.publicKeyFromPem(
                        TestVectors.text(v.get("publicKey").getAsString()));
        SignedCommitment signed =
                new SignedCommitment(
                        Hex.decode(FieldCommitmentTest.vectorCase(0).get("root").getAsString()),
                        s.get("deviceId").getAsString(),
                        Instant.ofEpochMilli(s.get("timestampMillis").getAsLong()),
                        Base64.getDecoder().decode(v.get("signatureBase64").getAsString()));
        assertTrue(signed.verify(key));
        SignedCommitment later =
                new SignedCommitment(
                        signed.root(),
                        signed.deviceId(),
                        signed.timestamp().plusMillis(1),
                        signed.signature());
        assertFalse(later.verify(key));
        SignedCommitment otherDevice =
                new SignedCommitment(
                        signed.root(), "sensor-0002", signed.timestamp(), signed.signature());
        assertFalse(otherDevice.verify(key));
        byte[] root = signed.root();
        root[31] ^= 1;
        assertFalse(
                new SignedCommitment(
                                root, signed.deviceId(), signed.timestamp(), signed.signature())
                        .verify(key));
    }

    @Test
    void signAndVerifyRoundTripThroughJson() {
        KeyPair device = DeviceSignature.generateKeyPair();
        FieldCommitment c = FieldCommitmentTest.commitmentOf(FieldCommitmentTest.vectorCase(1));
        SignedCommitment signed =
                SignedCommitment.sign(
                        c, "tracker-7", Instant.ofEpochMilli(1718000000000L), device.getPrivate());
        SignedCommitment back = SignedCommitment.fromJson(signed.toJson());
        assertEquals(signed, back);
        assertArrayEquals(c.root(), back.root());
        assertTrue(back.verify(device.getPublic()));
        assertFalse(back.verify(DeviceSignature.generateKeyPair().getPublic()));
    }
}
