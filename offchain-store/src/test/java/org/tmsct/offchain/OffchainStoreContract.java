package org.tmsct.offchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tmsct.core.record.RawRecord;

/** The behaviour every off-chain store must have, whatever database is behind it. */
public abstract class OffchainStoreContract {

    protected OffchainStore store;
    private final String tid = "TID-" + UUID.randomUUID();

    /** A fresh, empty store. */
    protected abstract OffchainStore openStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private OffchainRecord save(final String raw, final String hash) throws Exception {
        return store.savePending(
                tid,
                "RAW_MATERIAL",
                "furnace-1",
                raw,
                hash,
                "MEUCIQ-signature",
                1_763_700_000_123L);
    }

    @Test
    void savedRecordIsPendingWithEveryField() throws Exception {
        String raw =
                "{\"fields\":{\"heat\":8812},\"stage\":\"RAW_MATERIAL\",\"tid\":\"" + tid + "\"}";
        OffchainRecord r = save(raw, "a".repeat(64));
        assertEquals(OffchainRecord.Status.PENDING, r.status());
        assertEquals(tid, r.tid());
        assertEquals("RAW_MATERIAL", r.stage());
        assertEquals("furnace-1", r.deviceId());
        assertEquals(raw, r.rawJson());
        assertEquals("a".repeat(64), r.dataHash());
        assertEquals(1_763_700_000_123L, r.signedAtMillis());
        assertNull(r.txId());
        assertNull(r.slaveBlock());
        assertEquals(List.of(r), store.retryable());
    }

    @Test
    void sameRecordTwiceIsStoredOnce() throws Exception {
        OffchainRecord first = save("{}", "b".repeat(64));
        OffchainRecord again = save("{}", "b".repeat(64));
        assertEquals(first.id(), again.id());
        assertEquals(1, store.count());
        save("{}", "c".repeat(64));
        assertEquals(2, store.findByTid(tid).size());
    }

    @Test
    void submittedRecordLeavesTheRetryListAndIsFoundByTxId() throws Exception {
        OffchainRecord r = save("{}", "d".repeat(64));
        store.markSubmitted(r.id(), "tx-42", 17L);
        assertTrue(store.retryable().isEmpty());
        OffchainRecord done = store.findByTxId("tx-42").orElseThrow();
        assertEquals(OffchainRecord.Status.SUBMITTED, done.status());
        assertEquals(17L, done.slaveBlock());
        assertNull(done.error());
    }

    @Test
    void aRecordOfABatchIsFoundByItsLongId() throws Exception {
        OffchainRecord r = save("{}", "e".repeat(64));
        String id = "f".repeat(64) + "#499"; // <transaction id>#<position>
        store.markSubmitted(r.id(), id, 18L);
        assertEquals(r.id(), store.findByTxId(id).orElseThrow().id());
    }

    @Test
    void unfinishedRecordStaysPendingWithItsErrorAndCannotUndoASubmission() throws Exception {
        OffchainRecord r = save("{}", "e".repeat(64));
        store.keepPending(r.id(), "peer unreachable");
        OffchainRecord failed = store.retryable().get(0);
        assertEquals(OffchainRecord.Status.PENDING, failed.status());
        assertEquals("peer unreachable", failed.error());

        store.markSubmitted(r.id(), "tx-43", 18L);
        store.keepPending(r.id(), "late failure report");
        assertEquals(
                OffchainRecord.Status.SUBMITTED, store.findByTxId("tx-43").orElseThrow().status());
    }

    @Test
    void theStageColumnHoldsTheLongestAllowedStageName() throws Exception {
        String stage = "S".repeat(RawRecord.MAX_STAGE_LENGTH);
        OffchainRecord r =
                store.savePending(tid, stage, "furnace-1", "{}", "9".repeat(64), "sig", 1L);
        assertEquals(stage, store.findByTid(tid).get(0).stage());
        assertEquals(r.id(), store.findByTid(tid).get(0).id());
    }

    @Test
    void deletingLeavesASubmittedRecordAlone() throws Exception {
        OffchainRecord gone = save("{}", "1".repeat(64));
        OffchainRecord kept = save("{}", "2".repeat(64));
        store.markSubmitted(kept.id(), "tx-44", 19L);
        store.delete(gone.id());
        store.delete(kept.id());
        assertEquals(
                List.of("tx-44"), store.findByTid(tid).stream().map(OffchainRecord::txId).toList());
    }

    @Test
    void reopeningKeepsRecordsAndSchema() throws Exception {
        save("{}", "f".repeat(64));
        assertEquals(6, store.schemaVersion());
        assertFalse(store.findByTid(tid).isEmpty());
    }

    @Test
    void theSaltsAreKeptWithTheRawRecordAndItsRowIsFoundByItsBytes() throws Exception {
        String salts = "{\"/tid\":\"" + "ab".repeat(32) + "\"}";
        OffchainRecord row =
                store.savePending(
                        tid, "RAW_MATERIAL", "d", "{\"x\":1}", "c".repeat(64), "sig", 1L, salts);
        assertEquals(salts, row.salts());
        assertEquals(row.id(), store.findByRaw(tid, "{\"x\":1}").orElseThrow().id());
        assertTrue(store.findByRaw(tid, "{\"x\":2}").isEmpty());
    }
}
