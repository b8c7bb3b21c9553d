package org.tmsct.web.page;

import java.util.ArrayList;
import java.util.List;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.merkle.MerkleTree;

/**
 * A Merkle audit path replayed step by step for the proof page. The side of each sibling follows
 * from the leaf index and tree size alone (RFC 9162 2.1.3.2, as MerkleProof.rootFromLeafHash),
 * which is why the proof JSON carries no sides.
 */
final class MerklePath {

    /**
     * One step up the tree.
     *
     * @param sibling the path hash, as given
     * @param siblingOnLeft true if it is hashed before the running hash
     * @param result the running hash after this step, null if it cannot be computed
     */
    record Step(String sibling, boolean siblingOnLeft, String result) {}

    /**
     * @param steps the steps the tree shape allows (extra path hashes are left out)
     * @param fits false if the path is longer or shorter than the tree shape requires
     * @param root the hash the last step leads to, null if unknown
     */
    record Replay(List<Step> steps, boolean fits, String root) {}

    private MerklePath() {}

    /**
     * Replays {@code path} from {@code leafHash} (hex; null if the leaf could not be hashed, then
     * only the sides are worked out).
     */
    static Replay replay(long leafIndex, long treeSize, List<String> path, String leafHash) {
        List<Step> steps = new ArrayList<>();
        if (treeSize < 1 || leafIndex < 0 || leafIndex >= treeSize) {
            return new Replay(steps, false, null);
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = decode(leafHash);
        for (String p : path) {
            if (sn == 0) {
                return new Replay(steps, false, null); // more hashes than the tree is deep
            }
            boolean left = (fn & 1) == 1 || fn == sn;
            byte[] sibling = decode(p);
            r =
                    r == null || sibling == null
                            ? null
                            : left
                                    ? MerkleTree.nodeHash(sibling, r)
                                    : MerkleTree.nodeHash(r, sibling);
            steps.add(new Step(p, left, r == null ? null : Hex.encode(r)));
            if (left && (fn & 1) == 0) {
                // the last node of its level, carried up unchanged until it is a right child
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            fn >>= 1;
            sn >>= 1;
        }
        boolean fits = sn == 0;
        return new Replay(steps, fits, fits && r != null ? Hex.encode(r) : null);
    }

    /** SHA-256(0x00 || leaf bytes) in hex. */
    static String leafHash(byte[] leafBytes) {
        return Hex.encode(MerkleTree.leafHash(leafBytes));
    }

    private static byte[] decode(String hex) {
        if (hex == null || hex.length() != 64) {
            return null;
        }
        try {
            return Hex.decode(hex);
        } catch (RuntimeException notHex) {
            return null;
        }
    }
}
