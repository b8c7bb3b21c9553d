package org.tmsct.slave.device;

import com.google.gson.JsonObject;

/**
 * A registered IoT device: its P-256 public key (PEM SubjectPublicKeyInfo, whatever form it was
 * registered in) and whether it may still sign records.
 *
 * @param fingerprint lowercase hex SHA-256 of the public key's DER encoding
 * @param revokedTxId null while the device is active
 */
public record Device(
        String deviceId,
        String publicKeyPem,
        String fingerprint,
        String registeredBy,
        String registeredTxId,
        long registeredAt,
        String revokedTxId,
        long revokedAt) {

    public static final String ACTIVE = "ACTIVE";
    public static final String REVOKED = "REVOKED";

    public boolean revoked() {
        return revokedTxId != null;
    }

    public String status() {
        return revoked() ? REVOKED : ACTIVE;
    }

    public Device revoke(String txId, long timestamp) {
        return new Device(
                deviceId,
                publicKeyPem,
                fingerprint,
                registeredBy,
                registeredTxId,
                registeredAt,
                txId,
                timestamp);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("deviceId", deviceId);
        o.addProperty("publicKey", publicKeyPem);
        o.addProperty("fingerprint", fingerprint);
        o.addProperty("status", status());
        o.addProperty("registeredBy", registeredBy);
        o.addProperty("registeredTxId", registeredTxId);
        o.addProperty("registeredAt", registeredAt);
        if (revoked()) {
            o.addProperty("revokedTxId", revokedTxId);
            o.addProperty("revokedAt", revokedAt);
        }
        return o;
    }

    public static Device fromJson(JsonObject o) {
        boolean revoked = o.has("revokedTxId");
        return new Device(
                o.get("deviceId").getAsString(),
                o.get("publicKey").getAsString(),
                o.get("fingerprint").getAsString(),
                o.get("registeredBy").getAsString(),
                o.get("registeredTxId").getAsString(),
                o.get("registeredAt").getAsLong(),
                revoked ? o.get("revokedTxId").getAsString() : null,
                revoked ? o.get("revokedAt").getAsLong() : 0);
    }
}
