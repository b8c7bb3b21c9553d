package org.tmsct.mirror.follow;

import java.util.function.Supplier;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.Block;

/** A channel's blocks through fabric-gateway's block events, as the peer commits them. */
public final class GatewayBlocks {

    private GatewayBlocks() {}

    /** Blocks of the network {@code network} supplies (asked again at each reconnection). */
    public static ChannelFollower.BlockSource of(Supplier<Network> network) {
        return start ->
                stream(network.get().newBlockEventsRequest().startBlock(start).build().getEvents());
    }

    /** The blocks committed from now on. */
    public static ChannelFollower.Stream fromNext(Network network) {
        return stream(network.newBlockEventsRequest().build().getEvents());
    }

    private static ChannelFollower.Stream stream(CloseableIterator<Block> it) {
        {
            return new ChannelFollower.Stream() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Block next() {
                    return it.next();
                }

                @Override
                public void close() {
                    it.close();
                }
            };
        }
    }
}
