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
import org.tmsct.client.offchain.OffchainRecord;
import org.tmsct.client.offchain.OffchainStore;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.commitment.SignedCommitment;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.core.record.RawRecord;

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
}
