package org.tmsct.mirror.blocks;

import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.tmsct.core.block.BlockHeaderBytes;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;
import org.tmsct.mirror.BlockRows;

/** A block's place in its chain: its number, its header hash and its predecessor's. */
final class BlockPlace {

    private BlockPlace() {}

    /** An empty {@link BlockRows} builder for {@code block} of {@code channel}. */
    static BlockRows.Builder builder(String channel, Block block) {
        BlockHeader h = block.getHeader();
        return BlockRows.builder(
                channel,
                h.getNumber(),
                headerHash(h),
                h.getNumber() == 0 ? null : Hex.encode(h.getPreviousHash().toByteArray()));
    }

    /** Fabric's block hash, which the next block's header names as its previous hash. */
    static String headerHash(BlockHeader h) {
        return Hex.encode(
                Sha256.digest(
                        BlockHeaderBytes.der(
                                h.getNumber(),
                                h.getPreviousHash().toByteArray(),
                                h.getDataHash().toByteArray())));
    }
}
