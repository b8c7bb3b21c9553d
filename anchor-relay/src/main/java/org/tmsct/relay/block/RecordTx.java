package org.tmsct.relay.block;

import java.time.Instant;
import org.tmsct.core.record.AnchorEntry;

/**
 * One valid Record transaction of a slave block, reduced to what the master chain gets.
 *
 * @param entry the anchor entry (slave tx id, trace code, stage, shared key data, data hash)
 * @param submitted the transaction's channel-header timestamp (when its client made it)
 */
public record RecordTx(AnchorEntry entry, Instant submitted) {

    public String txId() {
        return entry.txId();
    }
}
