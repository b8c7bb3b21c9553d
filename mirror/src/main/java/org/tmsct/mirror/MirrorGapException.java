package org.tmsct.mirror;

/**
 * A block arrived that does not follow the channel's checkpoint: a block in between was never
 * applied. The mirror would silently miss rows, so the daemon must stop.
 */
public final class MirrorGapException extends IllegalStateException {

    private final String channel;
    private final long expected;
    private final long got;

    MirrorGapException(String channel, long expected, long got) {
        super(
                "gap in the mirror of channel "
                        + channel
                        + ": block "
                        + expected
                        + " expected, got block "
                        + got
                        + (expected == 0
                                ? " (a mirror starts at block 0 unless MirrorStore.start says"
                                        + " otherwise)"
                                : " (last applied: block " + (expected - 1) + ")"));
        this.channel = channel;
        this.expected = expected;
        this.got = got;
    }

    public String channel() {
        return channel;
    }

    /** The block the mirror needs next. */
    public long expected() {
        return expected;
    }

    /** The block that arrived instead. */
    public long got() {
        return got;
    }
}
