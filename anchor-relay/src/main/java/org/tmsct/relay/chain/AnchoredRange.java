package org.tmsct.relay.chain;

import java.util.List;

/**
 * An anchor as the master stores it (GetAnchor): slave blocks {@code firstBlock..blockNumber}, the
 * slave transactions whose records it carries (block {@code blockNumber}'s), and the master
 * transaction that wrote it.
 */
public record AnchoredRange(
        long firstBlock, long blockNumber, List<String> txIds, String masterTxId) {

    public AnchoredRange {
        txIds = List.copyOf(txIds);
    }
}
