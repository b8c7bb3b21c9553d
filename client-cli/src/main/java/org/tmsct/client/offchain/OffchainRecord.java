package org.tmsct.client.offchain;

import java.time.Instant;

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
}
