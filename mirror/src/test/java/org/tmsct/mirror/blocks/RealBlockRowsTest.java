package org.tmsct.mirror.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.junit.jupiter.api.Test;
import org.tmsct.core.hash.Hex;
import org.tmsct.gateway.block.BlockReadException;
import org.tmsct.mirror.BlockRows;
import org.tmsct.mirror.BlockRows.RawRow;
import org.tmsct.mirror.blocks.SlaveBlockRows.RecordRef;

/**
 * Blocks of a real network (Fabric 3.1.1, read through qscc GetBlockByNumber;
 * test-vectors/README.md): master block 6 (InitMembers), master block 41 (an AnchorBlock whose
 * entry declares a genealogy input), raw-material block 5 (a device registration) and block 8 (the
 * Record of that entry).
 */
class RealBlockRowsTest {

    private final MasterBlockRows master = new MasterBlockRows("master", "chaincode-master");

    private static Block load(String name) throws IOException {
        try (InputStream in =
                RealBlockRowsTest.class.getResourceAsStream(
                        "/test-vectors/blocks/mirror/" + name + ".pb")) {
            return Block.parseFrom(in);
        }
    }

    @Test
    void anAnchorBlockGivesItsEntryAnchorProductAndEdgeFromMastersWrites() throws IOException {
        BlockRows rows = master.rows(load("master-block-41"));
        assertEquals(41, rows.blockNumber());
        assertEquals(1, rows.stageEntries().size());
        BlockRows.StageEntryRow e = rows.stageEntries().get(0);
        assertEquals("SM-2", e.tid());
        assertEquals("RAW_MATERIAL", e.stage());
        assertEquals("RawMaterialOrgMSP", e.ownerMsp());
        assertEquals("{\"batch\":\"B2\",\"inputs\":[\"SM-1\"]}", e.keyData());
        assertEquals("raw-material", e.slaveChainId());
        assertEquals(8, e.slaveBlockNumber());
        assertEquals(0, e.entryIndex());
        assertEquals(41, e.masterBlock());
        assertEquals(
                "1dd0febeac546d6b86539cc52e5607c3ee5a6b775ef48daf6863eebb148ad3a3", e.slaveTxId());

        assertEquals(1, rows.anchors().size());
        BlockRows.AnchorRow a = rows.anchors().get(0);
        assertEquals("raw-material", a.slaveChainId());
        assertEquals(7, a.firstBlock());
        assertEquals(8, a.blockNumber());
        assertEquals(1, a.entryCount());
        assertEquals(
                "c062e59fc3730bbaf67866d4d15912bcf978e16e084f098e7c43c5250078d9f5", a.merkleRoot());
        assertEquals(e.masterTxId(), a.masterTxId());

        assertEquals(List.of(new BlockRows.ProductRow("SM-2", "default", 41)), rows.products());
        assertEquals(1, rows.edges().size());
        assertEquals("SM-1", rows.edges().get(0).fromTid());
        assertEquals("SM-2", rows.edges().get(0).toTid());
        assertEquals("inputs", rows.edges().get(0).relation());
        assertEquals(e.slaveTxId(), rows.edges().get(0).slaveTxId());
        assertTrue(rows.governance().isEmpty(), "anchoring is not governance");
        assertTrue(rows.rejected().isEmpty());
    }

    @Test
    void theBlockHashIsWhatTheBlockNamesAsItsPlaceInTheChain() throws IOException {
        Block block = load("master-block-41");
        BlockRows rows = master.rows(block);
        assertEquals(
                Hex.encode(block.getHeader().getPreviousHash().toByteArray()), rows.previousHash());
        assertEquals(BlockPlace.headerHash(block.getHeader()), rows.blockHash());
    }

    @Test
    void aGovernanceTransactionIsKeptWithItsArguments() throws IOException {
        BlockRows rows = master.rows(load("master-block-6"));
        assertEquals(1, rows.governance().size());
        assertEquals("InitMembers", rows.governance().get(0).functionName());
        assertTrue(
                rows.governance().get(0).args().contains("RawMaterialOrgMSP"),
                rows.governance().get(0).args());
        assertTrue(rows.stageEntries().isEmpty());
    }

    @Test
    void anInvalidatedTransactionAddsNoRows() throws IOException {
        Block block = load("master-block-41");
        byte[] codes = block.getMetadata().getMetadata(2).toByteArray().clone();
        codes[0] = 11; // MVCC_READ_CONFLICT
        BlockMetadata.Builder md = block.getMetadata().toBuilder();
        md.setMetadata(2, ByteString.copyFrom(codes));
        BlockRows rows = master.rows(block.toBuilder().setMetadata(md).build());
        assertTrue(rows.stageEntries().isEmpty());
        assertTrue(rows.anchors().isEmpty());
        assertTrue(rows.edges().isEmpty());
        assertEquals(41, rows.blockNumber(), "the block still moves the checkpoint");
    }

    @Test
    void aBlockWithoutValidationCodesCannotBeRead() throws IOException {
        Block block = load("master-block-41");
        BlockMetadata.Builder md = block.getMetadata().toBuilder();
        md.setMetadata(2, ByteString.EMPTY);
        Block broken = block.toBuilder().setMetadata(md).build();
        assertThrows(BlockReadException.class, () -> master.rows(broken));
    }

    @Test
    void aSlaveBlockGivesItsDeviceAndItsRecordsRawRows() throws Exception {
        List<List<RecordRef>> asked = new ArrayList<>();
        SlaveBlockRows slave =
                new SlaveBlockRows(
                        "raw-material",
                        "chaincode-slave",
                        records -> {
                            asked.add(records);
                            RecordRef r = records.get(0);
                            return List.of(
                                    new RawRow(
                                            r.recordId(),
                                            r.tid(),
                                            r.stage(),
                                            "{\"raw\":1}",
                                            r.dataHash(),
                                            r.dataHash()));
                        });
        BlockRows devices = slave.rows(load("raw-material-block-5"));
        assertEquals(1, devices.devices().size());
        assertEquals("sensor-0", devices.devices().get(0).deviceId());
        assertEquals("ACTIVE", devices.devices().get(0).status());
        assertEquals(5, devices.devices().get(0).updatedBlock());
        assertTrue(asked.isEmpty(), "no records, no off-chain lookup");

        BlockRows record = slave.rows(load("raw-material-block-8"));
        assertEquals(1, asked.size());
        RecordRef ref = asked.get(0).get(0);
        assertEquals(
                "1dd0febeac546d6b86539cc52e5607c3ee5a6b775ef48daf6863eebb148ad3a3", ref.recordId());
        assertEquals("SM-2", ref.tid());
        assertEquals("RAW_MATERIAL", ref.stage());
        assertEquals(1, record.rawRecords().size());
        assertTrue(record.devices().isEmpty());
        assertNull(record.stageEntries().isEmpty() ? null : "a slave block has no trace entries");
    }

    @Test
    void anUnreachableOffchainStoreIsReportedForARetry() {
        SlaveBlockRows slave =
                new SlaveBlockRows(
                        "raw-material",
                        "chaincode-slave",
                        records -> {
                            throw new java.sql.SQLException("in use");
                        });
        assertThrows(java.sql.SQLException.class, () -> slave.rows(load("raw-material-block-8")));
    }
}
