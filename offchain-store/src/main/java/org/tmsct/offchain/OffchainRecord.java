package org.tmsct.offchain;

import com.google.gson.JsonParser;
import java.time.Instant;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.record.RawRecord;

/**
 * One raw record as an organisation keeps it off chain: the canonical bytes of D (as text), the
 * hash that goes on chain (the root of its salted field commitment), the salts of that commitment
 * (a JSON object of member pointer to hex; null in rows stored before commitments), the device's
 * signature over the signed commitment, and where it stands on the slave channel.
 */
public record OffchainRecord(
        long id,
        String tid,
        String stage,
        String deviceId,
        String rawJson,
        String dataHash,
        String signature,
        long signedAtMillis,
        Status status,
        String txId,
        Long slaveBlock,
        String error,
        Instant createdAt,
        String salts) {

    /**
     * PENDING: stored, not yet committed on the slave channel (retried by {@code record
     * --retry-pending}); SUBMITTED: committed; FAILED: left by older clients, retried like PENDING.
     */
    public enum Status {
        PENDING,
        SUBMITTED,
        FAILED
    }

    /** Hash(D) rebuilt from this row's raw record and salts; null if it cannot be rebuilt. */
    public String rehash() {
        return rehash(rawJson, salts);
    }

    /**
     * Hash(D) rebuilt from a stored raw record: the root of its field commitment with the stored
     * salts (the unsalted hash for rows stored before commitments); null if it cannot be rebuilt.
     */
    public static String rehash(final String rawJson, final String salts) {
        try {
            RawRecord record = RawRecord.parse(rawJson);
            if (salts == null) {
                return record.hashHex();
            }
            return FieldCommitment.commit(
                            record,
                            FieldCommitment.saltsFromJson(
                                    JsonParser.parseString(salts).getAsJsonObject()))
                    .rootHex();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
