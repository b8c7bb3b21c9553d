package org.tmsct.relay.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * An anchor as the master stores it (GetAnchor): slave blocks {@code firstBlock..blockNumber}, the
 * slave transactions whose records it anchored and those it rejected (block {@code blockNumber}'s),
 * and the master transaction that wrote it.
 */
public record AnchoredRange(
        long firstBlock,
        long blockNumber,
        List<String> txIds,
        List<Rejection> rejected,
        String masterTxId,
        String blockHash) {

    public AnchoredRange {
        txIds = List.copyOf(txIds);
        rejected = List.copyOf(rejected);
    }

    /** Without the anchored block hash ("": not compared). */
    public AnchoredRange(
            long firstBlock,
            long blockNumber,
            List<String> txIds,
            List<Rejection> rejected,
            String masterTxId) {
        this(firstBlock, blockNumber, txIds, rejected, masterTxId, "");
    }

    public AnchoredRange(long firstBlock, long blockNumber, List<String> txIds, String masterTxId) {
        this(firstBlock, blockNumber, txIds, List.of(), masterTxId);
    }

    /** Whether the anchor carried records at all, anchored or rejected. */
    public boolean hasRecords() {
        return !txIds.isEmpty() || !rejected.isEmpty();
    }

    /** The slave transactions of the block, anchored ones first, then rejected ones. */
    public List<String> allTxIds() {
        List<String> all = new ArrayList<>(txIds);
        rejected.forEach(r -> all.add(r.txId()));
        return all;
    }

    /** The ConfirmAnchor of this anchor. */
    public Confirmation confirmation(final long masterBlock) {
        return new Confirmation(blockNumber, txIds, rejected, masterTxId, masterBlock);
    }
}
