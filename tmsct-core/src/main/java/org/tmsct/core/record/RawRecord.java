package org.tmsct.core.record;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;

/**
 * One raw data record, the article's {@code D = {TID, (k1,v1) ... (kn,vn)}}: the trace code, the
 * supply-chain stage that produced it, and n key/value pairs whose values may be any JSON.
 *
 * <p>JSON form: {@code {"tid":"...","stage":"...","fields":{...}}}. Its identity is its RFC 8785
 * canonical encoding ({@link #canonicalBytes()}); {@link #hash()} is the SHA-256 of those bytes and
 * is what the master chain stores as {@code Hash(D)}.
 *
 * <p>Instances are immutable: JSON values are deep-copied on the way in and on the way out.
 */
public final class RawRecord {

    /** Largest accepted input, in bytes of UTF-8 (64 KiB). */
    public static final int MAX_BYTES = 64 * 1024;

    /** Maximum length of the stage name in characters. */
    public static final int MAX_STAGE_LENGTH = 128;

    private static final String DOCUMENT = "raw record";

    private final String tid;
    private final String stage;
    private final SortedMap<String, JsonElement> fields;
    private final byte[] canonical;

    /**
     * @param tid trace code, see {@link TraceId}
     * @param stage non-empty stage name, at most {@value #MAX_STAGE_LENGTH} characters, no control
     *     characters
     * @param fields the key/value pairs (copied; a Java {@code null} value becomes JSON null)
     * @throws RecordFormatException if a rule is broken or a value has no exact canonical form
     *     (NaN, unpaired surrogate, a number that a double cannot hold as written such as
     *     2<sup>53</sup>+1)
     */
    public RawRecord(String tid, String stage, Map<String, ? extends JsonElement> fields) {
        this.tid = TraceId.validate(tid);
        this.stage = validateStage(stage);
        Objects.requireNonNull(fields, "fields");
        TreeMap<String, JsonElement> copy = new TreeMap<>();
        for (Map.Entry<String, ? extends JsonElement> e : fields.entrySet()) {
            if (e.getKey() == null) {
                throw new RecordFormatException(DOCUMENT + ": field names must not be null");
            }
            copy.put(
                    e.getKey(), e.getValue() == null ? JsonNull.INSTANCE : e.getValue().deepCopy());
        }
        for (Map.Entry<String, JsonElement> e : copy.entrySet()) {
            CanonicalJson.requireExactNumbers(e.getValue(), "fields." + e.getKey());
        }
        this.fields = copy;
        this.canonical = CanonicalJson.canonicalize(toJsonObject());
    }

    /**
     * Parses a record strictly: the input must be at most {@link #MAX_BYTES} bytes of UTF-8, strict
     * JSON without duplicate keys, an object with exactly the members {@code tid}, {@code stage}
     * and {@code fields}.
     *
     * @throws RecordFormatException describing the first problem found (with line and column for
     *     syntax errors)
     */
    public static RawRecord parse(String json) {
        if (json == null) {
            throw new RecordFormatException(DOCUMENT + ": input is null");
        }
        long size = utf8Length(json);
        if (size > MAX_BYTES) {
            throw tooLarge(size);
        }
        return fromJson(JsonFields.parseObject(json, DOCUMENT));
    }

    /** As {@link #parse(String)}, from UTF-8 bytes (malformed UTF-8 is rejected, not replaced). */
    public static RawRecord parse(byte[] utf8) {
        if (utf8 == null) {
            throw new RecordFormatException(DOCUMENT + ": input is null");
        }
        if (utf8.length > MAX_BYTES) {
            throw tooLarge(utf8.length);
        }
        String json;
        try {
            json = Utf8.strict(utf8);
        } catch (CharacterCodingException e) {
            throw new RecordFormatException(DOCUMENT + ": input is not valid UTF-8", e);
        }
        return parse(json);
    }

    /**
     * Builds a record from an already parsed JSON object, with the same checks as {@link
     * #parse(String)} (except size).
     */
    public static RawRecord fromJson(JsonObject object) {
        JsonFields.rejectUnknown(object, DOCUMENT, "tid", "stage", "fields");
        String tid = JsonFields.requireString(object, "tid", DOCUMENT);
        String stage = JsonFields.requireString(object, "stage", DOCUMENT);
        JsonObject fields = JsonFields.requireObject(object, "fields", DOCUMENT);
        TreeMap<String, JsonElement> map = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : fields.entrySet()) {
            map.put(e.getKey(), e.getValue());
        }
        return new RawRecord(tid, stage, map);
    }

    /** The trace code. */
    public String tid() {
        return tid;
    }

    /** The stage that produced the record. */
    public String stage() {
        return stage;
    }

    /** The key/value pairs, sorted by key (an unmodifiable deep copy). */
    public SortedMap<String, JsonElement> fields() {
        return deepCopy(fields);
    }

    /**
     * The key data {@code KD}: the pairs named in {@code fieldNames} (the m of n pairs the
     * consortium agreed to share). Names the record does not have are simply absent.
     */
    public SortedMap<String, JsonElement> keyData(List<String> fieldNames) {
        TreeMap<String, JsonElement> out = new TreeMap<>();
        for (String name : fieldNames) {
            JsonElement value = fields.get(name);
            if (value != null) {
                out.put(name, value.deepCopy());
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** RFC 8785 canonical UTF-8 bytes of the JSON form. */
    public byte[] canonicalBytes() {
        return canonical.clone();
    }

    /** SHA-256 of {@link #canonicalBytes()}: the article's {@code Hash(D)}. */
    public byte[] hash() {
        return Sha256.digest(canonical);
    }

    /** {@link #hash()} as lowercase hex. */
    public String hashHex() {
        return Hex.encode(hash());
    }

    /** The JSON form, in canonical encoding. */
    public String toJson() {
        return new String(canonical, StandardCharsets.UTF_8);
    }

    /** The JSON form as a fresh gson object. */
    public JsonObject toJsonObject() {
        JsonObject fieldsObject = new JsonObject();
        for (Map.Entry<String, JsonElement> e : fields.entrySet()) {
            fieldsObject.add(e.getKey(), e.getValue().deepCopy());
        }
        JsonObject object = new JsonObject();
        object.addProperty("tid", tid);
        object.addProperty("stage", stage);
        object.add("fields", fieldsObject);
        return object;
    }

    /** Records are equal when their canonical encodings are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord other && Arrays.equals(canonical, other.canonical);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(canonical);
    }

    @Override
    public String toString() {
        return "RawRecord" + toJson();
    }

    static SortedMap<String, JsonElement> deepCopy(SortedMap<String, JsonElement> map) {
        TreeMap<String, JsonElement> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.deepCopy()));
        return Collections.unmodifiableSortedMap(out);
    }

    static String validateStage(String stage) {
        if (stage == null) {
            throw new RecordFormatException("invalid stage: stage is missing");
        }
        if (stage.isEmpty()) {
            throw new RecordFormatException("invalid stage: stage is empty");
        }
        if (stage.length() > MAX_STAGE_LENGTH) {
            throw new RecordFormatException(
                    "invalid stage: "
                            + stage.length()
                            + " characters, more than the maximum of "
                            + MAX_STAGE_LENGTH);
        }
        for (int i = 0; i < stage.length(); i++) {
            if (Character.isISOControl(stage.charAt(i))) {
                throw new RecordFormatException("invalid stage: control character at index " + i);
            }
        }
        return stage;
    }

    private static RecordFormatException tooLarge(long size) {
        return new RecordFormatException(
                DOCUMENT
                        + ": input is "
                        + size
                        + " bytes of UTF-8, over the limit of "
                        + MAX_BYTES
                        + " bytes (64 KiB)");
    }

    /** UTF-8 length of {@code s}, counted without encoding it. */
    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
