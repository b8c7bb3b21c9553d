package org.tmsct.relay.anchor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tmsct.core.bloom.BloomFilter;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.relay.chain.AnchorOutcome;
import org.tmsct.relay.chain.AnchorState;
import org.tmsct.relay.chain.AnchoredRange;
import org.tmsct.relay.chain.ChainException;
import org.tmsct.relay.chain.MasterChain;
import org.tmsct.relay.chain.Rejection;

/**
 * The master contract's anchoring rules in memory: contiguity (ALREADY_ANCHORED, gap and overlap
 * refusals), the B-Merkle recomputation from the entries, and one anchor per slave transaction.
 */
final class FakeMaster implements MasterChain {

    final TreeMap<Long, AnchoredRange> anchors = new TreeMap<>();
    final Set<String> anchoredTxIds = new HashSet<>();
    final Map<String, Long> blockOfTx = new TreeMap<>();
    final Deque<ChainException> anchorFailures = new ArrayDeque<>();
    final Set<Long> refuse = new HashSet<>();

    /** Slave transactions whose entry master rejects alone (STAGE_OUT_OF_ORDER). */
    final Set<String> rejectEntries = new HashSet<>();

    /**
     * Blocks another relay anchors just before this relay's AnchorBlock commits (this one then
     * conflicts).
     */
    final Set<Long> raceAndWin = new HashSet<>();

    /**
     * Blocks whose AnchorBlock commits but whose commit status is lost (a transient failure after
     * the commit).
     */
    final Set<Long> loseCommitStatus = new HashSet<>();

    BloomParams params = BloomParams.DEFAULT;
    int maxRange = DEFAULT_MAX_RANGE;
    boolean unknownChain;
    Crash.Plan crash = Crash.Plan.none();
    java.util.function.LongConsumer onAnchor = n -> {};
    long lastCovered = AnchorState.NONE;
    int endorsements;
    int committed;
    private long height = 1;

    @Override
    public synchronized AnchorState anchorState(final String slaveChainId) {
        return new AnchorState(lastCovered, anchors.size());
    }

    @Override
    public BloomParams bloomParams(final String slaveChainId) {
        if (unknownChain) {
            throw ChainException.rejected(
                    "GetSlaveChain", "UNKNOWN_CHAIN", "UNKNOWN_CHAIN: " + slaveChainId, null);
        }
        return params;
    }

    @Override
    public int maxRange(final String slaveChainId) {
        return maxRange;
    }

    @Override
    public AnchorOutcome anchor(final AnchorBatch batch) {
        onAnchor.accept(batch.blockNumber());
        synchronized (this) {
            endorsements++;
            if (!anchorFailures.isEmpty()) {
                throw anchorFailures.pop();
            }
        }
        JsonObject request = JsonParser.parseString(batch.toJson()).getAsJsonObject();
        String chain = request.get("slaveChainId").getAsString();
        long first = request.get("firstBlock").getAsLong();
        long number = request.get("blockNumber").getAsLong();
        List<AnchorEntry> entries = new ArrayList<>();
        for (JsonElement e : request.getAsJsonArray("entries")) {
            entries.add(AnchorEntry.fromJson(e.getAsJsonObject()));
        }
        BlockSummary summary =
                BlockSummary.build(
                        chain, number, request.get("blockHash").getAsString(), entries, params);
        if (!summary.merkleRootHex().equals(request.get("merkleRoot").getAsString())
                || !summary.filter()
                        .equals(BloomFilter.fromBase64(request.get("bloomFilter").getAsString()))) {
            throw refusal("MERKLE_ROOT_MISMATCH");
        }
        synchronized (this) {
            if (lastCovered >= 0) {
                if (number <= lastCovered) {
                    return new AnchorOutcome.AlreadyAnchored(
                            lastCovered, anchors.ceilingEntry(number).getValue().masterTxId());
                }
                if (first != lastCovered + 1) {
                    throw refusal(first > lastCovered + 1 ? "BLOCK_GAP" : "BLOCK_OVERLAP");
                }
            }
            for (AnchorEntry e : entries) {
                if (anchoredTxIds.contains(e.txId())) {
                    throw refusal("DUPLICATE_TX");
                }
            }
            if (refuse.remove(number)) {
                throw refusal("BLOOM_MISMATCH");
            }
        }
        List<Rejection> rejected = new ArrayList<>();
        List<AnchorEntry> accepted = new ArrayList<>();
        for (AnchorEntry e : entries) {
            if (rejectEntries.contains(e.txId())) {
                rejected.add(
                        new Rejection(
                                e.txId(),
                                "STAGE_OUT_OF_ORDER",
                                "stage " + e.stage() + " of TID " + e.tid() + " needs one first"));
            } else {
                accepted.add(e);
            }
        }
        crash.hit("anchor-endorsed");
        synchronized (this) {
            if (raceAndWin.remove(number)) {
                commit(first, number, accepted, rejected, "other-relay-" + number);
                throw new ChainException(
                        ChainException.Kind.CONFLICT,
                        "AnchorBlock",
                        "transaction was not committed: MVCC_READ_CONFLICT");
            }
            String txId = "master-tx-" + number;
            long block = commit(first, number, accepted, rejected, txId);
            crash.hit("anchor-committed");
            if (loseCommitStatus.remove(number)) {
                throw new ChainException(
                        ChainException.Kind.TRANSIENT,
                        "AnchorBlock",
                        "commit status: DEADLINE_EXCEEDED");
            }
            return new AnchorOutcome.Anchored(txId, block, rejected);
        }
    }

    /** Another relay's anchor of {@code first..number}, as if it had committed earlier. */
    synchronized long commit(
            final long first,
            final long number,
            final List<AnchorEntry> entries,
            final String txId) {
        return commit(first, number, entries, List.of(), txId);
    }

    synchronized long commit(
            final long first,
            final long number,
            final List<AnchorEntry> entries,
            final List<Rejection> rejected,
            final String txId) {
        if (lastCovered >= 0 && first != lastCovered + 1) {
            throw new IllegalStateException(
                    "test bug: non-contiguous anchor " + first + ".." + number);
        }
        for (AnchorEntry e : entries) {
            if (!anchoredTxIds.add(e.txId())) {
                throw new IllegalStateException(
                        "slave transaction " + e.txId() + " anchored twice");
            }
        }
        anchors.put(
                number,
                new AnchoredRange(
                        first,
                        number,
                        entries.stream().map(AnchorEntry::txId).toList(),
                        rejected,
                        txId));
        rejected.forEach(r -> anchoredTxIds.add(r.txId()));
        lastCovered = number;
        committed++;
        blockOfTx.put(txId, height);
        return height++;
    }

    @Override
    public synchronized Optional<AnchoredRange> anchorCovering(
            final String slaveChainId, final long blockNumber) {
        Map.Entry<Long, AnchoredRange> e = anchors.ceilingEntry(blockNumber);
        if (e == null || e.getValue().firstBlock() > blockNumber) {
            return Optional.empty();
        }
        return Optional.of(e.getValue());
    }

    @Override
    public synchronized long blockOf(final String masterTxId) {
        Long b = blockOfTx.get(masterTxId);
        if (b == null) {
            throw new ChainException(
                    ChainException.Kind.REJECTED,
                    "GetBlockByTxID",
                    "no such transaction " + masterTxId);
        }
        return b;
    }

    private static ChainException refusal(final String code) {
        return ChainException.rejected("AnchorBlock", code, code + ": refused", null);
    }
}
