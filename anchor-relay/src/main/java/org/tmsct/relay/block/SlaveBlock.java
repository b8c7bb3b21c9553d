package org.tmsct.relay.block;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tmsct.core.record.AnchorEntry;

/**
 * What the relay needs of one slave-channel block: its number, its header hash (hex), the hash of
 * its predecessor (to check that the stream is continuous) and its valid Record transactions in
 * block order; for master's range checks, its serialized {@code BlockHeader} and the SIGNATURES
 * metadata the orderer put on it (lowercase hex; "" when unknown).
 */
public record SlaveBlock(
        long number,
        String headerHash,
        String previousHash,
        int transactionCount,
        List<RecordTx> records,
        String headerBytesHex,
        String ordererSignaturesHex) {

    public SlaveBlock {
        records = List.copyOf(records);
    }

    /** A block whose serialized header and orderer signatures are not known (tests). */
    public SlaveBlock(
            long number,
            String headerHash,
            String previousHash,
            int transactionCount,
            List<RecordTx> records) {
        this(number, headerHash, previousHash, transactionCount, records, "", "");
    }

    public boolean hasRecords() {
        return !records.isEmpty();
    }

    public List<AnchorEntry> entries() {
        return records.stream().map(RecordTx::entry).toList();
    }

    /** Each record's attestation (null where the slave contract emitted none), in entry order. */
    public List<JsonObject> attestations() {
        return records.stream().map(RecordTx::attestation).toList();
    }

    public List<String> txIds() {
        return records.stream().map(RecordTx::txId).toList();
    }

    /** When the oldest record of the block was made, if it has any. */
    public Optional<Instant> oldestRecord() {
        return records.stream().map(RecordTx::submitted).min(Instant::compareTo);
    }
}
