package org.tmsct.relay.chain;

import org.tmsct.relay.block.SlaveBlock;

/** The relay's own slave channel. Every method throws {@link ChainException} on failure. */
public interface SlaveChain {

    /** Committed blocks in order from {@code startBlock}, waiting for new ones; close to stop. */
    BlockStream follow(long startBlock);

    /** The channel's height (the number of the last block + 1), as the peer knows it. */
    long height();

    /** GetRecord's status for the record stored by slave transaction {@code txId}. */
    RecordStatus recordStatus(String txId);

    /** Endorses ConfirmAnchor and sends it to the orderer, without waiting for its commit. */
    PendingCommit submitConfirmation(Confirmation confirmation);

    /** Submits ConfirmAnchor and waits for its commit status. */
    default void confirmAnchor(final Confirmation confirmation) {
        submitConfirmation(confirmation).await();
    }

    /** A transaction sent to the orderer whose commit status has not been read yet. */
    interface PendingCommit {
        String txId();

        /**
         * Waits for the commit status; throws ChainException (CONFLICT, TRANSIENT) if it did not
         * commit as valid.
         */
        void await();
    }

    /** A closeable iterator of slave blocks. */
    interface BlockStream extends AutoCloseable {
        /**
         * The next block; blocks until it is committed. Throws ChainException if the stream broke.
         */
        SlaveBlock next();

        /** The next block if it has already arrived, else null (never waits). */
        SlaveBlock poll();

        @Override
        void close();
    }
}
