package org.tmsct.core.record;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A device-signed record, the article's slave-chain transaction {@code TX = (T, D, PK, Sig)}: a
 * timestamp, the raw record, the id of the device whose registered public key checks the signature,
 * and the signature.
 *
 * <p>The signature covers the canonical (RFC 8785) bytes of {@code {"data":<record
 * JSON>,"deviceId":"...","timestamp":<epoch milliseconds>}} ({@link #signingBytes(Instant,
 * RawRecord, String)}). The timestamp is an integer number of milliseconds since the Unix epoch so
 * that a signer in any language produces the same bytes; it is truncated to whole milliseconds on
 * construction.
 *
 * <p>JSON form: {@code {"data":{...},"deviceId":"...","signature":"<base64
 * DER>","timestamp":<millis>}}.
 */
public final class SignedRecord {

    /** Largest accepted JSON input: a maximal record plus room for the envelope. */
    public static final int MAX_BYTES = RawRecord.MAX_BYTES + 4096;

    /** Maximum length of a device id in characters. */
    public static final int MAX_DEVICE_ID_LENGTH = 128;

    private static final String DOCUMENT = "signed record";

    private final Instant timestamp;
    private final RawRecord data;
    private final String deviceId;
    private final byte[] signature;

    /**
     * @param timestamp when the device signed (truncated to milliseconds; must not be before the
     *     epoch)
     * @param data the raw record
     * @param deviceId non-empty device id (at most {@value #MAX_DEVICE_ID_LENGTH} characters, no
     *     control characters)
     * @param signature DER ECDSA signature over {@link #signingBytes()} (not checked here, see
     *     {@link #verify})
     */
    public SignedRecord(Instant timestamp, RawRecord data, String deviceId, byte[] signature) {
        this.timestamp = checkTimestamp(timestamp);
        this.data = Objects.requireNonNull(data, "data");
        this.deviceId = checkDeviceId(deviceId);
        this.signature = Objects.requireNonNull(signature, "signature").clone();
    }

    /** Signs {@code data} as device {@code deviceId} at {@code timestamp}. */
    public static SignedRecord sign(
            Instant timestamp, RawRecord data, String deviceId, PrivateKey key) {
        byte[] toSign = signingBytes(timestamp, data, deviceId);
        return new SignedRecord(timestamp, data, deviceId, DeviceSignature.sign(key, toSign));
    }

    /** The bytes a device signs for this (timestamp, data, deviceId); see the class comment. */
    public static byte[] signingBytes(Instant timestamp, RawRecord data, String deviceId) {
        JsonObject payload = new JsonObject();
        payload.add("data", data.toJsonObject());
        payload.addProperty("deviceId", checkDeviceId(deviceId));
        payload.addProperty("timestamp", checkTimestamp(timestamp).toEpochMilli());
        return CanonicalJson.canonicalize(payload);
    }

    /**
     * Parses the JSON form strictly (size limit {@link #MAX_BYTES}, no unknown or duplicate
     * fields).
     */
    public static SignedRecord fromJson(String json) {
        if (json == null) {
            throw new RecordFormatException(DOCUMENT + ": input is null");
        }
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_BYTES) {
            throw new RecordFormatException(
                    DOCUMENT
                            + ": input is "
                            + size
                            + " bytes of UTF-8, over the limit of "
                            + MAX_BYTES
                            + " bytes");
        }
        return fromJson(JsonFields.parseObject(json, DOCUMENT));
    }

    /** Builds a signed record from its parsed JSON form. */
    public static SignedRecord fromJson(JsonObject object) {
        JsonFields.rejectUnknown(object, DOCUMENT, "data", "deviceId", "signature", "timestamp");
        RawRecord data = RawRecord.fromJson(JsonFields.requireObject(object, "data", DOCUMENT));
        String deviceId = JsonFields.requireString(object, "deviceId", DOCUMENT);
        long millis =
                JsonFields.requireLong(
                        object, "timestamp", 0, JsonFields.MAX_SAFE_INTEGER, DOCUMENT);
        byte[] signature;
        try {
            signature =
                    Base64.getDecoder()
                            .decode(JsonFields.requireString(object, "signature", DOCUMENT));
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(
                    DOCUMENT + ": field \"signature\" is not valid base64", e);
        }
        return new SignedRecord(Instant.ofEpochMilli(millis), data, deviceId, signature);
    }

    /** True if the signature is valid for this record under {@code devicePublicKey}. */
    public boolean verify(PublicKey devicePublicKey) {
        return DeviceSignature.verify(devicePublicKey, signingBytes(), signature);
    }

    /** The bytes the signature covers. */
    public byte[] signingBytes() {
        return signingBytes(timestamp, data, deviceId);
    }

    public Instant timestamp() {
        return timestamp;
    }

    public RawRecord data() {
        return data;
    }

    public String deviceId() {
        return deviceId;
    }

    /** The DER signature (a copy). */
    public byte[] signature() {
        return signature.clone();
    }

    /** The JSON form, canonically encoded. */
    public String toJson() {
        JsonObject object = new JsonObject();
        object.add("data", data.toJsonObject());
        object.addProperty("deviceId", deviceId);
        object.addProperty("signature", Base64.getEncoder().encodeToString(signature));
        object.addProperty("timestamp", timestamp.toEpochMilli());
        return CanonicalJson.canonicalString(object);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedRecord other
                && timestamp.equals(other.timestamp)
                && data.equals(other.data)
                && deviceId.equals(other.deviceId)
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, data, deviceId, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SignedRecord" + toJson();
    }

    /** The rules for a signing time: at or after the epoch, below 2^53 ms; truncated to ms. */
    public static Instant checkTimestamp(Instant timestamp) {
        Objects.requireNonNull(timestamp, "timestamp");
        // epoch milliseconds must fit a JSON number exactly (below 2^53), and be non-negative
        if (timestamp.getEpochSecond() < 0
                || timestamp.getEpochSecond() >= JsonFields.MAX_SAFE_INTEGER / 1000) {
            throw new RecordFormatException(
                    DOCUMENT + ": timestamp " + timestamp + " is outside the supported range");
        }
        return timestamp.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The rules for a device id: non-empty, short, no control characters. */
    public static String checkDeviceId(String deviceId) {
        if (deviceId == null || deviceId.isEmpty()) {
            throw new RecordFormatException(DOCUMENT + ": deviceId is missing or empty");
        }
        if (deviceId.length() > MAX_DEVICE_ID_LENGTH) {
            throw new RecordFormatException(
                    DOCUMENT
                            + ": deviceId has "
                            + deviceId.length()
                            + " characters, more than the maximum of "
                            + MAX_DEVICE_ID_LENGTH);
        }
        for (int i = 0; i < deviceId.length(); i++) {
            if (Character.isISOControl(deviceId.charAt(i))) {
                throw new RecordFormatException(
                        DOCUMENT + ": deviceId has a control character at index " + i);
            }
        }
        return deviceId;
    }
}
