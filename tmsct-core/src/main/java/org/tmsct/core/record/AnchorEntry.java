package org.tmsct.core.record;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;

/**
 * One entry of an anchored slave block, the article's {@code SCTX = (SC_ID, KD, Hash(D))} minus the
 * slave chain id (which the enclosing block summary carries): the slave transaction id, the trace
 * code, the stage, the shared key data and the SHA-256 of the full raw record.
 *
 * <p>Its Merkle leaf is {@link #leafBytes()}: the canonical (RFC 8785) bytes of {@code
 * {"dataHash":"<hex>","keyData":{...},"stage":"...","tid":"...","txId":"..."}}, which is also its
 * JSON form. Equality is equality of those bytes.
 */
public final class AnchorEntry {

    /** Maximum length of a transaction id in characters (Fabric's are 64 hex characters). */
    public static final int MAX_TX_ID_LENGTH = 256;

    private static final String DOCUMENT = "anchor entry";

    private final String txId;
    private final String tid;
    private final String stage;
    private final SortedMap<String, JsonElement> keyData;
    private final String dataHash;
    private final byte[] leaf;

    /**
     * @param txId id of the slave-chain transaction that carried the record (non-empty, no control
     *     characters)
     * @param tid trace code, see {@link TraceId}
     * @param stage stage name (same rules as {@link RawRecord})
     * @param keyData the shared key/value pairs (copied)
     * @param dataHash SHA-256 of the raw record's canonical bytes, 64 lowercase hex characters
     * @throws RecordFormatException if a rule is broken
     */
    public AnchorEntry(
            String txId,
            String tid,
            String stage,
            Map<String, ? extends JsonElement> keyData,
            String dataHash) {
        this.txId = checkTxId(txId);
        this.tid = TraceId.validate(tid);
        this.stage = RawRecord.validateStage(stage);
        Objects.requireNonNull(keyData, "keyData");
        TreeMap<String, JsonElement> copy = new TreeMap<>();
        for (Map.Entry<String, ? extends JsonElement> e : keyData.entrySet()) {
            if (e.getKey() == null) {
                throw new RecordFormatException(DOCUMENT + ": keyData names must not be null");
            }
            copy.put(
                    e.getKey(), e.getValue() == null ? JsonNull.INSTANCE : e.getValue().deepCopy());
        }
        this.keyData = copy;
        if (!Hex.isLowerHex(dataHash, Sha256.LENGTH)) {
            throw new RecordFormatException(
                    DOCUMENT + ": dataHash must be 64 lowercase hex characters (SHA-256)");
        }
        this.dataHash = dataHash;
        this.leaf = CanonicalJson.canonicalize(toJsonObject());
    }

    /**
     * The entry for {@code record} carried by slave transaction {@code txId}, sharing the fields
     * named in {@code sharedFields}.
     */
    public static AnchorEntry of(String txId, RawRecord record, List<String> sharedFields) {
        return new AnchorEntry(
                txId, record.tid(), record.stage(), record.keyData(sharedFields), record.hashHex());
    }

    /** Parses the JSON form strictly. */
    public static AnchorEntry fromJson(String json) {
        return fromJson(JsonFields.parseObject(json, DOCUMENT));
    }

    /** Builds an entry from its parsed JSON form; unknown members are rejected. */
    public static AnchorEntry fromJson(JsonObject object) {
        JsonFields.rejectUnknown(object, DOCUMENT, "txId", "tid", "stage", "keyData", "dataHash");
        JsonObject kd = JsonFields.requireObject(object, "keyData", DOCUMENT);
        TreeMap<String, JsonElement> map = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : kd.entrySet()) {
            map.put(e.getKey(), e.getValue());
        }
        return new AnchorEntry(
                JsonFields.requireString(object, "txId", DOCUMENT),
                JsonFields.requireString(object, "tid", DOCUMENT),
                JsonFields.requireString(object, "stage", DOCUMENT),
                map,
                JsonFields.requireString(object, "dataHash", DOCUMENT));
    }

    public String txId() {
        return txId;
    }

    public String tid() {
        return tid;
    }

    public String stage() {
        return stage;
    }

    /** The shared key data, sorted by key (an unmodifiable deep copy). */
    public SortedMap<String, JsonElement> keyData() {
        return RawRecord.deepCopy(keyData);
    }

    /** Lowercase hex SHA-256 of the raw record. */
    public String dataHash() {
        return dataHash;
    }

    /** True if {@code record} is the raw record this entry commits to (its hash matches). */
    public boolean matches(RawRecord record) {
        return dataHash.equals(record.hashHex());
    }

    /** Canonical JSON bytes of the entry: the Merkle leaf. */
    public byte[] leafBytes() {
        return leaf.clone();
    }

    /** SHA-256 of {@link #leafBytes()}. */
    public byte[] digest() {
        return Sha256.digest(leaf);
    }

    /** The JSON form, canonically encoded (the same characters as {@link #leafBytes()}). */
    public String toJson() {
        return new String(leaf, StandardCharsets.UTF_8);
    }

    /** The JSON form as a fresh gson object. */
    public JsonObject toJsonObject() {
        JsonObject kd = new JsonObject();
        keyData.forEach((k, v) -> kd.add(k, v.deepCopy()));
        JsonObject object = new JsonObject();
        object.addProperty("dataHash", dataHash);
        object.add("keyData", kd);
        object.addProperty("stage", stage);
        object.addProperty("tid", tid);
        object.addProperty("txId", txId);
        return object;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnchorEntry other && Arrays.equals(leaf, other.leaf);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(leaf);
    }

    @Override
    public String toString() {
        return "AnchorEntry" + toJson();
    }

    private static String checkTxId(String txId) {
        if (txId == null || txId.isEmpty()) {
            throw new RecordFormatException(DOCUMENT + ": txId is missing or empty");
        }
        if (txId.length() > MAX_TX_ID_LENGTH) {
            throw new RecordFormatException(
                    DOCUMENT
                            + ": txId has "
                            + txId.length()
                            + " characters, more than the maximum of "
                            + MAX_TX_ID_LENGTH);
        }
        for (int i = 0; i < txId.length(); i++) {
            if (Character.isISOControl(txId.charAt(i))) {
                throw new RecordFormatException(
                        DOCUMENT + ": txId has a control character at index " + i);
            }
        }
        return txId;
    }
}
