package org.tmsct.relay.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.Test;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.record.AnchorEntry;

/**
 * Blocks of a real raw-material channel (Fabric 3.1.1, read through qscc GetBlockByNumber): the
 * genesis block and the block after it (a lifecycle approval), the block of one Record transaction,
 * and the block of the relay's ConfirmAnchor that followed it. Each block's previous_hash is
 * Fabric's own hash of the block before, so it checks our header hash independently.
 */
class RealBlocksTest {

    private final BlockParser parser = new BlockParser("chaincode-slave");

    private static Block load(final int number) throws IOException {
        try (InputStream in =
                RealBlocksTest.class.getResourceAsStream(
                        "/test-vectors/blocks/raw-material-block-" + number + ".pb")) {
            return Block.parseFrom(in);
        }
    }

    @Test
    void headerHashIsWhatTheNextBlockChainsTo() throws IOException {
        assertEquals(
                Hex.encode(load(1).getHeader().getPreviousHash().toByteArray()),
                BlockHeaderHash.hexOf(load(0).getHeader()));
        assertEquals(
                Hex.encode(load(6).getHeader().getPreviousHash().toByteArray()),
                BlockHeaderHash.hexOf(load(5).getHeader()));
        assertEquals(
                "ed227eb38ac08f63e0b70f2a57e398d952aa3ec8a26ce049513dcb4cfb1364bb",
                BlockHeaderHash.hexOf(load(5).getHeader()));
    }

    @Test
    void theRecordBlockYieldsItsOneEntryWithOnlyTheSharedFields() throws IOException {
        SlaveBlock block = parser.parse(load(5));
        assertEquals(5, block.number());
        assertEquals(1, block.records().size());
        AnchorEntry e = block.entries().get(0);
        assertEquals("34a31510272cb06754b8022d72447b3fac1b6f1c0fb28b0234af731848e296f3", e.txId());
        assertEquals("FIXTURE-1", e.tid());
        assertEquals("RAW_MATERIAL", e.stage());
        assertEquals(List.of("batch", "location", "product"), List.copyOf(e.keyData().keySet()));
        assertEquals(
                "ed2c60d15825be886c88162ba1f1e8b6d71805e34a2cbd67c1cb0752c712011f", e.dataHash());
        // the Merkle root the master accepted for this block
        assertEquals(
                "a30e8001a7fe622acde534b91d4936912a007f6bbb581b49ab29ac9ff76da4b1",
                BlockSummary.build(
                                "raw-material",
                                5,
                                block.headerHash(),
                                block.entries(),
                                BloomParams.DEFAULT)
                        .merkleRootHex());
    }

    @Test
    void configurationAndConfirmationBlocksCarryNoRecords() throws IOException {
        assertFalse(parser.parse(load(0)).hasRecords());
        assertFalse(parser.parse(load(1)).hasRecords());
        SlaveBlock confirmation = parser.parse(load(6));
        assertFalse(confirmation.hasRecords());
        assertEquals(1, confirmation.transactionCount());
    }

    @Test
    void theParsedBlockKeepsItsSerializedHeaderAndTheOrdererSignaturesForMaster()
            throws IOException {
        Block block = load(5);
        SlaveBlock parsed = parser.parse(block);
        assertEquals(
                block.getHeader(),
                org.hyperledger.fabric.protos.common.BlockHeader.parseFrom(
                        Hex.decode(parsed.headerBytesHex())));
        org.hyperledger.fabric.protos.common.Metadata signatures =
                org.hyperledger.fabric.protos.common.Metadata.parseFrom(
                        Hex.decode(parsed.ordererSignaturesHex()));
        assertEquals(1, signatures.getSignaturesCount(), "one Raft orderer signed it");
    }
}
