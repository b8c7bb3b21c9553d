package org.tmsct.client.record;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.tmsct.client.offchain.OffchainRecord;
import org.tmsct.client.offchain.OffchainStore;
import org.tmsct.core.record.RawRecord;
import org.tmsct.core.record.SignedRecord;
import org.tmsct.gateway.FabricSession;
import org.tmsct.gateway.GatewayErrors;

/**
 * The blockchain-gateway step of the paper's off-chain layer: keeps the raw record in the
 * organisation's own store, then submits it to the slave channel as transient data (so it never
 * enters a block), then notes the transaction against the stored record.
 */
public final class RecordSubmitter {

    /**
     * The chain refused the record for good (bad signature, revoked device, ...): nothing is kept.
     */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(final String message) {
            super(message);
        }
    }

    /**
     * The submission did not complete (peer down, timeout, commit conflict): the record stays
     * pending.
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

    private static final Pattern ALREADY_STORED =
            Pattern.compile("was already stored by transaction ([0-9a-f]{64})");

    private final FabricSession session;
    private final OffchainStore store;

    public RecordSubmitter(final FabricSession session, final OffchainStore store) {
        this.session = session;
        this.store = store;
    }

    /** Parses and checks a raw record before anything is stored or sent. */
    public RawRecord parse(final String json) {
        RawRecord record = RawRecord.parse(json);
        String own = session.org().stage();
        if (!record.stage().equals(own)) {
            throw new IllegalArgumentException(
                    "stage "
                            + record.stage()
                            + " is not the stage of "
                            + session.org().org()
                            + " ("
                            + own
                            + "): record it as the organisation that owns "
                            + record.stage());
        }
        return record;
    }

    /** Signs with the device key now, stores and submits. */
    public Outcome record(final RawRecord record, final String deviceId, final PrivateKey deviceKey)
            throws SQLException {
        SignedRecord signed = SignedRecord.sign(Instant.now(), record, deviceId, deviceKey);
        return record(record, deviceId, signed.signature(), signed.timestamp().toEpochMilli());
    }

    /** Stores and submits a record signed elsewhere. */
    public Outcome record(
            final RawRecord record,
            final String deviceId,
            final byte[] signature,
            final long signedAtMillis)
            throws SQLException {
        OffchainRecord row;
        synchronized (store) {
            row =
                    store.savePending(
                            record.tid(),
                            record.stage(),
                            deviceId,
                            new String(record.canonicalBytes(), StandardCharsets.UTF_8),
                            record.hashHex(),
                            Base64.getEncoder().encodeToString(signature),
                            signedAtMillis);
        }
        if (row.status() == OffchainRecord.Status.SUBMITTED) {
            return new Outcome(row, row.txId(), row.slaveBlock(), true);
        }
        return submit(row);
    }

    /**
     * Submits a stored row exactly as it was signed. Used for new records and for {@code record
     * --retry-pending}.
     */
    public Outcome submit(final OffchainRecord row) throws SQLException {
        Contract slave = session.slaveContract();
        SubmittedTransaction tx;
        try {
            tx =
                    slave.newProposal("Record")
                            .addArguments(row.deviceId())
                            .putAllTransient(
                                    Map.of(
                                            "record",
                                                    row.rawJson().getBytes(StandardCharsets.UTF_8),
                                            "signature",
                                                    row.signature()
                                                            .getBytes(StandardCharsets.UTF_8),
                                            "timestamp",
                                                    Long.toString(row.signedAtMillis())
                                                            .getBytes(StandardCharsets.UTF_8)))
                            .build()
                            .endorse()
                            .submitAsync();
        } catch (EndorseException e) {
            String message = GatewayErrors.describe(e, session.org().peer().endpoint());
            Matcher earlier = ALREADY_STORED.matcher(message);
            if (earlier.find()) {
                // stored on chain by an earlier run that died before noting it here
                synchronized (store) {
                    store.markSubmitted(row.id(), earlier.group(1), null);
                }
                return new Outcome(row, earlier.group(1), null, true);
            }
            if (isRefusal(e)) {
                synchronized (store) {
                    store.delete(row.id());
                }
                throw new RefusedException(message);
            }
            keepPending(row, message);
            throw new IllegalStateException("unreachable");
        } catch (RuntimeException | org.hyperledger.fabric.client.SubmitException e) {
            keepPending(row, GatewayErrors.describe(e, session.org().peer().endpoint()));
            throw new IllegalStateException("unreachable");
        }
        Status status;
        try {
            status = tx.getStatus();
        } catch (Exception e) {
            keepPending(row, GatewayErrors.describe(e, session.org().peer().endpoint()));
            throw new IllegalStateException("unreachable");
        }
        if (!status.isSuccessful()) {
            keepPending(
                    row,
                    "transaction "
                            + tx.getTransactionId()
                            + " did not commit: "
                            + status.getCode());
        }
        synchronized (store) {
            store.markSubmitted(row.id(), tx.getTransactionId(), status.getBlockNumber());
        }
        return new Outcome(row, tx.getTransactionId(), status.getBlockNumber(), false);
    }

    private void keepPending(final OffchainRecord row, final String message) throws SQLException {
        synchronized (store) {
            store.markFailed(row.id(), message);
        }
        throw new PendingException(
                message
                        + " (kept off chain as pending; retry with 'tmsct record --retry-pending')");
    }

    /**
     * A chaincode error answer (the contract said no) as opposed to a transport or
     * endorsement-timeout problem.
     */
    private static boolean isRefusal(final EndorseException e) {
        io.grpc.Status.Code code = e.getStatus().getCode();
        return code == io.grpc.Status.Code.ABORTED
                || code == io.grpc.Status.Code.UNKNOWN
                || code == io.grpc.Status.Code.FAILED_PRECONDITION
                        && e.getDetails().stream()
                                .anyMatch(d -> d.getMessage().contains("chaincode response 500"));
    }

    /** Waits until the relay has anchored the record on master; returns the slave record JSON. */
    public JsonObject waitAnchored(final String txId, final long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            JsonObject rec =
                    JsonParser.parseString(
                                    new String(
                                            session.slaveContract()
                                                    .evaluateTransaction("GetRecord", txId),
                                            StandardCharsets.UTF_8))
                            .getAsJsonObject();
            if ("ANCHORED".equals(rec.get("status").getAsString())) {
                return rec;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new PendingException(
                        "record "
                                + txId
                                + " was not anchored on master within "
                                + timeoutMillis / 1000
                                + " s (is the anchor relay of "
                                + session.org().org()
                                + " running? see 'tmsct status')");
            }
            Thread.sleep(500);
        }
    }
}
