package org.tmsct.relay.chain;

/**
 * The master's view of one slave chain (GetAnchorState).
 *
 * @param lastCovered the last slave block covered by an anchor, -1 before the first anchor
 * @param anchoredBlocks how many AnchorBlock transactions the chain has
 */
public record AnchorState(long lastCovered, long anchoredBlocks) {

    public static final long NONE = -1;

    public boolean hasAnchors() {
        return lastCovered >= 0;
    }
}
