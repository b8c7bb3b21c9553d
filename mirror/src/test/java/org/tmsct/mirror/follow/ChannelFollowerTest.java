package org.tmsct.mirror.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tmsct.core.block.BlockHeaderBytes;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;
import org.tmsct.mirror.BlockRows;
import org.tmsct.mirror.MirrorDb;
import org.tmsct.mirror.MirrorStore;

/** The follower against an H2 mirror and a scripted block stream: resume, retry and halt. */
class ChannelFollowerTest {

    private MirrorStore store;
    private final MirrorMetrics metrics = new MirrorMetrics(Clock.systemUTC());

    @BeforeEach
    void open() throws SQLException {
        store =
                new MirrorStore(
                        MirrorDb.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
    }

    @AfterEach
    void close() throws SQLException {
        store.close();
    }

    /** Blocks 0..n-1 of a chain whose headers link by Fabric's hash. */
    private static List<Block> chain(int n) {
        List<Block> out = new ArrayList<>();
        byte[] previous = new byte[0];
        for (int i = 0; i < n; i++) {
            BlockHeader h =
                    BlockHeader.newBuilder()
                            .setNumber(i)
                            .setPreviousHash(ByteString.copyFrom(previous))
                            .setDataHash(ByteString.copyFrom(Sha256.digest(new byte[] {(byte) i})))
                            .build();
            out.add(Block.newBuilder().setHeader(h).build());
            previous = hash(h);
        }
        return out;
    }

    private static byte[] hash(BlockHeader h) {
        return Sha256.digest(
                BlockHeaderBytes.der(
                        h.getNumber(),
                        h.getPreviousHash().toByteArray(),
                        h.getDataHash().toByteArray()));
    }

    private static BlockRows rows(Block b) {
        BlockHeader h = b.getHeader();
        return BlockRows.builder(
                        "ch",
                        h.getNumber(),
                        Hex.encode(hash(h)),
                        h.getNumber() == 0 ? null : Hex.encode(h.getPreviousHash().toByteArray()))
                .build();
    }

    /** A source serving {@code blocks} from the start asked for; then the stream ends. */
    private static ChannelFollower.BlockSource source(List<Block> blocks, List<Long> starts) {
        return start -> {
            starts.add(start);
            Iterator<Block> it = blocks.subList((int) start, blocks.size()).iterator();
            return new ChannelFollower.Stream() {
                @Override
                public boolean hasNext() {
                    if (!it.hasNext()) {
                        throw new IllegalStateException("stream closed by the peer");
                    }
                    return true;
                }

                @Override
                public Block next() {
                    return it.next();
                }

                @Override
                public void close() {}
            };
        };
    }

    @Test
    void resumesAfterTheCheckpointAndRetriesABlockWhoseRowsWereNotReady() throws Exception {
        List<Block> blocks = chain(6);
        List<Long> starts = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        ChannelFollower[] self = new ChannelFollower[1];
        ChannelFollower.Decoder decoder =
                b -> {
                    if (b.getHeader().getNumber() == 3 && failures.getAndIncrement() == 0) {
                        throw new SQLException("the off-chain store is in use");
                    }
                    if (b.getHeader().getNumber() == 5) {
                        self[0].stop();
                    }
                    return rows(b);
                };
        store.apply(rows(blocks.get(0)));
        store.apply(rows(blocks.get(1)));
        self[0] =
                new ChannelFollower(
                        "ch",
                        source(blocks, starts),
                        decoder,
                        store,
                        metrics,
                        Duration.ofMillis(10));
        self[0].run();
        assertEquals(List.of(2L), starts, "read from the block after the checkpoint");
        assertEquals(2, failures.get(), "block 3 decoded twice");
        assertEquals(5, store.checkpoint("ch").orElseThrow().blockNumber());
        assertEquals(5, metrics.block("ch"));
    }

    @Test
    void aLostStreamIsOpenedAgainFromTheCheckpoint() throws Exception {
        List<Block> blocks = chain(4);
        List<Long> starts = new ArrayList<>();
        ChannelFollower[] self = new ChannelFollower[1];
        ChannelFollower.BlockSource lossy =
                start -> {
                    starts.add(start);
                    if (starts.size() == 1) {
                        // the first connection delivers blocks 0 and 1, then drops
                        return source(blocks.subList(0, 2), new ArrayList<>()).open(start);
                    }
                    return source(blocks, new ArrayList<>()).open(start);
                };
        ChannelFollower.Decoder decoder =
                b -> {
                    if (b.getHeader().getNumber() == 3) {
                        self[0].stop();
                    }
                    return rows(b);
                };
        self[0] = new ChannelFollower("ch", lossy, decoder, store, metrics, Duration.ofMillis(10));
        self[0].run();
        assertEquals(List.of(0L, 2L), starts);
        assertEquals(3, store.checkpoint("ch").orElseThrow().blockNumber());
    }

    @Test
    void aGapHaltsTheFollowerAndLeavesTheTablesAsTheyWere() throws Exception {
        List<Block> blocks = chain(5);
        List<Block> withGap = List.of(blocks.get(0), blocks.get(1), blocks.get(3));
        ChannelFollower f =
                new ChannelFollower(
                        "ch",
                        source(withGap, new ArrayList<>()),
                        ChannelFollowerTest::rows,
                        store,
                        metrics,
                        Duration.ofMillis(10));
        ChannelFollower.HaltException e = assertThrows(ChannelFollower.HaltException.class, f::run);
        assertTrue(e.getMessage().contains("ch"), e.getMessage());
        assertEquals(1, store.checkpoint("ch").orElseThrow().blockNumber());
        assertTrue(metrics.health().json().contains("HALTED"), metrics.health().json());
        assertTrue(!metrics.health().healthy());
    }

    @Test
    void aBlockThatCannotBeDecodedHaltsTheFollower() {
        ChannelFollower f =
                new ChannelFollower(
                        "ch",
                        source(chain(2), new ArrayList<>()),
                        b -> {
                            throw new IllegalArgumentException("not a trace entry");
                        },
                        store,
                        metrics,
                        Duration.ofMillis(10));
        ChannelFollower.HaltException e = assertThrows(ChannelFollower.HaltException.class, f::run);
        assertTrue(e.getMessage().contains("block 0"), e.getMessage());
    }
}
