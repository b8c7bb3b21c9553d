package org.tmsct.relay.block;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tmsct.core.record.AnchorEntry;

/**
 * What the relay needs of one slave-channel block: its number, its header hash (hex), the hash of
 * its predecessor (to check that the stream is continuous) and its valid Record transactions in
 * block order; for master's range checks, its serialized {@code BlockHeader} and the SIGNATURES
 * metadata the orderer put on it (lowercase hex; "" when unknown), and, where a BFT orderer signed
 * with its consenter id rather than its identity, that consenter's serialized identity (hex) by id.
 */
public record SlaveBlock(
        long number,
        String headerHash,
        String previousHash,
        int transactionCount,
        List<RecordTx> records,
        String headerBytesHex,
        String ordererSignaturesHex,
        Map<Long, String> signerIdentities) {

    public SlaveBlock {
        records = List.copyOf(records);
        signerIdentities = Map.copyOf(signerIdentities);
    }

    /** A block whose serialized header and orderer signatures are not known (tests). */
    public SlaveBlock(
            long number,
            String headerHash,
            String previousHash,
            int transactionCount,
            List<RecordTx> records) {
        this(number, headerHash, previousHash, transactionCount, records, "", "", Map.of());
    }

    /** This block with the identities of the consenters that signed it by id. */
    public SlaveBlock withSignerIdentities(Map<Long, String> identities) {
        return new SlaveBlock(
                number,
                headerHash,
                previousHash,
                transactionCount,
                records,
                headerBytesHex,
                ordererSignaturesHex,
                identities);
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
