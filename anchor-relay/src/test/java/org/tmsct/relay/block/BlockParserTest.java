package org.tmsct.relay.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.relay.Fixtures.CHAINCODE;
import static org.tmsct.relay.Fixtures.T0;
import static org.tmsct.relay.Fixtures.configTx;
import static org.tmsct.relay.Fixtures.endorserTx;
import static org.tmsct.relay.Fixtures.entry;
import static org.tmsct.relay.Fixtures.fabricBlock;
import static org.tmsct.relay.Fixtures.storedRecordJson;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.tmsct.core.protocol.StateKeys;
import org.tmsct.core.record.AnchorEntry;

class BlockParserTest {

    private final BlockParser parser = new BlockParser(CHAINCODE);

    @Test
    void keepsOnlyValidRecordTransactionsOfTheSlaveChaincodeInBlockOrder() {
        AnchorEntry a = entry("tx-a", "TID-A");
        AnchorEntry b = entry("tx-b", "TID-B");
        AnchorEntry invalid = entry("tx-mvcc", "TID-C");
        AnchorEntry other = entry("tx-other", "TID-D");
        Block block =
                fabricBlock(
                        9,
                        List.of(
                                endorserTx(
                                        "tx-a",
                                        CHAINCODE,
                                        "RecordCreated",
                                        storedRecordJson(a),
                                        T0.plusMillis(5)),
                                endorserTx(
                                        "tx-confirm",
                                        CHAINCODE,
                                        null,
                                        "",
                                        T0), // ConfirmAnchor: no event
                                endorserTx(
                                        "tx-mvcc",
                                        CHAINCODE,
                                        "RecordCreated",
                                        storedRecordJson(invalid),
                                        T0),
                                endorserTx(
                                        "tx-other",
                                        "some-other-cc",
                                        "RecordCreated",
                                        storedRecordJson(other),
                                        T0),
                                endorserTx("tx-dev", CHAINCODE, "DeviceRegistered", "{}", T0),
                                endorserTx(
                                        "tx-b",
                                        CHAINCODE,
                                        "RecordCreated",
                                        storedRecordJson(b),
                                        T0.plusMillis(3))),
                        new byte[] {
                            0, 0, (byte) TxValidationCode.MVCC_READ_CONFLICT_VALUE, 0, 0, 0
                        });

        SlaveBlock parsed = parser.parse(block);

        assertEquals(9, parsed.number());
        assertEquals(6, parsed.transactionCount());
        assertEquals(List.of(a, b), parsed.entries());
        assertEquals(List.of("tx-a", "tx-b"), parsed.txIds());
        assertEquals(T0.plusMillis(3), parsed.oldestRecord().orElseThrow());
        assertEquals(BlockHeaderHash.hexOf(block.getHeader()), parsed.headerHash());
        assertEquals("00".repeat(32), parsed.previousHash());
    }

    @Test
    void configAndEmptyBlocksHaveNoRecords() {
        SlaveBlock config = parser.parse(fabricBlock(0, List.of(configTx()), new byte[] {0}));
        assertFalse(config.hasRecords());
        SlaveBlock confirmOnly =
                parser.parse(
                        fabricBlock(
                                4,
                                List.of(endorserTx("c", CHAINCODE, null, "", T0)),
                                new byte[] {0}));
        assertFalse(confirmOnly.hasRecords());
        assertTrue(confirmOnly.oldestRecord().isEmpty());
    }

    @Test
    void anEventThatIsNotAStoredRecordIsAFormatError() {
        Block block =
                fabricBlock(
                        3,
                        List.of(
                                endorserTx(
                                        "tx-x", CHAINCODE, "RecordCreated", "{\"tid\":\"T\"}", T0)),
                        new byte[] {0});
        BlockFormatException e =
                assertThrows(BlockFormatException.class, () -> parser.parse(block));
        assertTrue(e.getMessage().contains("block 3, transaction 0"), e.getMessage());
    }

    @Test
    void anEventNamingAnotherTransactionIsAFormatError() {
        Block block =
                fabricBlock(
                        3,
                        List.of(
                                endorserTx(
                                        "tx-x",
                                        CHAINCODE,
                                        "RecordCreated",
                                        storedRecordJson(entry("tx-y", "T")),
                                        T0)),
                        new byte[] {0});
        assertThrows(BlockFormatException.class, () -> parser.parse(block));
    }

    @Test
    void missingValidationCodesAreAFormatError() {
        Block block = fabricBlock(3, List.of(configTx(), configTx()), new byte[] {0});
        BlockFormatException e =
                assertThrows(BlockFormatException.class, () -> parser.parse(block));
        assertTrue(
                e.getMessage().contains("2 transactions but 1 validation codes"), e.getMessage());
    }

    @Test
    void entryKeepsTheSharedFieldsAndHash() {
        AnchorEntry e = entry("tx-1", "TID-1");
        assertEquals(e, BlockParser.entryOf("tx-1", storedRecordJson(e)));
    }

    @Test
    void theAttestationOfTheEventIsPassedOnAsItIs() {
        JsonObject stored = JsonParser.parseString("{\"tid\":\"T\"}").getAsJsonObject();
        assertNull(BlockParser.attestationOf(stored.toString()));
        JsonObject attestation = new JsonObject();
        attestation.addProperty("certificate", "PEM");
        stored.add(BlockParser.ATTESTATION_MEMBER, attestation);
        assertEquals(attestation, BlockParser.attestationOf(stored.toString()));
    }

    @Test
    void eachAttestationComesFromItsRecordsWriteAndOldEventsStillCarryTheirs() {
        AnchorEntry single = entry("tx-a", "TID-A");
        AnchorEntry first = entry("tx-batch#0", "TID-B");
        AnchorEntry third = entry("tx-batch#2", "TID-C");
        AnchorEntry old = entry("tx-old", "TID-D");
        JsonObject legacy = JsonParser.parseString(storedRecordJson(old)).getAsJsonObject();
        legacy.add(BlockParser.ATTESTATION_MEMBER, attestation("old-event"));
        Block block =
                fabricBlock(
                        5,
                        List.of(
                                endorserTx(
                                        "tx-a",
                                        CHAINCODE,
                                        "RecordCreated",
                                        storedRecordJson(single),
                                        T0,
                                        Map.of(
                                                StateKeys.recordAttestation("tx-a"),
                                                attestation("a").toString())),
                                endorserTx(
                                        "tx-batch",
                                        CHAINCODE,
                                        "RecordsCreated",
                                        batchEvent(first, third),
                                        T0,
                                        Map.of(
                                                StateKeys.recordAttestation("tx-batch#0"),
                                                attestation("b0").toString(),
                                                StateKeys.recordAttestation("tx-batch#2"),
                                                attestation("b2").toString(),
                                                StateKeys.composite("record", "tx-batch#0"),
                                                "{}")),
                                endorserTx(
                                        "tx-old",
                                        CHAINCODE,
                                        "RecordCreated",
                                        legacy.toString(),
                                        T0)),
                        new byte[] {0, 0, 0});
        assertEquals(
                List.of(
                        attestation("a"),
                        attestation("b0"),
                        attestation("b2"),
                        attestation("old-event")),
                parser.parse(block).attestations());
    }

    private static JsonObject attestation(final String certificate) {
        JsonObject a = new JsonObject();
        a.addProperty("certificate", certificate);
        return a;
    }

    private static String batchEvent(final AnchorEntry... entries) {
        com.google.gson.JsonArray records = new com.google.gson.JsonArray();
        for (AnchorEntry e : entries) {
            records.add(JsonParser.parseString(storedRecordJson(e)));
        }
        JsonObject o = new JsonObject();
        o.add("records", records);
        return o.toString();
    }

    @Test
    void aRecordBatchBecomesOneRecordPerStoredRecordEachUnderItsOwnId() {
        AnchorEntry single = entry("tx-a", "TID-A");
        AnchorEntry first = entry("tx-batch#0", "TID-B");
        AnchorEntry third = entry("tx-batch#2", "TID-C"); // #1 was refused by the contract
        Block block =
                fabricBlock(
                        4,
                        List.of(
                                endorserTx(
                                        "tx-a",
                                        CHAINCODE,
                                        "RecordCreated",
                                        storedRecordJson(single),
                                        T0),
                                endorserTx(
                                        "tx-batch",
                                        CHAINCODE,
                                        "RecordsCreated",
                                        batchEvent(first, third),
                                        T0.plusMillis(1))),
                        new byte[] {0, 0});
        SlaveBlock parsed = parser.parse(block);
        assertEquals(List.of(single, first, third), parsed.entries());
        assertEquals(List.of("tx-a", "tx-batch#0", "tx-batch#2"), parsed.txIds());
    }

    @Test
    void aBatchCannotNameARecordOfAnotherTransaction() {
        for (String id : List.of("tx-other#0", "tx-batch", "tx-batch#01", "tx-batch#x")) {
            Block block =
                    fabricBlock(
                            4,
                            List.of(
                                    endorserTx(
                                            "tx-batch",
                                            CHAINCODE,
                                            "RecordsCreated",
                                            batchEvent(entry(id, "TID-B")),
                                            T0)),
                            new byte[] {0});
            BlockFormatException e =
                    assertThrows(BlockFormatException.class, () -> parser.parse(block), id);
            assertTrue(e.getMessage().contains("RecordsCreated"), e.getMessage());
        }
    }
}
