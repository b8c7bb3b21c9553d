package org.tmsct.relay.block;

import com.google.gson.JsonObject;
import java.time.Instant;
import org.tmsct.core.record.AnchorEntry;

/**
 * One valid Record transaction of a slave block, reduced to what the master chain gets.
 *
 * @param entry the anchor entry (slave tx id, trace code, stage, shared key data, data hash)
 * @param submitted the transaction's channel-header timestamp (when its client made it)
 * @param attestation what master checks the entry by (the device's signed commitment, the key-field
 *     disclosures, the device certificate), as the slave contract emitted it; null if it emitted
 *     none
 */
public record RecordTx(AnchorEntry entry, Instant submitted, JsonObject attestation) {

    public RecordTx(final AnchorEntry entry, final Instant submitted) {
        this(entry, submitted, null);
    }

    public RecordTx {
        attestation = attestation == null ? null : attestation.deepCopy();
    }

    public String txId() {
        return entry.txId();
    }
}
