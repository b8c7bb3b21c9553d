package org.tmsct.core.merkle;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.JsonFields;
import org.tmsct.core.record.RecordFormatException;

/**
 * An inclusion proof (audit path) for one leaf of a {@link MerkleTree}: the leaf's index, the
 * tree's size, and the sibling hashes from the leaf level upwards.
 *
 * <p>Verification follows RFC 9162 section 2.1.3.2: the index and size alone decide, at every step,
 * whether the next path hash is a left or a right sibling and where levels without a sibling are
 * skipped; a path that is longer or shorter than the tree shape requires is rejected. Together with
 * the 0x00/0x01 leaf/node prefixes, this means an inner node can never be passed off as a leaf.
 *
 * <p>JSON form: {@code {"leafIndex":<int>,"path":["<hex>",...],"treeSize":<int>}}.
 */
public final class MerkleProof {

    private static final String DOCUMENT = "Merkle proof";

    private final int leafIndex;
    private final int treeSize;
    private final List<byte[]> path;

    /**
     * @param leafIndex 0-based index of the leaf, below {@code treeSize}
     * @param treeSize number of leaves in the tree, at least 1
     * @param path sibling hashes, 32 bytes each, leaf level first (copied)
     */
    public MerkleProof(int leafIndex, int treeSize, List<byte[]> path) {
        if (treeSize < 1) {
            throw new IllegalArgumentException("treeSize must be at least 1, got " + treeSize);
        }
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException(
                    "leafIndex " + leafIndex + " is outside [0, " + treeSize + ")");
        }
        List<byte[]> copy = new ArrayList<>(path.size());
        for (byte[] hash : path) {
            if (Objects.requireNonNull(hash, "path hash").length != Sha256.LENGTH) {
                throw new IllegalArgumentException(
                        "path hashes must be " + Sha256.LENGTH + " bytes, got " + hash.length);
            }
            copy.add(hash.clone());
        }
        this.leafIndex = leafIndex;
        this.treeSize = treeSize;
        this.path = copy;
    }

    public int leafIndex() {
        return leafIndex;
    }

    public int treeSize() {
        return treeSize;
    }

    /** The sibling hashes, leaf level first (copies). */
    public List<byte[]> path() {
        List<byte[]> out = new ArrayList<>(path.size());
        path.forEach(h -> out.add(h.clone()));
        return Collections.unmodifiableList(out);
    }

    /**
     * True if {@code leafBytes} is leaf {@link #leafIndex()} of a tree of {@link #treeSize()}
     * leaves with root {@code expectedRoot}.
     */
    public boolean verify(byte[] leafBytes, byte[] expectedRoot) {
        return verifyLeafHash(MerkleTree.leafHash(leafBytes), expectedRoot);
    }

    /** As {@link #verify}, for a leaf whose hash ({@link MerkleTree#leafHash}) is already known. */
    public boolean verifyLeafHash(byte[] leafHash, byte[] expectedRoot) {
        byte[] root = rootFromLeafHash(leafHash);
        return root != null && expectedRoot != null && MessageDigest.isEqual(root, expectedRoot);
    }

    /**
     * The root this path leads to from {@code leafHash}, or null if the path length does not fit
     * the tree shape given by {@link #leafIndex()} and {@link #treeSize()}.
     */
    public byte[] rootFromLeafHash(byte[] leafHash) {
        long fn = leafIndex;
        long sn = treeSize - 1L;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return null; // path longer than the tree is deep
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleTree.nodeHash(p, r);
                if ((fn & 1) == 0) {
                    // fn is the last node of its level with no right sibling: it was carried up
                    // unchanged, possibly over several levels
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = MerkleTree.nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null; // sn != 0: path shorter than the tree is deep
    }

    /** The JSON form, canonically encoded. */
    public String toJson() {
        return CanonicalJson.canonicalString(toJsonObject());
    }

    /** The JSON form as a fresh gson object. */
    public JsonObject toJsonObject() {
        JsonArray hashes = new JsonArray();
        path.forEach(h -> hashes.add(Hex.encode(h)));
        JsonObject object = new JsonObject();
        object.addProperty("leafIndex", leafIndex);
        object.add("path", hashes);
        object.addProperty("treeSize", treeSize);
        return object;
    }

    /** Parses the JSON form strictly. */
    public static MerkleProof fromJson(String json) {
        return fromJson(JsonFields.parseObject(json, DOCUMENT));
    }

    /** Builds a proof from its parsed JSON form. */
    public static MerkleProof fromJson(JsonObject object) {
        JsonFields.rejectUnknown(object, DOCUMENT, "leafIndex", "path", "treeSize");
        int treeSize =
                (int) JsonFields.requireLong(object, "treeSize", 1, Integer.MAX_VALUE, DOCUMENT);
        int leafIndex =
                (int) JsonFields.requireLong(object, "leafIndex", 0, treeSize - 1L, DOCUMENT);
        JsonElement pathElement = JsonFields.require(object, "path", DOCUMENT);
        if (!pathElement.isJsonArray()) {
            throw new RecordFormatException(
                    DOCUMENT + ": field \"path\" must be an array of hex strings");
        }
        List<byte[]> path = new ArrayList<>();
        for (JsonElement e : pathElement.getAsJsonArray()) {
            if (!e.isJsonPrimitive()
                    || !e.getAsJsonPrimitive().isString()
                    || !Hex.isLowerHex(e.getAsString(), Sha256.LENGTH)) {
                throw new RecordFormatException(
                        DOCUMENT
                                + ": path entry "
                                + path.size()
                                + " must be 64 lowercase hex characters");
            }
            path.add(Hex.decode(e.getAsString()));
        }
        return new MerkleProof(leafIndex, treeSize, path);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MerkleProof other)
                || leafIndex != other.leafIndex
                || treeSize != other.treeSize
                || path.size() != other.path.size()) {
            return false;
        }
        for (int i = 0; i < path.size(); i++) {
            if (!java.util.Arrays.equals(path.get(i), other.path.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 31 * leafIndex + treeSize;
        for (byte[] p : path) {
            h = 31 * h + java.util.Arrays.hashCode(p);
        }
        return h;
    }

    @Override
    public String toString() {
        return "MerkleProof" + toJson();
    }
}
