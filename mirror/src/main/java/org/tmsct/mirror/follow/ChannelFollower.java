package org.tmsct.mirror.follow;

import java.time.Duration;
import java.util.Iterator;
import org.hyperledger.fabric.protos.common.Block;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmsct.gateway.block.BlockReadException;
import org.tmsct.mirror.BlockRows;
import org.tmsct.mirror.MirrorForkException;
import org.tmsct.mirror.MirrorGapException;
import org.tmsct.mirror.MirrorStore;
import org.tmsct.mirror.MirrorStore.Outcome;

/**
 * Keeps one channel's tables in step with its ledger: reads the channel's blocks from the one after
 * the mirror's checkpoint, and applies each (rows and checkpoint in one database transaction)
 * before it reads the next. A lost connection or an unreachable database is waited out and the same
 * block tried again; a gap, a fork or a block that cannot be decoded halts the follower, since
 * going on would leave the tables unlike the ledger.
 */
public final class ChannelFollower {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelFollower.class);

    /** Blocks of the channel from a number on, as the peer delivers them. */
    @FunctionalInterface
    public interface BlockSource {
        /** An open stream of blocks from {@code startBlock}; closing it ends the stream. */
        Stream open(long startBlock);
    }

    /** A stream of blocks that can be closed. */
    public interface Stream extends Iterator<Block>, AutoCloseable {
        @Override
        void close();
    }

    /** A block's rows. */
    @FunctionalInterface
    public interface Decoder {
        /**
         * @throws BlockReadException or IllegalArgumentException if the block is not what the
         *     contracts write (the follower halts)
         * @throws Exception if something it reads is unavailable now (the block is tried again)
         */
        BlockRows rows(Block block) throws Exception;
    }

    /** The follower stopped because the tables could no longer be kept like the ledger. */
    public static final class HaltException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HaltException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String channel;
    private final BlockSource source;
    private final Decoder decoder;
    private final MirrorStore store;
    private final MirrorMetrics metrics;
    private final Duration retryDelay;
    private volatile boolean stopped;
    private volatile Stream current;

    public ChannelFollower(
            String channel,
            BlockSource source,
            Decoder decoder,
            MirrorStore store,
            MirrorMetrics metrics,
            Duration retryDelay) {
        this.channel = channel;
        this.source = source;
        this.decoder = decoder;
        this.store = store;
        this.metrics = metrics;
        this.retryDelay = retryDelay;
    }

    public String channel() {
        return channel;
    }

    /**
     * Follows the channel until {@link #stop} is called.
     *
     * @throws HaltException on a gap, a fork or a block that cannot be decoded
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    public void run() throws InterruptedException {
        while (!stopped) {
            long start;
            try {
                start = store.checkpoint(channel).map(c -> c.blockNumber() + 1).orElse(0L);
                metrics.checkpoint(channel, start - 1);
            } catch (java.sql.SQLException e) {
                waitToRetry("the mirror database cannot be read: " + e.getMessage());
                continue;
            }
            try (Stream blocks = source.open(start)) {
                current = blocks;
                metrics.following(channel);
                LOG.info("{}: following from block {}", channel, start);
                while (!stopped && blocks.hasNext()) {
                    apply(blocks.next());
                }
            } catch (HaltException e) {
                throw e;
            } catch (RuntimeException e) {
                if (stopped) {
                    break;
                }
                waitToRetry("the block stream ended: " + e.getMessage());
            } finally {
                current = null;
            }
        }
    }

    /** Ends {@link #run} after the block being applied, if any. */
    public void stop() {
        stopped = true;
        Stream s = current;
        if (s != null) {
            s.close();
        }
    }

    private void apply(Block block) throws InterruptedException {
        long number = block.getHeader().getNumber();
        while (!stopped) {
            BlockRows rows;
            try {
                rows = decoder.rows(block);
            } catch (BlockReadException | IllegalArgumentException | IllegalStateException e) {
                throw halt("block " + number + " cannot be read as the contracts write it", e);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                waitToRetry("block " + number + ": " + e.getMessage());
                continue;
            }
            try {
                long started = System.nanoTime();
                Outcome outcome = store.apply(rows);
                metrics.applied(channel, rows, outcome, System.nanoTime() - started);
                return;
            } catch (MirrorGapException | MirrorForkException e) {
                throw halt(e.getMessage(), e);
            } catch (java.sql.SQLException e) {
                waitToRetry("block " + number + " not written: " + e.getMessage());
            }
        }
    }

    private HaltException halt(String why, Exception cause) {
        String message =
                channel + ": " + why + (cause == null ? "" : " (" + cause.getMessage() + ")");
        metrics.halted(channel, message);
        LOG.error(
                "{}; the mirror stops, its tables stay as they were after the last block", message);
        return new HaltException(message, cause);
    }

    private void waitToRetry(String why) throws InterruptedException {
        metrics.retrying(channel, why);
        LOG.warn("{}: {}; trying again in {} ms", channel, why, retryDelay.toMillis());
        Thread.sleep(retryDelay.toMillis());
    }
}
