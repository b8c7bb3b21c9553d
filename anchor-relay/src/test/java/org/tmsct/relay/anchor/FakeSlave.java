package org.tmsct.relay.anchor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tmsct.relay.Fixtures;
import org.tmsct.relay.block.BlockFormatException;
import org.tmsct.relay.block.SlaveBlock;
import org.tmsct.relay.chain.ChainException;
import org.tmsct.relay.chain.Confirmation;
import org.tmsct.relay.chain.RecordStatus;
import org.tmsct.relay.chain.SlaveChain;

/**
 * A slave channel in memory. Like the real one, every committed ConfirmAnchor adds a block without
 * records. When a stream has delivered every block, the next scripted arrival of records is
 * appended; when there is none left, the stream ends the run (as a closed stream on SIGTERM would).
 */
final class FakeSlave implements SlaveChain {

    final List<SlaveBlock> blocks = new ArrayList<>();
    final Map<String, String> anchoredBy = new HashMap<>();

    /** Records marked REJECTED: txId to master's refusal code. */
    final Map<String, String> rejectedWith = new HashMap<>();

    final Map<String, Integer> confirmationsPerTx = new HashMap<>();
    final Deque<int[]> arrivals = new ArrayDeque<>();
    final Deque<ChainException> confirmFailures = new ArrayDeque<>();

    /** Failures reported when the relay reads a sent confirmation's commit status. */
    final Deque<ChainException> commitFailures = new ArrayDeque<>();

    private int submittedConfirmations;
    final Map<Long, Integer> unreadable = new HashMap<>();
    Crash.Plan crash = Crash.Plan.none();
    Runnable whenIdle = () -> {};
    int confirmations;

    /** Appends blocks, one per entry: the number of records in it. */
    synchronized FakeSlave append(final int... recordsPerBlock) {
        for (int r : recordsPerBlock) {
            blocks.add(Fixtures.block(blocks.size(), r));
        }
        return this;
    }

    /** When the stream catches up, these blocks arrive (one call = one arrival). */
    FakeSlave thenArrive(final int... recordsPerBlock) {
        arrivals.add(recordsPerBlock);
        return this;
    }

    @Override
    public BlockStream follow(final long startBlock) {
        return new BlockStream() {
            private long next = startBlock;
            private boolean closed;

            @Override
            public SlaveBlock next() {
                synchronized (FakeSlave.this) {
                    if (closed) {
                        throw new ChainException(
                                ChainException.Kind.TRANSIENT, "deliver", "stream closed");
                    }
                    if (next >= blocks.size() && !arrivals.isEmpty()) {
                        append(arrivals.pop());
                    }
                    if (next < blocks.size()) {
                        Integer left = unreadable.get(next);
                        if (left != null && left > 0) {
                            unreadable.put(next, left - 1);
                            throw new BlockFormatException("block " + next + " cannot be parsed");
                        }
                        return blocks.get((int) next++);
                    }
                }
                whenIdle.run();
                throw new ChainException(
                        ChainException.Kind.TRANSIENT, "deliver", "no more blocks in this test");
            }

            @Override
            public SlaveBlock poll() {
                synchronized (FakeSlave.this) {
                    if (closed || next >= blocks.size()) {
                        return null;
                    }
                }
                return next();
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    @Override
    public synchronized long height() {
        return blocks.size();
    }

    @Override
    public synchronized RecordStatus recordStatus(final String txId) {
        String by = anchoredBy.get(txId);
        if (by != null) {
            return rejectedWith.containsKey(txId)
                    ? RecordStatus.rejected(by)
                    : RecordStatus.anchored(by);
        }
        for (SlaveBlock b : blocks) {
            if (b.txIds().contains(txId)) {
                return RecordStatus.pending();
            }
        }
        return RecordStatus.unknown();
    }

    /**
     * Endorsement happens now, the commit when the relay awaits it (which is also when a scripted
     * crash at "confirm-committed" fires): enough to let a test kill the relay in between.
     */
    @Override
    public PendingCommit submitConfirmation(final Confirmation c) {
        synchronized (this) {
            if (!confirmFailures.isEmpty()) {
                throw confirmFailures.pop();
            }
        }
        crash.hit("confirm-endorsed");
        String txId = "confirm-" + c.slaveBlockNumber() + "-" + (++submittedConfirmations);
        return new PendingCommit() {
            @Override
            public String txId() {
                return txId;
            }

            @Override
            public void await() {
                synchronized (FakeSlave.this) {
                    if (!commitFailures.isEmpty()) {
                        throw commitFailures.pop();
                    }
                    for (String id : c.allTxIds()) {
                        String by = anchoredBy.get(id);
                        if (by != null && !by.equals(c.masterTxId())) {
                            throw new ChainException(
                                    ChainException.Kind.REJECTED,
                                    "ConfirmAnchor",
                                    "chaincode response 500, ANCHOR_CONFLICT");
                        }
                    }
                    for (String id : c.allTxIds()) {
                        anchoredBy.put(id, c.masterTxId());
                        confirmationsPerTx.merge(id, 1, Integer::sum);
                    }
                    c.rejected().forEach(r -> rejectedWith.put(r.txId(), r.code()));
                    confirmations++;
                    blocks.add(
                            Fixtures.block(
                                    blocks.size(), 0)); // the ConfirmAnchor transaction's own block
                }
                crash.hit("confirm-committed");
            }
        };
    }

    synchronized List<SlaveBlock> recordBlocks() {
        return blocks.stream().filter(SlaveBlock::hasRecords).toList();
    }
}
