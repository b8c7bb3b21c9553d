package org.tmsct.core.commitment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.merkle.MerkleTree;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.RawRecord;
import org.tmsct.core.record.RecordFormatException;

/**
 * The salted commitment to a raw record D: one leaf per member of D ({@code /tid}, {@code /stage}
 * and each field, see {@link FieldPointer}), each hashed with its own random salt, and an RFC 6962
 * Merkle root over the leaves. The root is what the device signs ({@link SignedCommitment}) and
 * what stands for Hash(D); a {@link FieldDisclosure} proves one member against it.
 *
 * <p>Leaf bytes: {@code "tmsct.field.v1" || u32(len(pointer)) || pointer || u32(len(value)) ||
 * value || salt}, with the pointer in UTF-8, the value in RFC 8785 canonical UTF-8, lengths as
 * 4-byte big-endian byte counts and a salt of exactly {@value #SALT_LENGTH} bytes. Leaves are
 * ordered by pointer in UTF-16 code units (the member order of RFC 8785). The Merkle tree adds its
 * 0x00 leaf and 0x01 node prefixes, so an inner node cannot pose as a leaf, and the tag keeps a
 * field leaf apart from any other leaf TMSCT hashes.
 *
 * <p>Without the salt, a leaf or root tells nothing about a value, however few values it could
 * have: a guess can only be checked against a disclosed salt.
 */
public final class FieldCommitment {

    /** Salt length in bytes (256 bits, over the 128 bits the design requires). */
    public static final int SALT_LENGTH = 32;

    private static final byte[] LEAF_TAG = "tmsct.field.v1".getBytes(StandardCharsets.US_ASCII);

    private final RawRecord record;
    private final List<String> pointers;
    private final SortedMap<String, JsonElement> members;
    private final SortedMap<String, byte[]> values;
    private final SortedMap<String, byte[]> salts;
    private final MerkleTree tree;

    private FieldCommitment(RawRecord record, SortedMap<String, byte[]> salts) {
        this.record = record;
        this.members = members(record);
        this.values = new TreeMap<>();
        members.forEach((p, v) -> values.put(p, CanonicalJson.canonicalize(v)));
        if (!salts.keySet().equals(values.keySet())) {
            throw new IllegalArgumentException(
                    "salts must be given for exactly the members "
                            + values.keySet()
                            + ", got "
                            + salts.keySet());
        }
        this.salts = salts;
        this.pointers = List.copyOf(values.keySet());
        List<byte[]> leaves = new ArrayList<>(pointers.size());
        for (String p : pointers) {
            leaves.add(leafBytes(p, values.get(p), salts.get(p)));
        }
        this.tree = MerkleTree.build(leaves);
    }

    /** Commits to {@code record} with fresh salts drawn from {@code random}. */
    public static FieldCommitment commit(RawRecord record, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        TreeMap<String, byte[]> salts = new TreeMap<>();
        for (String p : members(record).keySet()) {
            byte[] salt = new byte[SALT_LENGTH];
            random.nextBytes(salt);
            salts.put(p, salt);
        }
        return new FieldCommitment(record, salts);
    }

    /**
     * Commits to {@code record} with the given salts, one per member pointer (e.g. read back from
     * the off-chain store with {@link #saltsFromJson}).
     */
    public static FieldCommitment commit(RawRecord record, Map<String, byte[]> salts) {
        Objects.requireNonNull(record, "record");
        TreeMap<String, byte[]> copy = new TreeMap<>();
        salts.forEach((p, s) -> copy.put(p, checkSalt(s).clone()));
        return new FieldCommitment(record, copy);
    }

    /** The members of {@code record} by pointer, in leaf order. */
    public static SortedMap<String, JsonElement> members(RawRecord record) {
        TreeMap<String, JsonElement> out = new TreeMap<>(); // String order is UTF-16 code units
        out.put(FieldPointer.TID, new JsonPrimitive(record.tid()));
        out.put(FieldPointer.STAGE, new JsonPrimitive(record.stage()));
        record.fields().forEach((name, value) -> out.put(FieldPointer.field(name), value));
        return Collections.unmodifiableSortedMap(out);
    }

    /** The leaf bytes of one member; see the class comment. */
    public static byte[] leafBytes(String pointer, byte[] canonicalValue, byte[] salt) {
        byte[] p = pointer.getBytes(StandardCharsets.UTF_8);
        checkSalt(salt);
        return ByteBuffer.allocate(
                        LEAF_TAG.length + 4 + p.length + 4 + canonicalValue.length + SALT_LENGTH)
                .put(LEAF_TAG)
                .putInt(p.length)
                .put(p)
                .putInt(canonicalValue.length)
                .put(canonicalValue)
                .put(salt)
                .array();
    }

    /** The committed record. */
    public RawRecord record() {
        return record;
    }

    /** The Merkle root: the record's Hash(D) in this scheme. */
    public byte[] root() {
        return tree.root();
    }

    public String rootHex() {
        return tree.rootHex();
    }

    /** The member pointers in leaf order. */
    public List<String> pointers() {
        return pointers;
    }

    /** The salt of each member (copies); keep them with the record to disclose later. */
    public SortedMap<String, byte[]> salts() {
        TreeMap<String, byte[]> out = new TreeMap<>();
        salts.forEach((p, s) -> out.put(p, s.clone()));
        return out;
    }

    /** The salts as a JSON object of pointer to lowercase hex. */
    public JsonObject saltsJson() {
        JsonObject out = new JsonObject();
        salts.forEach((p, s) -> out.addProperty(p, Hex.encode(s)));
        return out;
    }

    /** Reads {@link #saltsJson()} back. */
    public static Map<String, byte[]> saltsFromJson(JsonObject json) {
        TreeMap<String, byte[]> out = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            JsonElement v = e.getValue();
            if (!v.isJsonPrimitive()
                    || !v.getAsJsonPrimitive().isString()
                    || !Hex.isLowerHex(v.getAsString(), SALT_LENGTH)) {
                throw new RecordFormatException(
                        "salts: the salt of \""
                                + e.getKey()
                                + "\" must be "
                                + 2 * SALT_LENGTH
                                + " lowercase hex characters");
            }
            out.put(e.getKey(), Hex.decode(v.getAsString()));
        }
        return out;
    }

    /** The disclosure of one member, by pointer. */
    public FieldDisclosure disclose(String pointer) {
        int index = pointers.indexOf(pointer);
        if (index < 0) {
            throw new IllegalArgumentException("the record has no member " + pointer);
        }
        return new FieldDisclosure(
                pointer, members.get(pointer), salts.get(pointer), tree.proof(index));
    }

    /**
     * The disclosures of {@code /tid}, {@code /stage} and the named fields that the record has
     * (e.g. the shared key fields); absent fields are left out, as in {@link RawRecord#keyData}.
     */
    public List<FieldDisclosure> discloseKeyData(Collection<String> fieldNames) {
        List<FieldDisclosure> out = new ArrayList<>();
        out.add(disclose(FieldPointer.TID));
        out.add(disclose(FieldPointer.STAGE));
        for (String name : new TreeSet<>(fieldNames)) {
            String p = FieldPointer.field(name);
            if (values.containsKey(p)) {
                out.add(disclose(p));
            }
        }
        return out;
    }

    static byte[] checkSalt(byte[] salt) {
        if (salt == null || salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException(
                    "a salt must be "
                            + SALT_LENGTH
                            + " bytes, got "
                            + (salt == null ? "none" : salt.length));
        }
        return salt;
    }
}
