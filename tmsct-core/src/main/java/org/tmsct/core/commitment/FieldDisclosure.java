package org.tmsct.core.commitment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.merkle.MerkleProof;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.JsonFields;
import org.tmsct.core.record.RecordFormatException;

/**
 * One member of a committed record, opened: its pointer, its value, its salt and the Merkle proof
 * of its leaf. Whoever holds the commitment root can check it without seeing the other members.
 *
 * <p>JSON form: {@code {"pointer":"/fields/batch","proof":{...},"salt":"<64 hex>","value":<any
 * JSON>}}, the proof in {@link MerkleProof}'s form. The value is compared in its RFC 8785 form, so
 * {@code 12.50} and {@code 12.5} are the same value.
 */
public final class FieldDisclosure {

    private static final String DOCUMENT = "field disclosure";

    private final String pointer;
    private final JsonElement value;
    private final byte[] canonicalValue;
    private final byte[] salt;
    private final MerkleProof proof;

    /**
     * @throws IllegalArgumentException if the salt is not {@value FieldCommitment#SALT_LENGTH}
     *     bytes
     * @throws RecordFormatException if the value has no canonical form
     */
    public FieldDisclosure(String pointer, JsonElement value, byte[] salt, MerkleProof proof) {
        this.pointer = Objects.requireNonNull(pointer, "pointer");
        this.value = Objects.requireNonNull(value, "value").deepCopy();
        this.canonicalValue = CanonicalJson.canonicalize(value);
        this.salt = FieldCommitment.checkSalt(salt).clone();
        this.proof = Objects.requireNonNull(proof, "proof");
    }

    /** True if this member is a leaf of the commitment with root {@code root}. */
    public boolean verify(byte[] root) {
        return proof.verify(FieldCommitment.leafBytes(pointer, canonicalValue, salt), root);
    }

    /**
     * True if every disclosure verifies against {@code root} and no pointer is disclosed twice (the
     * multi-field disclosure of a record's shared key data).
     */
    public static boolean verifyAll(Collection<FieldDisclosure> disclosures, byte[] root) {
        Set<String> seen = new HashSet<>();
        for (FieldDisclosure d : disclosures) {
            if (!seen.add(d.pointer) || !d.verify(root)) {
                return false;
            }
        }
        return true;
    }

    public String pointer() {
        return pointer;
    }

    /** The disclosed value (a copy). */
    public JsonElement value() {
        return value.deepCopy();
    }

    /** The value's RFC 8785 bytes (a copy). */
    public byte[] canonicalValue() {
        return canonicalValue.clone();
    }

    public byte[] salt() {
        return salt.clone();
    }

    public MerkleProof proof() {
        return proof;
    }

    /** The JSON form, canonically encoded. */
    public String toJson() {
        return CanonicalJson.canonicalString(toJsonObject());
    }

    /** The JSON form as a fresh gson object. */
    public JsonObject toJsonObject() {
        JsonObject object = new JsonObject();
        object.addProperty("pointer", pointer);
        object.add("proof", proof.toJsonObject());
        object.addProperty("salt", Hex.encode(salt));
        object.add("value", value.deepCopy());
        return object;
    }

    /** Parses the JSON form strictly. */
    public static FieldDisclosure fromJson(String json) {
        return fromJson(JsonFields.parseObject(json, DOCUMENT));
    }

    /** Builds a disclosure from its parsed JSON form; unknown members are rejected. */
    public static FieldDisclosure fromJson(JsonObject object) {
        JsonFields.rejectUnknown(object, DOCUMENT, "pointer", "proof", "salt", "value");
        String salt = JsonFields.requireString(object, "salt", DOCUMENT);
        if (!Hex.isLowerHex(salt, FieldCommitment.SALT_LENGTH)) {
            throw new RecordFormatException(
                    DOCUMENT + ": salt must be 64 lowercase hex characters");
        }
        JsonElement value = object.get("value"); // JSON null is a value a field may have
        if (value == null) {
            throw new RecordFormatException(DOCUMENT + ": missing required field \"value\"");
        }
        MerkleProof proof =
                MerkleProof.fromJson(JsonFields.requireObject(object, "proof", DOCUMENT));
        return new FieldDisclosure(
                JsonFields.requireString(object, "pointer", DOCUMENT),
                value,
                Hex.decode(salt),
                proof);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldDisclosure other
                && pointer.equals(other.pointer)
                && Arrays.equals(canonicalValue, other.canonicalValue)
                && Arrays.equals(salt, other.salt)
                && proof.equals(other.proof);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pointer, Arrays.hashCode(canonicalValue), Arrays.hashCode(salt), proof);
    }

    @Override
    public String toString() {
        return "FieldDisclosure" + toJson();
    }
}
