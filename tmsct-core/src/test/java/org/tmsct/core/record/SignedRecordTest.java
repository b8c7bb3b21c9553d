package org.tmsct.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignedRecordTest {

    private static final RawRecord RECORD = RawRecord.parse(Samples.RECORD_JSON);
    private static final JsonObject SIGNING = Samples.VECTORS.getAsJsonObject("signingBytes");
    private static final Instant WHEN =
            Instant.ofEpochMilli(SIGNING.get("timestampMillis").getAsLong());

    @Test
    void signingBytesAreTheCanonicalEnvelope() {
        // sub-millisecond parts of the instant are not signed
        byte[] bytes =
                SignedRecord.signingBytes(
                        WHEN.plusNanos(456_789), RECORD, SIGNING.get("deviceId").getAsString());
        String expected = SIGNING.get("bytes").getAsString();
        assertTrue(expected.startsWith("{\"data\":" + Samples.RECORD_CANONICAL + ","), expected);
        assertEquals(expected, new String(bytes, StandardCharsets.UTF_8));
        assertEquals(SIGNING.get("sha256").getAsString(), org.tmsct.core.hash.Sha256.hex(bytes));
    }

    @Test
    void signedRecordVerifiesAndSurvivesJsonRoundTrip() {
        KeyPair device = DeviceSignature.generateKeyPair();
        SignedRecord tx = SignedRecord.sign(WHEN, RECORD, "sensor-0001", device.getPrivate());
        assertTrue(tx.verify(device.getPublic()));
        SignedRecord back = SignedRecord.fromJson(tx.toJson());
        assertEquals(tx, back);
        assertTrue(back.verify(device.getPublic()));
        assertEquals(WHEN, back.timestamp());
    }

    @Test
    void anyChangeBreaksTheSignature() {
        KeyPair device = DeviceSignature.generateKeyPair();
        SignedRecord tx = SignedRecord.sign(WHEN, RECORD, "sensor-0001", device.getPrivate());
        RawRecord otherData = RawRecord.parse(Samples.RECORD_JSON.replace("12.50", "12.51"));
        assertFalse(
                new SignedRecord(WHEN, otherData, "sensor-0001", tx.signature())
                        .verify(device.getPublic()));
        assertFalse(
                new SignedRecord(WHEN.plusMillis(1), RECORD, "sensor-0001", tx.signature())
                        .verify(device.getPublic()));
        assertFalse(
                new SignedRecord(WHEN, RECORD, "sensor-0002", tx.signature())
                        .verify(device.getPublic()));
        assertFalse(tx.verify(DeviceSignature.generateKeyPair().getPublic()));
    }

    @Test
    void malformedEnvelopesAreRejected() {
        KeyPair device = DeviceSignature.generateKeyPair();
        String json = SignedRecord.sign(WHEN, RECORD, "sensor-0001", device.getPrivate()).toJson();
        assertThrows(
                RecordFormatException.class,
                () -> SignedRecord.fromJson(json.replace("\"timestamp\":", "\"ts\":")));
        assertThrows(
                RecordFormatException.class,
                () -> SignedRecord.fromJson(json.replace("1718000000123", "1718000000123.5")));
        assertThrows(
                RecordFormatException.class,
                () -> SignedRecord.fromJson(json.replace("1718000000123", "-1")));
        assertThrows(
                RecordFormatException.class,
                () ->
                        SignedRecord.fromJson(
                                json.replace("\"signature\":\"", "\"signature\":\"!!")));
        assertThrows(
                RecordFormatException.class,
                () -> SignedRecord.fromJson(json.replace("\"sensor-0001\"", "\"\"")));
        assertThrows(
                RecordFormatException.class,
                () -> SignedRecord.fromJson(json.replace("TID-2024-000042", "TID 42")));
    }
}
