package org.tmsct.mirror;

/**
 * A block does not chain to what the mirror holds: its previous-hash is not the hash of the last
 * applied block, or the last block arrived again with another hash. The mirror and the ledger it
 * follows have diverged, so the daemon must stop.
 */
public final class MirrorForkException extends IllegalStateException {

    private final String channel;
    private final long blockNumber;

    MirrorForkException(String channel, long blockNumber, String message) {
        super(
                "fork in the mirror of channel "
                        + channel
                        + " at block "
                        + blockNumber
                        + ": "
                        + message);
        this.channel = channel;
        this.blockNumber = blockNumber;
    }

    public String channel() {
        return channel;
    }

    public long blockNumber() {
        return blockNumber;
    }
}
