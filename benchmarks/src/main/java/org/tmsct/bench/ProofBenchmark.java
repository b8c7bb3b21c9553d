package org.tmsct.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tmsct.core.merkle.MerkleProof;
import org.tmsct.core.merkle.MerkleTree;

/** Verifying an inclusion proof in a 1000-leaf tree (10 path hashes plus the leaf hash). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProofBenchmark {

    private static final int LEAVES = 1000;

    private List<byte[]> leaves;
    private MerkleProof[] proofs;
    private byte[] root;
    private int next;

    @Setup
    public void setUp() {
        leaves = new ArrayList<>();
        for (int i = 0; i < LEAVES; i++) {
            leaves.add(("{\"tid\":\"TID-" + i + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        MerkleTree tree = MerkleTree.build(leaves);
        root = tree.root();
        proofs = new MerkleProof[LEAVES];
        for (int i = 0; i < LEAVES; i++) {
            proofs[i] = tree.proof(i);
        }
    }

    @Benchmark
    public boolean proofVerify() {
        int i = next++ % LEAVES;
        return proofs[i].verify(leaves.get(i), root);
    }
}
