package org.tmsct.client.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.commitment.SignedCommitment;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.core.record.RawRecord;
import org.tmsct.offchain.OffchainRecord;
import org.tmsct.offchain.OffchainStore;

/** What happens to the off-chain row for each way a submission can end. */
class RecordSubmitterTest {

    /** A slave channel that answers as told, and holds the records it is given. */
    static final class FakeLedger implements SlaveLedger {
        final Map<String, String> onChain = new HashMap<>(); // hash -> txId
        final List<Failure> nextSubmits = new ArrayList<>();
        Failure lookupFailure;
        int submits;

        @Override
        public Committed submit(final OffchainRecord row) throws Failure {
            submits++;
            if (!nextSubmits.isEmpty()) {
                throw nextSubmits.remove(0);
            }
            String txId = "tx-" + submits;
            onChain.put(row.dataHash(), txId);
            return new Committed(txId, 7L);
        }

        @Override
        public BatchCommitted submitBatch(final String deviceId, final List<OffchainRecord> rows)
                throws Failure {
            submits++;
            if (!nextSubmits.isEmpty()) {
                throw nextSubmits.remove(0);
            }
            String txId = "tx-" + submits;
            List<BatchItem> items = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                OffchainRecord row = rows.get(i);
                String refusal = refuseInBatch.get(row.tid());
                if (refusal != null) {
                    items.add(new BatchItem(null, refusal, "refused in the batch"));
                } else if (onChain.containsKey(row.dataHash())) {
                    items.add(new BatchItem(null, "DUPLICATE_RECORD", "already stored"));
                } else {
                    onChain.put(row.dataHash(), txId + "#" + i);
                    items.add(new BatchItem(txId + "#" + i, null, null));
                }
            }
            return new BatchCommitted(txId, 7L, items);
        }

        /** Trace codes whose records a RecordBatch refuses, with the code. */
        final Map<String, String> refuseInBatch = new HashMap<>();

        @Override
        public Optional<String> findRecord(final String tid, final String dataHash) throws Failure {
            if (lookupFailure != null) {
                throw lookupFailure;
            }
            return Optional.ofNullable(onChain.get(dataHash));
        }

        @Override
        public JsonObject getRecord(final String txId) {
            throw new UnsupportedOperationException();
        }
    }

    @TempDir Path dir;
    private OffchainStore store;
    private final FakeLedger ledger = new FakeLedger();
    private RecordSubmitter submitter;
    private final RawRecord record =
            RawRecord.parse("{\"tid\":\"T-1\",\"stage\":\"RAW_MATERIAL\",\"fields\":{\"w\":1}}");

    @BeforeEach
    void open() {
        store = OffchainStore.open(OffchainStore.defaultUrl(dir, "RawMaterialOrg"));
        submitter = new RecordSubmitter("RawMaterialOrg", "RAW_MATERIAL", ledger, store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static SlaveLedger.Failure refused(final String code) {
        return new SlaveLedger.Failure("[" + code + "] refused", Optional.of(code));
    }

    private static SlaveLedger.Failure unknownOutcome() {
        return new SlaveLedger.Failure(
                "error in simulation: could not launch chaincode: connection refused",
                Optional.empty());
    }

    /** One set of salts, so the record always has the same Hash(D) (its commitment root). */
    private final FieldCommitment commitment = FieldCommitment.commit(record, new SecureRandom());

    private RecordSubmitter.Outcome record() throws Exception {
        return submitter.record(
                record, "furnace-1", new byte[] {1, 2}, 1_000L, commitment.saltsJson());
    }

    private OffchainRecord row() throws Exception {
        return store.findByHash("T-1", commitment.rootHex()).orElseThrow();
    }

    @Test
    void aDeviceKeyCommitsStoresTheSaltsAndSignsTheCommitment() throws Exception {
        java.security.KeyPair key = DeviceSignature.generateKeyPair();
        RecordSubmitter.Outcome out = submitter.record(record, "furnace-1", key.getPrivate());
        OffchainRecord row = out.row();
        FieldCommitment again =
                FieldCommitment.commit(
                        record,
                        FieldCommitment.saltsFromJson(
                                com.google.gson.JsonParser.parseString(row.salts())
                                        .getAsJsonObject()));
        assertEquals(again.rootHex(), row.dataHash());
        assertTrue(
                new SignedCommitment(
                                again.root(),
                                "furnace-1",
                                java.time.Instant.ofEpochMilli(row.signedAtMillis()),
                                java.util.Base64.getDecoder().decode(row.signature()))
                        .verify(key.getPublic()));
        assertEquals(
                row.salts(),
                new String(
                        FabricSlaveLedger.transientOf(row).get("salts"),
                        java.nio.charset.StandardCharsets.UTF_8));
        // the same record again reuses the stored row and its salts
        RecordSubmitter.Outcome rerun = submitter.record(record, "furnace-1", key.getPrivate());
        assertTrue(rerun.alreadyOnChain());
        assertEquals(row.dataHash(), rerun.row().dataHash());
        assertEquals(1, store.count());
    }

    @Test
    void aCommittedRecordIsMarkedSubmitted() throws Exception {
        RecordSubmitter.Outcome out = record();
        assertFalse(out.alreadyOnChain());
        assertEquals(OffchainRecord.Status.SUBMITTED, row().status());
        assertEquals("tx-1", row().txId());
    }

    @Test
    void anUnreachableChaincodeServerKeepsTheRowPendingForTheRetry() throws Exception {
        ledger.nextSubmits.add(unknownOutcome());
        RecordSubmitter.PendingException e =
                assertThrows(RecordSubmitter.PendingException.class, this::record);
        assertTrue(e.getMessage().contains("--retry-pending"), e.getMessage());
        assertEquals(OffchainRecord.Status.PENDING, row().status());
        assertEquals(List.of(row()), store.retryable());

        RecordSubmitter.Outcome retried = submitter.submit(store.retryable().get(0));
        assertEquals(OffchainRecord.Status.SUBMITTED, row().status());
        assertEquals(retried.txId(), row().txId());
    }

    @Test
    void aRefusalThatSaysNothingFinalAboutTheRecordKeepsTheRow() throws Exception {
        for (String code : List.of("INTERNAL", "WRONG_ORG", "NOT_CONFIGURED")) {
            ledger.nextSubmits.add(refused(code));
            assertThrows(RecordSubmitter.PendingException.class, this::record, code);
            assertEquals(OffchainRecord.Status.PENDING, row().status(), code);
        }
    }

    @Test
    void aFinalRefusalOfARecordNotOnTheChainDeletesTheRow() throws Exception {
        for (String code : RecordSubmitter.FINAL) {
            ledger.nextSubmits.add(refused(code));
            assertThrows(RecordSubmitter.RefusedException.class, this::record, code);
            assertTrue(store.findByHash("T-1", commitment.rootHex()).isEmpty(), code);
        }
    }

    @Test
    void aRetryRefusedAsRevokedKeepsARecordThatIsAlreadyOnTheChain() throws Exception {
        ledger.nextSubmits.add(unknownOutcome());
        assertThrows(RecordSubmitter.PendingException.class, this::record);
        // the first submission did reach the chain; meanwhile the device was revoked
        ledger.onChain.put(commitment.rootHex(), "tx-earlier");
        ledger.nextSubmits.add(refused(ErrorCode.DEVICE_REVOKED.name()));

        RecordSubmitter.Outcome out = submitter.submit(row());
        assertTrue(out.alreadyOnChain());
        assertEquals("tx-earlier", out.txId());
        assertEquals(OffchainRecord.Status.SUBMITTED, row().status());
        assertEquals("tx-earlier", row().txId());
    }

    @Test
    void aDuplicateIsNotedWithTheTransactionThatStoredIt() throws Exception {
        ledger.onChain.put(commitment.rootHex(), "tx-earlier");
        ledger.nextSubmits.add(refused(ErrorCode.DUPLICATE_RECORD.name()));
        RecordSubmitter.Outcome out = record();
        assertTrue(out.alreadyOnChain());
        assertEquals("tx-earlier", row().txId());
    }

    @Test
    void aFinalRefusalIsNotActedOnWhenTheChannelCannotBeAsked() throws Exception {
        ledger.nextSubmits.add(refused(ErrorCode.DEVICE_REVOKED.name()));
        ledger.lookupFailure = unknownOutcome();
        RecordSubmitter.PendingException e =
                assertThrows(RecordSubmitter.PendingException.class, this::record);
        assertTrue(e.getMessage().contains("could not check"), e.getMessage());
        assertEquals(OffchainRecord.Status.PENDING, row().status());
    }

    @Test
    void aRecordOfAnotherStageIsRefusedBeforeAnythingIsStoredOrSent() throws Exception {
        assertThrows(
                IllegalArgumentException.class,
                () -> submitter.parse("{\"tid\":\"T-1\",\"stage\":\"LOGISTICS\",\"fields\":{}}"));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        submitter.parse(
                                "{\"tid\":\"T-1\",\"stage\":\"RAW_MATERIAL\","
                                        + "\"fields\":{\"n\":9007199254740993}}"));
        assertEquals(0, store.count());
        assertEquals(0, ledger.submits);
    }

    private static RawRecord raw(final String tid) {
        return RawRecord.parse(
                "{\"tid\":\"" + tid + "\",\"stage\":\"RAW_MATERIAL\",\"fields\":{\"w\":1}}");
    }

    @Test
    void aBatchGivesEachRecordItsOwnIdAndRefusesABadOneAlone() throws Exception {
        java.security.KeyPair key = DeviceSignature.generateKeyPair();
        ledger.refuseInBatch.put("T-BAD", "BAD_SIGNATURE");
        List<RecordSubmitter.BatchResult> results =
                submitter.recordBatch(
                        List.of(raw("T-A"), raw("T-BAD"), raw("T-C")),
                        "furnace-1",
                        key.getPrivate());

        assertEquals(1, ledger.submits, "one transaction for the three records");
        assertEquals("tx-1#0", results.get(0).outcome().txId());
        assertEquals("tx-1#2", results.get(2).outcome().txId());
        assertEquals(null, results.get(1).outcome());
        assertTrue(results.get(1).failure().contains("BAD_SIGNATURE"), results.get(1).failure());
        // the store notes each record under its id; the finally refused one is gone
        assertEquals("tx-1#2", store.findByTid("T-C").get(0).txId());
        assertEquals(OffchainRecord.Status.SUBMITTED, store.findByTid("T-A").get(0).status());
        assertTrue(store.findByTid("T-BAD").isEmpty());

        // sent again: stored ones are not sent again
        List<RecordSubmitter.BatchResult> again =
                submitter.recordBatch(
                        List.of(raw("T-A"), raw("T-C")), "furnace-1", key.getPrivate());
        assertEquals(1, ledger.submits);
        assertTrue(again.get(0).outcome().alreadyOnChain());
    }

    @Test
    void aBatchWhoseOutcomeIsUnknownKeepsEveryRecordPending() throws Exception {
        java.security.KeyPair key = DeviceSignature.generateKeyPair();
        ledger.nextSubmits.add(unknownOutcome());
        List<RecordSubmitter.BatchResult> results =
                submitter.recordBatch(
                        List.of(raw("T-A"), raw("T-B")), "furnace-1", key.getPrivate());
        for (RecordSubmitter.BatchResult r : results) {
            assertEquals(null, r.outcome());
            assertTrue(r.failure().contains("kept off chain as pending"), r.failure());
        }
        assertEquals(2, store.retryable().size());
    }
}
