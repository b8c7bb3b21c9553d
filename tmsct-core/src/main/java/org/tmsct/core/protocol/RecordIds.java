package org.tmsct.core.protocol;

/**
 * A record's id on its slave channel: the id of the transaction that stored it (Record), or {@code
 * <transaction id>#<position>} for a record of a RecordBatch, so one transaction can store many
 * records and each keeps its own id in anchors, proofs, confirmations and the off-chain store.
 */
public final class RecordIds {

    /** Between a batch transaction's id and a record's position in the batch. */
    public static final String BATCH_SEPARATOR = "#";

    private RecordIds() {}

    /** The id of record {@code position} of batch transaction {@code txId}. */
    public static String ofBatch(String txId, int position) {
        return txId + BATCH_SEPARATOR + position;
    }

    /** Whether {@code recordId} names a record of batch transaction {@code txId}. */
    public static boolean isOfBatch(String recordId, String txId) {
        String prefix = txId + BATCH_SEPARATOR;
        return recordId.startsWith(prefix)
                && recordId.substring(prefix.length()).matches("0|[1-9][0-9]{0,5}");
    }
}
