package org.tmsct.core.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;

/**
 * A Merkle tree with the hashing and shape of RFC 6962 / RFC 9162 (Certificate Transparency).
 *
 * <ul>
 *   <li>Leaf hash: {@code SHA-256(0x00 || leafBytes)}; node hash: {@code SHA-256(0x01 || left ||
 *       right)}. The different prefixes keep a leaf from ever hashing like an inner node.
 *   <li>Shape: the hash of n &gt; 1 leaves is the node hash of the tree over the first k leaves and
 *       the tree over the remaining n - k, where k is the largest power of two smaller than n.
 *       Equivalently, built level by level: pair neighbours left to right, and carry a last
 *       unpaired node up unchanged (it is not duplicated, so no two leaf lists share a root that
 *       way).
 *   <li>The root of the empty tree is {@code SHA-256("")}; the root of one leaf is its leaf hash.
 * </ul>
 *
 * Instances are immutable. All levels are kept so proofs come without recomputation.
 */
public final class MerkleTree {

    /** Root of the empty tree: SHA-256 of the empty string. */
    private static final byte[] EMPTY_ROOT = Sha256.digest(new byte[0]);

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    /**
     * levels.get(0) are the leaf hashes; the last level has one node, the root (absent if empty).
     */
    private final List<byte[][]> levels;

    private final int size;

    private MerkleTree(List<byte[][]> levels, int size) {
        this.levels = levels;
        this.size = size;
    }

    /**
     * Builds the tree over {@code leaves} (raw leaf bytes, e.g. {@code AnchorEntry.leafBytes()}),
     * in order.
     */
    public static MerkleTree build(List<byte[]> leaves) {
        Objects.requireNonNull(leaves, "leaves");
        byte[][] level = new byte[leaves.size()][];
        for (int i = 0; i < level.length; i++) {
            level[i] = leafHash(Objects.requireNonNull(leaves.get(i), "leaf " + i));
        }
        return fromOwnedLeafHashes(level);
    }

    /**
     * Builds the tree from already computed leaf hashes (each {@link #leafHash} of its leaf;
     * copied).
     */
    public static MerkleTree fromLeafHashes(byte[][] leafHashes) {
        byte[][] copy = new byte[leafHashes.length][];
        for (int i = 0; i < copy.length; i++) {
            if (leafHashes[i] == null || leafHashes[i].length != Sha256.LENGTH) {
                throw new IllegalArgumentException(
                        "leaf hash " + i + " must be " + Sha256.LENGTH + " bytes");
            }
            copy[i] = leafHashes[i].clone();
        }
        return fromOwnedLeafHashes(copy);
    }

    private static MerkleTree fromOwnedLeafHashes(byte[][] leafHashes) {
        List<byte[][]> levels = new ArrayList<>();
        byte[][] level = leafHashes;
        levels.add(level);
        while (level.length > 1) {
            byte[][] up = new byte[(level.length + 1) / 2][];
            for (int i = 0; i + 1 < level.length; i += 2) {
                up[i / 2] = nodeHash(level[i], level[i + 1]);
            }
            if (level.length % 2 == 1) {
                up[up.length - 1] = level[level.length - 1]; // unpaired: carried up unchanged
            }
            levels.add(up);
            level = up;
        }
        return new MerkleTree(levels, leafHashes.length);
    }

    /** {@code SHA-256(0x00 || leafBytes)}. */
    public static byte[] leafHash(byte[] leafBytes) {
        return Sha256.digest(LEAF_PREFIX, leafBytes);
    }

    /** {@code SHA-256(0x01 || left || right)}. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        return Sha256.digest(NODE_PREFIX, left, right);
    }

    /** Root of the empty tree, SHA-256 of the empty string. */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /** The root hash (32 bytes). */
    public byte[] root() {
        return size == 0 ? EMPTY_ROOT.clone() : levels.get(levels.size() - 1)[0].clone();
    }

    /** {@link #root()} in lowercase hex. */
    public String rootHex() {
        return Hex.encode(root());
    }

    /** Number of leaves. */
    public int size() {
        return size;
    }

    /** The leaf hash of leaf {@code leafIndex}. */
    public byte[] leafHashAt(int leafIndex) {
        Objects.checkIndex(leafIndex, size);
        return levels.get(0)[leafIndex].clone();
    }

    /**
     * The audit path of leaf {@code leafIndex}: the sibling hashes from the leaf up to the root.
     */
    public MerkleProof proof(int leafIndex) {
        Objects.checkIndex(leafIndex, size);
        List<byte[]> path = new ArrayList<>();
        int index = leafIndex;
        for (int depth = 0; depth < levels.size() - 1; depth++) {
            byte[][] level = levels.get(depth);
            int sibling = index ^ 1;
            if (sibling < level.length) {
                path.add(level[sibling]);
            } // else: this node is carried up unchanged and has no sibling at this level
            index >>>= 1;
        }
        return new MerkleProof(leafIndex, size, path);
    }
}
