package org.tmsct.relay.fabric;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.protos.common.Block;
import org.tmsct.relay.block.BlockParser;
import org.tmsct.relay.block.SlaveBlock;
import org.tmsct.relay.chain.ChainException;
import org.tmsct.relay.chain.SlaveChain;

/**
 * A block-events stream read by its own thread into a small queue, so the relay can ask "has the
 * next block arrived?" without waiting (fabric-gateway's iterator can only block). Blocks are
 * parsed when taken, on the relay's thread, so a malformed block is reported where it is handled;
 * {@code complete} then adds what the block itself does not carry (BFT signers' identities).
 */
final class QueuedBlockStream implements SlaveChain.BlockStream {

    /** A few blocks of read-ahead; the deliver service holds the rest. */
    private static final int CAPACITY = 16;

    /**
     * What the reader thread hands over: a block, the failure that ended the stream, or its end.
     */
    private record Item(Block block, RuntimeException failure) {}

    private static final Item END = new Item(null, null);

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final CloseableIterator<Block> blocks;
    private final BlockParser parser;
    private final UnaryOperator<SlaveBlock> complete;
    private final String peerEndpoint;
    private final Thread reader;
    private volatile boolean closed;

    QueuedBlockStream(
            final CloseableIterator<Block> blocks,
            final BlockParser parser,
            final UnaryOperator<SlaveBlock> complete,
            final String peerEndpoint) {
        this.blocks = blocks;
        this.parser = parser;
        this.complete = complete;
        this.peerEndpoint = peerEndpoint;
        this.reader = new Thread(this::read, "slave-block-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        Item last = END;
        try {
            while (!closed && blocks.hasNext()) {
                queue.put(new Item(blocks.next(), null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            last = new Item(null, e);
        }
        try {
            queue.put(last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public SlaveBlock next() {
        try {
            return unwrap(queue.take());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException(
                    ChainException.Kind.TRANSIENT,
                    "deliver",
                    "interrupted while waiting for the next block");
        }
    }

    @Override
    public SlaveBlock poll() {
        Item item = queue.poll();
        return item == null ? null : unwrap(item);
    }

    private SlaveBlock unwrap(final Item item) {
        if (item.block() != null) {
            return complete.apply(parser.parse(item.block()));
        }
        // Leave the end marker in place so that every later call fails the same way.
        queue.offer(item);
        if (closed) {
            throw new ChainException(
                    ChainException.Kind.TRANSIENT, "deliver", "the block stream was closed");
        }
        if (item.failure() != null) {
            throw FabricFailures.classify("deliver", item.failure(), peerEndpoint);
        }
        throw new ChainException(
                ChainException.Kind.TRANSIENT, "deliver", "the peer ended the block stream");
    }

    @Override
    public void close() {
        closed = true;
        blocks.close();
        reader.interrupt();
        // Wake a consumer blocked in next().
        queue.clear();
        queue.offer(END);
    }
}
