package org.tmsct.core.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmsct.core.TestVectors;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.record.RecordFormatException;

class MerkleTreeTest {

    static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(("leaf-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * RFC 6962 section 2.1 MTH, written recursively and independently of MerkleTree's level-wise
     * build.
     */
    static byte[] referenceRoot(List<byte[]> leaves) {
        int n = leaves.size();
        if (n == 0) {
            return Sha256.digest(new byte[0]);
        }
        if (n == 1) {
            byte[] in = new byte[leaves.get(0).length + 1];
            System.arraycopy(leaves.get(0), 0, in, 1, leaves.get(0).length);
            return Sha256.digest(in);
        }
        int k = Integer.highestOneBit(n - 1); // largest power of two smaller than n
        byte[] left = referenceRoot(leaves.subList(0, k));
        byte[] right = referenceRoot(leaves.subList(k, n));
        byte[] in = new byte[65];
        in[0] = 1;
        System.arraycopy(left, 0, in, 1, 32);
        System.arraycopy(right, 0, in, 33, 32);
        return Sha256.digest(in);
    }

    @Test
    void fixedRootsForFixedLeaves() {
        // test-vectors/merkle.json, computed with an independent recursive implementation of RFC
        // 6962
        JsonArray roots = TestVectors.json("merkle.json").getAsJsonArray("roots");
        assertEquals(5, roots.size());
        for (JsonElement v : roots) {
            int size = v.getAsJsonObject().get("size").getAsInt();
            assertEquals(
                    v.getAsJsonObject().get("root").getAsString(),
                    MerkleTree.build(leaves(size)).rootHex(),
                    "size " + size);
        }
    }

    @Test
    void shapeFollowsTheRfc6962SplitRule() {
        for (int n = 0; n <= 70; n++) {
            assertArrayEquals(
                    referenceRoot(leaves(n)), MerkleTree.build(leaves(n)).root(), "n=" + n);
        }
    }

    @Test
    void lastLeafIsNotDuplicated() {
        // with duplication, [a, b, c] and [a, b, c, c] would share a root
        List<byte[]> three = leaves(3);
        List<byte[]> four = new ArrayList<>(three);
        four.add(three.get(2));
        assertFalse(Arrays.equals(MerkleTree.build(three).root(), MerkleTree.build(four).root()));
    }

    @Test
    void everyProofOfEveryLeafVerifiesForSizesOneToSeventy() {
        for (int n = 1; n <= 70; n++) {
            List<byte[]> leaves = leaves(n);
            MerkleTree tree = MerkleTree.build(leaves);
            byte[] root = tree.root();
            for (int i = 0; i < n; i++) {
                MerkleProof proof = tree.proof(i);
                assertEquals(i, proof.leafIndex());
                assertEquals(n, proof.treeSize());
                assertTrue(proof.verify(leaves.get(i), root), "n=" + n + " i=" + i);
                int other = (i + 1) % n;
                if (other != i) {
                    assertFalse(
                            proof.verify(leaves.get(other), root),
                            "n=" + n + " i=" + i + " with leaf " + other);
                }
            }
        }
    }

    @Test
    void flippingAnySingleByteOfLeafPathOrRootFails() {
        for (int n = 1; n <= 70; n++) {
            List<byte[]> leaves = leaves(n);
            MerkleTree tree = MerkleTree.build(leaves);
            byte[] root = tree.root();
            for (int i = 0; i < n; i++) {
                MerkleProof proof = tree.proof(i);
                byte[] leaf = leaves.get(i);
                for (int b = 0; b < leaf.length; b++) {
                    byte[] bad = leaf.clone();
                    bad[b] ^= 0x01;
                    assertFalse(proof.verify(bad, root));
                }
                for (int b = 0; b < root.length; b++) {
                    byte[] bad = root.clone();
                    bad[b] ^= (byte) 0x80;
                    assertFalse(proof.verify(leaf, bad));
                }
                List<byte[]> path = proof.path();
                for (int p = 0; p < path.size(); p++) {
                    for (int b = 0; b < 32; b++) {
                        List<byte[]> badPath = new ArrayList<>(path);
                        byte[] h = path.get(p).clone();
                        h[b] ^= 0x04;
                        badPath.set(p, h);
                        assertFalse(new MerkleProof(i, n, badPath).verify(leaf, root));
                    }
                }
            }
        }
    }

    @Test
    void wrongIndexOrSizeFails() {
        for (int n = 2; n <= 40; n++) {
            List<byte[]> leaves = leaves(n);
            MerkleTree tree = MerkleTree.build(leaves);
            byte[] root = tree.root();
            for (int i = 0; i < n; i++) {
                List<byte[]> path = tree.proof(i).path();
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        assertFalse(
                                new MerkleProof(j, n, path).verify(leaves.get(i), root),
                                "n=" + n + " i=" + i + " j=" + j);
                    }
                }
            }
        }
    }

    @Test
    void pathLengthMustMatchTheTreeShape() {
        MerkleTree tree = MerkleTree.build(leaves(8));
        MerkleProof proof = tree.proof(3);
        List<byte[]> path = proof.path();
        byte[] leafHash = tree.leafHashAt(3);
        assertTrue(proof.verifyLeafHash(leafHash, tree.root()));
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(new byte[32]);
        assertNull(new MerkleProof(3, 8, longer).rootFromLeafHash(leafHash));
        assertNull(new MerkleProof(3, 8, path.subList(0, 2)).rootFromLeafHash(leafHash));
        assertNull(new MerkleProof(0, 1, path).rootFromLeafHash(leafHash));
    }

    /**
     * An inner node is SHA-256(0x01 || left || right). Presenting "left || right" as a leaf gives
     * SHA-256(0x00 || left || right) instead, and presenting the inner node's hash directly with
     * the shorter path above it is refused because the path no longer fits the tree's shape.
     */
    @Test
    void anInnerNodeCannotBeVerifiedAsALeaf() {
        for (int n = 2; n <= 20; n++) {
            List<byte[]> leaves = leaves(n);
            MerkleTree tree = MerkleTree.build(leaves);
            byte[] root = tree.root();
            for (int i = 0; i + 1 < n; i += 2) {
                byte[] left = tree.leafHashAt(i);
                byte[] right = tree.leafHashAt(i + 1);
                byte[] inner = MerkleTree.nodeHash(left, right);
                byte[] concatenated = new byte[64];
                System.arraycopy(left, 0, concatenated, 0, 32);
                System.arraycopy(right, 0, concatenated, 32, 32);
                List<byte[]> fullPath = tree.proof(i).path();
                List<byte[]> abovePath = fullPath.subList(1, fullPath.size());
                // every claimed position and size, with either path
                for (int size = 1; size <= n; size++) {
                    for (int index = 0; index < size; index++) {
                        for (List<byte[]> path : List.of(fullPath, abovePath)) {
                            MerkleProof forged = new MerkleProof(index, size, path);
                            assertFalse(
                                    forged.verify(concatenated, root),
                                    "n=" + n + " node " + i + " as leaf " + index + "/" + size);
                            if (size == n) {
                                assertFalse(
                                        forged.verifyLeafHash(inner, root),
                                        "n=" + n + " inner hash at " + index);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void proofJsonRoundTrips() {
        MerkleTree tree = MerkleTree.build(leaves(5));
        MerkleProof proof = tree.proof(4);
        String json = proof.toJson();
        assertEquals(
                "{\"leafIndex\":4,\"path\":[\""
                        + Hex.encode(referenceRoot(leaves(4)))
                        + "\"],\"treeSize\":5}",
                json);
        MerkleProof back = MerkleProof.fromJson(json);
        assertEquals(proof, back);
        assertTrue(back.verify(leaves(5).get(4), tree.root()));
    }

    @Test
    void malformedProofJsonIsRejected() {
        String h = "ab".repeat(32);
        assertThrows(
                RecordFormatException.class,
                () -> MerkleProof.fromJson("{\"leafIndex\":5,\"path\":[],\"treeSize\":5}"));
        assertThrows(
                RecordFormatException.class,
                () -> MerkleProof.fromJson("{\"leafIndex\":-1,\"path\":[],\"treeSize\":5}"));
        assertThrows(
                RecordFormatException.class,
                () -> MerkleProof.fromJson("{\"leafIndex\":0,\"path\":[],\"treeSize\":0}"));
        assertThrows(
                RecordFormatException.class,
                () -> MerkleProof.fromJson("{\"leafIndex\":0.5,\"path\":[],\"treeSize\":2}"));
        assertThrows(
                RecordFormatException.class,
                () ->
                        MerkleProof.fromJson(
                                "{\"leafIndex\":0,\"path\":[\""
                                        + h.toUpperCase()
                                        + "\"],\"treeSize\":2}"));
        assertThrows(
                RecordFormatException.class,
                () -> MerkleProof.fromJson("{\"leafIndex\":0,\"path\":[\"abcd\"],\"treeSize\":2}"));
        assertThrows(
                RecordFormatException.class,
                () ->
                        MerkleProof.fromJson(
                                "{\"leafIndex\":0,\"path\":\"" + h + "\",\"treeSize\":2}"));
        assertThrows(
                RecordFormatException.class,
                () -> MerkleProof.fromJson("{\"leafIndex\":0,\"path\":[],\"treeSize\":1,\"x\":1}"));
        assertEquals(
                1,
                MerkleProof.fromJson("{\"leafIndex\":0,\"path\":[\"" + h + "\"],\"treeSize\":2}")
                        .path()
                        .size());
    }

    @Test
    void proofIndexMustBeInRange() {
        MerkleTree tree = MerkleTree.build(leaves(3));
        assertThrows(IndexOutOfBoundsException.class, () -> tree.proof(3));
        assertThrows(IndexOutOfBoundsException.class, () -> tree.proof(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> MerkleTree.build(leaves(0)).proof(0));
        assertThrows(
                IllegalArgumentException.class, () -> new MerkleProof(0, 1, List.of(new byte[31])));
    }
}
