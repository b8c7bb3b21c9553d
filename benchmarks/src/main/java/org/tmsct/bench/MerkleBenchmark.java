package org.tmsct.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.merkle.MerkleTree;
import org.tmsct.core.record.AnchorEntry;

/**
 * Building a block's Merkle tree over its anchor entries' leaf bytes, and building the whole
 * B-Merkle summary (tree + Bloom filter in one pass, what each master endorser does per anchor).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MerkleBenchmark {

    @Param({"10", "100", "1000", "10000"})
    public int entries;

    private List<AnchorEntry> block;
    private List<byte[]> leaves;
    private String blockHash;

    @Setup
    public void setUp() {
        block = new ArrayList<>(entries);
        leaves = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            String tid = String.format("TID-%09d", i);
            AnchorEntry entry =
                    new AnchorEntry(
                            "tx-" + i,
                            tid,
                            "processing",
                            Map.of("batch", new com.google.gson.JsonPrimitive("B-" + (i / 100))),
                            Sha256.hex(tid.getBytes(StandardCharsets.UTF_8)));
            block.add(entry);
            leaves.add(entry.leafBytes());
        }
        blockHash = Sha256.hex("block".getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public byte[] merkleBuild() {
        return MerkleTree.build(leaves).root();
    }

    @Benchmark
    public BlockSummary blockSummaryBuild() {
        return BlockSummary.build("processing", 1, blockHash, block, BloomParams.DEFAULT);
    }
}
