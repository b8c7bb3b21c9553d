package org.tmsct.core.commitment;

import com.google.gson.JsonObject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.core.record.JsonFields;
import org.tmsct.core.record.RecordFormatException;
import org.tmsct.core.record.SignedRecord;

/**
 * A device's signature over a {@link FieldCommitment} root: what master can check for an entry
 * without the raw record.
 *
 * <p>The device signs, with ECDSA P-256 / SHA-256 ({@link DeviceSignature}), the RFC 8785 bytes of
 * {@code {"commitment":"<root hex>","deviceId":"...","format":"tmsct.commitment.v1",
 * "timestamp":<epoch ms>}}. The format member keeps these bytes apart from the older signing
 * payload of {@link SignedRecord} (whose members are {@code data}, {@code deviceId}, {@code
 * timestamp}); the trace code and stage are bound through the root, as leaves {@code /tid} and
 * {@code /stage}. Device id and timestamp follow {@link SignedRecord}'s rules.
 *
 * <p>JSON form: {@code {"commitment":"<hex>","deviceId":"...","signature":"<base64
 * DER>","timestamp":<ms>}}.
 */
public final class SignedCommitment {

    /** Value of the {@code format} member of the signed bytes. */
    public static final String FORMAT = "tmsct.commitment.v1";

    private static final String DOCUMENT = "signed commitment";

    private final byte[] root;
    private final String deviceId;
    private final Instant timestamp;
    private final byte[] signature;

    public SignedCommitment(byte[] root, String deviceId, Instant timestamp, byte[] signature) {
        this.root = checkRoot(root).clone();
        this.deviceId = SignedRecord.checkDeviceId(deviceId);
        this.timestamp = SignedRecord.checkTimestamp(timestamp);
        this.signature = Objects.requireNonNull(signature, "signature").clone();
    }

    /** The bytes a device signs; see the class comment. */
    public static byte[] signingBytes(byte[] root, String deviceId, Instant timestamp) {
        JsonObject payload = new JsonObject();
        payload.addProperty("commitment", Hex.encode(checkRoot(root)));
        payload.addProperty("deviceId", SignedRecord.checkDeviceId(deviceId));
        payload.addProperty("format", FORMAT);
        payload.addProperty("timestamp", SignedRecord.checkTimestamp(timestamp).toEpochMilli());
        return CanonicalJson.canonicalize(payload);
    }

    /** Signs {@code commitment}'s root as device {@code deviceId} at {@code timestamp}. */
    public static SignedCommitment sign(
            FieldCommitment commitment, String deviceId, Instant timestamp, PrivateKey key) {
        byte[] root = commitment.root();
        return new SignedCommitment(
                root,
                deviceId,
                timestamp,
                DeviceSignature.sign(key, signingBytes(root, deviceId, timestamp)));
    }

    /** True if the signature is valid under {@code devicePublicKey}. */
    public boolean verify(PublicKey devicePublicKey) {
        return DeviceSignature.verify(devicePublicKey, signingBytes(), signature);
    }

    public byte[] signingBytes() {
        return signingBytes(root, deviceId, timestamp);
    }

    /** The signed commitment root (a copy). */
    public byte[] root() {
        return root.clone();
    }

    public String deviceId() {
        return deviceId;
    }

    public Instant timestamp() {
        return timestamp;
    }

    /** The DER signature (a copy). */
    public byte[] signature() {
        return signature.clone();
    }

    /** The JSON form, canonically encoded. */
    public String toJson() {
        JsonObject object = new JsonObject();
        object.addProperty("commitment", Hex.encode(root));
        object.addProperty("deviceId", deviceId);
        object.addProperty("signature", Base64.getEncoder().encodeToString(signature));
        object.addProperty("timestamp", timestamp.toEpochMilli());
        return CanonicalJson.canonicalString(object);
    }

    /** Parses the JSON form strictly. */
    public static SignedCommitment fromJson(String json) {
        JsonObject object = JsonFields.parseObject(json, DOCUMENT);
        JsonFields.rejectUnknown(
                object, DOCUMENT, "commitment", "deviceId", "signature", "timestamp");
        String root = JsonFields.requireString(object, "commitment", DOCUMENT);
        if (!Hex.isLowerHex(root, Sha256.LENGTH)) {
            throw new RecordFormatException(
                    DOCUMENT + ": commitment must be 64 lowercase hex characters");
        }
        long millis =
                JsonFields.requireLong(
                        object, "timestamp", 0, JsonFields.MAX_SAFE_INTEGER, DOCUMENT);
        byte[] signature;
        try {
            signature =
                    Base64.getDecoder()
                            .decode(JsonFields.requireString(object, "signature", DOCUMENT));
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(DOCUMENT + ": signature is not valid base64", e);
        }
        return new SignedCommitment(
                Hex.decode(root),
                JsonFields.requireString(object, "deviceId", DOCUMENT),
                Instant.ofEpochMilli(millis),
                signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedCommitment other
                && Arrays.equals(root, other.root)
                && deviceId.equals(other.deviceId)
                && timestamp.equals(other.timestamp)
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(root), deviceId, timestamp, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SignedCommitment" + toJson();
    }

    private static byte[] checkRoot(byte[] root) {
        if (root == null || root.length != Sha256.LENGTH) {
            throw new IllegalArgumentException("a commitment root must be 32 bytes");
        }
        return root;
    }
}
