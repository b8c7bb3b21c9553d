package org.tmsct.client.record;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Optional;
import org.tmsct.offchain.OffchainRecord;

/**
 * The organisation's slave channel as the record submitter uses it. {@link FabricSlaveLedger} is
 * the real one; tests use a fake.
 */
public interface SlaveLedger {

    /** A record committed on the slave channel; the block is null when not known. */
    record Committed(String txId, Long block) {}

    /**
     * A call that did not succeed. {@code refusalCode} is the contract's own code when the contract
     * refused it; empty when the outcome is unknown (peer or chaincode server down, timeout, not
     * committed).
     */
    final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient Optional<String> refusalCode;

        public Failure(final String message, final Optional<String> refusalCode) {
            super(message);
            this.refusalCode = refusalCode;
        }

        public Optional<String> refusalCode() {
            return refusalCode;
        }
    }

    /** Sends the stored record exactly as it was signed and waits for its commit. */
    Committed submit(OffchainRecord row) throws Failure;

    /**
     * What RecordBatch did with one row: its record id ({@code <txId>#<position>}), or the
     * contract's refusal code and reason.
     */
    record BatchItem(String recordId, String refusalCode, String reason) {}

    /** A committed RecordBatch: one item per row sent, in order. */
    record BatchCommitted(String txId, Long block, List<BatchItem> items) {}

    /**
     * Sends the stored records of {@code deviceId} in one RecordBatch transaction, each exactly as
     * it was signed, and waits for its commit.
     */
    BatchCommitted submitBatch(String deviceId, List<OffchainRecord> rows) throws Failure;

    /** The transaction that stored the record with this TID and Hash(D), if the channel has it. */
    Optional<String> findRecord(String tid, String dataHash) throws Failure;

    /** The slave record stored by {@code txId}, as the contract's GetRecord returns it. */
    JsonObject getRecord(String txId) throws Failure;
}
