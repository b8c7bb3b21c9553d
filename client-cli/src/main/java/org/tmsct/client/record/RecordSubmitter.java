package org.tmsct.client.record;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.commitment.SignedCommitment;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.RawRecord;
import org.tmsct.gateway.FabricSession;
import org.tmsct.offchain.OffchainRecord;
import org.tmsct.offchain.OffchainStore;

/**
 * The blockchain-gateway step of the paper's off-chain layer: keeps the raw record in the
 * organisation's own store, then submits it to the slave channel as transient data (so it never
 * enters a block), then notes the transaction against the stored record.
 */
public final class RecordSubmitter {

    /**
     * Refusals of the record itself by the slave contract's own checks: sending the same bytes
     * again cannot succeed. Any other code (wrong caller, channel not configured, internal error)
     * says nothing final about the record.
     */
    public static final Set<String> FINAL =
            Stream.of(
                            ErrorCode.BAD_REQUEST,
                            ErrorCode.UNKNOWN_DEVICE,
                            ErrorCode.DEVICE_REVOKED,
                            ErrorCode.MISSING_TRANSIENT,
                            ErrorCode.RECORD_MALFORMED,
                            ErrorCode.RECORD_TOO_LARGE,
                            ErrorCode.BAD_SIGNATURE,
                            ErrorCode.WRONG_STAGE,
                            ErrorCode.STAGE_NOT_IN_PROCESS,
                            ErrorCode.STAGE_WRONG_CHAIN,
                            ErrorCode.FIELDS_NOT_ALLOWED)
                    .map(ErrorCode::name)
                    .collect(Collectors.toUnmodifiableSet());

    /**
     * The contract refused the record for good (bad signature, revoked device, ...) and the channel
     * does not hold it: nothing is kept.
     */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(final String message) {
            super(message);
        }
    }

    /**
     * The outcome of the submission is not known or not final (peer or chaincode server down,
     * timeout, commit conflict): the record stays pending.
     */
    public static final class PendingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PendingException(final String message) {
            super(message);
        }
    }

    /** The stored row after the submission; {@code alreadyOnChain} when nothing had to be sent. */
    public record Outcome(
            OffchainRecord row, String txId, Long slaveBlock, boolean alreadyOnChain) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String org;
    private final String ownStage;
    private final SlaveLedger ledger;
    private final OffchainStore store;

    public RecordSubmitter(final FabricSession session, final OffchainStore store) {
        this(session.org().org(), session.org().stage(), new FabricSlaveLedger(session), store);
    }

    /** Over any slave ledger: {@code org} records stage {@code ownStage}. */
    public RecordSubmitter(
            final String org,
            final String ownStage,
            final SlaveLedger ledger,
            final OffchainStore store) {
        this.org = org;
        this.ownStage = ownStage;
        this.ledger = ledger;
        this.store = store;
    }

    /** Parses and checks a raw record before anything is stored or sent. */
    public RawRecord parse(final String json) {
        RawRecord record = RawRecord.parse(json);
        String own = ownStage;
        if (!record.stage().equals(own)) {
            throw new IllegalArgumentException(
                    "stage "
                            + record.stage()
                            + " is not the stage of "
                            + org
                            + " ("
                            + own
                            + "): record it as the organisation that owns "
                            + record.stage());
        }
        return record;
    }

    /**
     * The device commits to the record with fresh salts and signs the commitment now; the record,
     * its salts and the signature are stored, then submitted. The same record stored before is not
     * committed to again: its stored row (and salts) is used.
     */
    public Outcome record(final RawRecord record, final String deviceId, final PrivateKey deviceKey)
            throws SQLException {
        Optional<OffchainRecord> earlier = storedWithSalts(record);
        if (earlier.isPresent()) {
            OffchainRecord row = earlier.get();
            return row.status() == OffchainRecord.Status.SUBMITTED
                    ? new Outcome(row, row.txId(), row.slaveBlock(), true)
                    : submit(row);
        }
        FieldCommitment commitment = FieldCommitment.commit(record, RANDOM);
        SignedCommitment signed =
                SignedCommitment.sign(commitment, deviceId, Instant.now(), deviceKey);
        return record(
                record,
                deviceId,
                signed.signature(),
                signed.timestamp().toEpochMilli(),
                commitment.saltsJson());
    }

    /** One record's result in a batch: its outcome, or why it failed (exactly one is set). */
    public record BatchResult(RawRecord record, Outcome outcome, String failure) {}

    /**
     * Records many records of one device in one RecordBatch transaction: each is committed to and
     * signed now and stored PENDING first, exactly as {@link #record(RawRecord, String,
     * PrivateKey)} does for one; records the store already holds on chain are not sent again. Each
     * record then gets its own result: recorded under its id, refused alone by the contract (its
     * row is deleted when the refusal is final, as for one record), or kept pending when the
     * transaction's outcome is unknown.
     */
    public List<BatchResult> recordBatch(
            final List<RawRecord> records, final String deviceId, final PrivateKey deviceKey)
            throws SQLException {
        BatchResult[] results = new BatchResult[records.size()];
        List<OffchainRecord> rows = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            RawRecord record = records.get(i);
            Optional<OffchainRecord> earlier = storedWithSalts(record);
            OffchainRecord row;
            if (earlier.isPresent()) {
                row = earlier.get();
            } else {
                FieldCommitment commitment = FieldCommitment.commit(record, RANDOM);
                SignedCommitment signed =
                        SignedCommitment.sign(commitment, deviceId, Instant.now(), deviceKey);
                row =
                        savePending(
                                record,
                                deviceId,
                                commitment,
                                signed.signature(),
                                signed.timestamp().toEpochMilli());
            }
            if (row.status() == OffchainRecord.Status.SUBMITTED) {
                results[i] =
                        new BatchResult(
                                record, new Outcome(row, row.txId(), row.slaveBlock(), true), null);
            } else {
                rows.add(row);
                positions.add(i);
            }
        }
        if (!rows.isEmpty()) {
            List<BatchResult> sent = submitBatch(deviceId, rows);
            for (int j = 0; j < sent.size(); j++) {
                results[positions.get(j)] =
                        new BatchResult(
                                records.get(positions.get(j)),
                                sent.get(j).outcome(),
                                sent.get(j).failure());
            }
        }
        return List.of(results);
    }

    /** Sends stored rows in one RecordBatch and notes each row's result in the store. */
    private List<BatchResult> submitBatch(final String deviceId, final List<OffchainRecord> rows)
            throws SQLException {
        List<BatchResult> out = new ArrayList<>();
        SlaveLedger.BatchCommitted committed;
        try {
            committed = ledger.submitBatch(deviceId, rows);
        } catch (SlaveLedger.Failure f) {
            // the whole call failed: nothing is known of any record in it
            for (OffchainRecord row : rows) {
                out.add(new BatchResult(null, null, keepPending(row, f.getMessage()).getMessage()));
            }
            return out;
        }
        for (int i = 0; i < rows.size(); i++) {
            OffchainRecord row = rows.get(i);
            SlaveLedger.BatchItem item = committed.items().get(i);
            if (item != null && item.recordId() != null) {
                synchronized (store) {
                    store.markSubmitted(row.id(), item.recordId(), committed.block());
                }
                out.add(
                        new BatchResult(
                                null,
                                new Outcome(row, item.recordId(), committed.block(), false),
                                null));
                continue;
            }
            String reason =
                    item == null
                            ? "transaction " + committed.txId() + " did not report this record"
                            : item.refusalCode() + ": " + item.reason();
            Optional<String> code =
                    item == null ? Optional.empty() : Optional.of(item.refusalCode());
            try {
                out.add(new BatchResult(null, settleRefusal(row, reason, code), null));
            } catch (RuntimeException e) {
                out.add(new BatchResult(null, null, e.getMessage()));
            }
        }
        return out;
    }

    /**
     * Stores and submits a record signed elsewhere: {@code signature} is the device's over the
     * SignedCommitment of the record committed with {@code salts}.
     */
    public Outcome record(
            final RawRecord record,
            final String deviceId,
            final byte[] signature,
            final long signedAtMillis,
            final JsonObject salts)
            throws SQLException {
        FieldCommitment commitment =
                FieldCommitment.commit(record, FieldCommitment.saltsFromJson(salts));
        OffchainRecord row = savePending(record, deviceId, commitment, signature, signedAtMillis);
        if (row.status() == OffchainRecord.Status.SUBMITTED) {
            return new Outcome(row, row.txId(), row.slaveBlock(), true);
        }
        return submit(row);
    }

    /** The stored row of this very record, if it has the salts it was committed with. */
    private Optional<OffchainRecord> storedWithSalts(final RawRecord record) throws SQLException {
        synchronized (store) {
            return store.findByRaw(
                            record.tid(),
                            new String(record.canonicalBytes(), StandardCharsets.UTF_8))
                    .filter(row -> row.salts() != null);
        }
    }

    /** Stores the signed record PENDING (or answers the row that already holds it). */
    private OffchainRecord savePending(
            final RawRecord record,
            final String deviceId,
            final FieldCommitment commitment,
            final byte[] signature,
            final long signedAtMillis)
            throws SQLException {
        synchronized (store) {
            return store.savePending(
                    record.tid(),
                    record.stage(),
                    deviceId,
                    new String(record.canonicalBytes(), StandardCharsets.UTF_8),
                    commitment.rootHex(),
                    Base64.getEncoder().encodeToString(signature),
                    signedAtMillis,
                    CanonicalJson.canonicalString(commitment.saltsJson()));
        }
    }

    /**
     * Submits a stored row exactly as it was signed. Used for new records and for {@code record
     * --retry-pending}.
     *
     * <p>The row is deleted only when the contract refused the record itself for good ({@link
     * #FINAL}) and the channel, asked again, does not hold it (a retry of a record that is already
     * on the chain can be refused, e.g. once its device is revoked). Any other failure, including a
     * chaincode server that cannot be reached, keeps the row PENDING.
     */
    public Outcome submit(final OffchainRecord row) throws SQLException {
        SlaveLedger.Failure failure;
        try {
            SlaveLedger.Committed committed = ledger.submit(row);
            synchronized (store) {
                store.markSubmitted(row.id(), committed.txId(), committed.block());
            }
            return new Outcome(row, committed.txId(), committed.block(), false);
        } catch (SlaveLedger.Failure f) {
            failure = f;
        }
        return settleRefusal(row, failure.getMessage(), failure.refusalCode());
    }

    /**
     * What a refused or failed submission of {@code row} means: a record the channel holds after
     * all is noted as submitted; a final refusal deletes the row ({@link RefusedException}); any
     * other outcome keeps it pending ({@link PendingException}).
     */
    private Outcome settleRefusal(
            final OffchainRecord row, final String message, final Optional<String> code)
            throws SQLException {
        boolean duplicate = code.filter(ErrorCode.DUPLICATE_RECORD.name()::equals).isPresent();
        if (!duplicate && code.filter(FINAL::contains).isEmpty()) {
            throw keepPending(row, message);
        }
        Optional<String> onChain;
        try {
            onChain = ledger.findRecord(row.tid(), row.dataHash());
        } catch (SlaveLedger.Failure f) {
            throw keepPending(
                    row,
                    message + "; could not check whether the channel holds it: " + f.getMessage());
        }
        if (onChain.isPresent()) {
            // stored on chain by an earlier run that died before noting it here
            synchronized (store) {
                store.markSubmitted(row.id(), onChain.get(), null);
            }
            return new Outcome(row, onChain.get(), null, true);
        }
        if (duplicate) {
            throw keepPending(row, message);
        }
        synchronized (store) {
            store.delete(row.id());
        }
        throw new RefusedException(message);
    }

    private PendingException keepPending(final OffchainRecord row, final String message)
            throws SQLException {
        synchronized (store) {
            store.keepPending(row.id(), message);
        }
        return new PendingException(
                message
                        + " (kept off chain as pending; retry with 'tmsct record --retry-pending')");
    }

    /**
     * Waits until the relay has anchored the record on master; returns the slave record JSON.
     *
     * @throws RefusedException if master rejected the record (it will never be anchored)
     */
    public JsonObject waitAnchored(final String txId, final long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            JsonObject rec = ledger.getRecord(txId);
            String status = rec.get("status").getAsString();
            if ("ANCHORED".equals(status)) {
                return rec;
            }
            if ("REJECTED".equals(status)) {
                // final: master refused it, so it will never be anchored
                throw new RefusedException(
                        "record "
                                + txId
                                + " was rejected by master: "
                                + rec.get("rejectionCode").getAsString()
                                + ": "
                                + rec.get("rejectionReason").getAsString());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new PendingException(
                        "record "
                                + txId
                                + " was not anchored on master within "
                                + timeoutMillis / 1000
                                + " s (is the anchor relay of "
                                + org
                                + " running? see 'tmsct status')");
            }
            Thread.sleep(500);
        }
    }
}
