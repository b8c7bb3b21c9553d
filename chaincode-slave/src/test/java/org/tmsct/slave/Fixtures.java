package org.tmsct.slave;

import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.tmsct.chaincode.common.Caller;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.commitment.SignedCommitment;
import org.tmsct.core.record.RawRecord;

/** Shared test data: identities, a channel, and device-signed records. */
public final class Fixtures {

    public static final String CHANNEL = "logistics";
    public static final String OWNER = "LogisticsOrgMSP";
    public static final String OTHER = "ProcessingOrgMSP";
    public static final String STAGE = "LOGISTICS";
    public static final String KEY_FIELDS = "[\"batch\",\"location\",\"temperature\"]";

    public static final Caller OWNER_ADMIN = new Caller(OWNER, true, null);
    public static final Caller OWNER_USER = new Caller(OWNER, false, null);
    public static final Caller OWNER_RELAY = new Caller(OWNER, false, "relay");
    public static final Caller OTHER_ADMIN = new Caller(OTHER, true, null);
    public static final Caller OTHER_RELAY = new Caller(OTHER, false, "relay");

    private static int counter;

    private Fixtures() {}

    /** A fresh transaction by {@code caller}, with increasing ids and timestamps. */
    public static Tx tx(Caller caller) {
        counter++;
        return new Tx(
                String.format("tx%04d", counter),
                1_700_000_000_000L + counter * 1000L,
                CHANNEL,
                caller);
    }

    public static RawRecord record(String tid, String stage, String location) {
        TreeMap<String, com.google.gson.JsonElement> fields = new TreeMap<>();
        fields.put("batch", new JsonPrimitive("B-7"));
        fields.put("location", new JsonPrimitive(location));
        fields.put("temperature", new JsonPrimitive(4.5));
        fields.put("driver", new JsonPrimitive("private: not shared"));
        return new RawRecord(tid, stage, fields);
    }

    /**
     * The transient map of a Record call: the raw record, the salts of its commitment, the
     * signature of {@code key} over the signed commitment, the signing time.
     */
    public static Map<String, byte[]> signed(
            RawRecord record, String deviceId, KeyPair key, long millis) {
        FieldCommitment commitment = FieldCommitment.commit(record, new SecureRandom());
        SignedCommitment signed =
                SignedCommitment.sign(
                        commitment, deviceId, Instant.ofEpochMilli(millis), key.getPrivate());
        return transientOf(
                record.toJson().getBytes(StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(signed.signature()),
                Long.toString(millis),
                commitment.saltsJson().toString());
    }

    /** As {@link #transientOf(byte[], String, String, String)}, with fresh salts for the record. */
    public static Map<String, byte[]> transientOf(
            byte[] record, String signature, String timestamp) {
        String salts = "{}";
        if (record != null) {
            try {
                salts =
                        FieldCommitment.commit(RawRecord.parse(record), new SecureRandom())
                                .saltsJson()
                                .toString();
            } catch (RuntimeException e) {
                // a malformed record: the contract refuses it before it reads the salts
            }
        }
        return transientOf(record, signature, timestamp, salts);
    }

    public static Map<String, byte[]> transientOf(
            byte[] record, String signature, String timestamp, String salts) {
        TreeMap<String, byte[]> map = new TreeMap<>();
        if (record != null) {
            map.put("record", record);
        }
        if (signature != null) {
            map.put("signature", signature.getBytes(StandardCharsets.UTF_8));
        }
        if (timestamp != null) {
            map.put("timestamp", timestamp.getBytes(StandardCharsets.UTF_8));
        }
        if (salts != null) {
            map.put("salts", salts.getBytes(StandardCharsets.UTF_8));
        }
        return map;
    }

    /** The commitment root (Hash(D)) of the record and salts of a Record call's transient map. */
    public static String rootHex(Map<String, byte[]> transientMap) {
        return FieldCommitment.commit(
                        RawRecord.parse(transientMap.get("record")),
                        FieldCommitment.saltsFromJson(
                                com.google.gson.JsonParser.parseString(
                                                new String(
                                                        transientMap.get("salts"),
                                                        StandardCharsets.UTF_8))
                                        .getAsJsonObject()))
                .rootHex();
    }
}
