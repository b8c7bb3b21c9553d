package org.tmsct.relay.chain;

import java.util.Optional;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.relay.anchor.AnchorBatch;

/**
 * The master channel as the relay uses it. Every method throws {@link ChainException} on failure.
 */
public interface MasterChain {

    /** GetAnchorState of the slave chain. */
    AnchorState anchorState(String slaveChainId);

    /**
     * The most slave blocks one anchor of the chain may cover (GetSlaveChain {@code maxRange}; 256
     * when the master does not say).
     */
    default int maxRange(String slaveChainId) {
        return DEFAULT_MAX_RANGE;
    }

    int DEFAULT_MAX_RANGE = 256;

    /** The filter shape the master registered for the slave chain. */
    BloomParams bloomParams(String slaveChainId);

    /**
     * Endorses AnchorBlock for the batch; if the master answers ANCHORED, submits it and waits for
     * its commit status. An ALREADY_ANCHORED answer is returned without submitting anything.
     */
    AnchorOutcome anchor(AnchorBatch batch);

    /** The anchor whose range holds slave block {@code blockNumber} (GetAnchor), if any. */
    Optional<AnchoredRange> anchorCovering(String slaveChainId, long blockNumber);

    /** The number of the master block that holds transaction {@code masterTxId}. */
    long blockOf(String masterTxId);
}
