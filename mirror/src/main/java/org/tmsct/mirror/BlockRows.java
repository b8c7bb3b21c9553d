package org.tmsct.mirror;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.CanonicalJson;

/**
 * What one block of one channel does to the mirror's tables: the rows to write, and the block's
 * place in its chain ({@code blockNumber}, its header hash and the previous block's), which {@link
 * MirrorStore#apply} checks against the channel's checkpoint. Each row record holds exactly the
 * columns of its table (docs/sql.md); immutable.
 *
 * @param previousHash the previous block's header hash; ignored for block 0, which has none
 */
public record BlockRows(
        String channel,
        long blockNumber,
        String blockHash,
        String previousHash,
        List<StageEntryRow> stageEntries,
        List<AnchorRow> anchors,
        List<RejectedRow> rejected,
        List<EdgeRow> edges,
        List<DeviceRow> devices,
        List<GovernanceRow> governance,
        List<ProductRow> products,
        List<RawRow> rawRecords) {

    public BlockRows {
        Objects.requireNonNull(channel, "channel");
        if (blockNumber < 0) {
            throw new IllegalArgumentException("block number " + blockNumber + " is negative");
        }
        requireHash(blockHash, "blockHash");
        if (blockNumber > 0) {
            requireHash(previousHash, "previousHash");
        }
        stageEntries = List.copyOf(stageEntries);
        anchors = List.copyOf(anchors);
        rejected = List.copyOf(rejected);
        edges = List.copyOf(edges);
        devices = List.copyOf(devices);
        governance = List.copyOf(governance);
        products = List.copyOf(products);
        rawRecords = List.copyOf(rawRecords);
    }

    /** A block with no rows yet; add them with the builder's methods. */
    public static Builder builder(
            String channel, long blockNumber, String blockHash, String previousHash) {
        return new Builder(channel, blockNumber, blockHash, previousHash);
    }

    /** An accepted entry as master's trace holds it; {@code keyData} is canonical JSON. */
    public record StageEntryRow(
            String slaveTxId,
            String tid,
            String stage,
            String ownerMsp,
            long txTimestamp,
            String keyData,
            String dataHash,
            String slaveChainId,
            long slaveBlockNumber,
            int entryIndex,
            String masterTxId,
            long masterBlock) {

        /**
         * The row of {@code entry}, leaf {@code entryIndex} of the anchor of block {@code
         * slaveBlockNumber} (the anchor's last block, as in master's trace entries).
         */
        public static StageEntryRow of(
                AnchorEntry entry,
                String ownerMsp,
                long txTimestamp,
                String slaveChainId,
                long slaveBlockNumber,
                int entryIndex,
                String masterTxId,
                long masterBlock) {
            return new StageEntryRow(
                    entry.txId(),
                    entry.tid(),
                    entry.stage(),
                    ownerMsp,
                    txTimestamp,
                    CanonicalJson.canonicalString(entry.toJsonObject().get("keyData")),
                    entry.dataHash(),
                    slaveChainId,
                    slaveBlockNumber,
                    entryIndex,
                    masterTxId,
                    masterBlock);
        }
    }

    /** One accepted AnchorBlock, keyed by its last slave block. */
    public record AnchorRow(
            String slaveChainId,
            long blockNumber,
            long firstBlock,
            String blockHash,
            String merkleRoot,
            int entryCount,
            String masterTxId,
            long masterBlock) {}

    /** An entry master refused on its own; {@code entryIndex} is its position as sent. */
    public record RejectedRow(
            String slaveTxId,
            String slaveChainId,
            long blockNumber,
            int entryIndex,
            String tid,
            String stage,
            String code,
            String reason,
            String masterTxId) {}

    /**
     * "{@code fromTid} went into {@code toTid}". Written only if the pair has no edge yet: master
     * keeps the first declaration of a pair.
     */
    public record EdgeRow(
            String fromTid, String toTid, String relation, String masterTxId, String slaveTxId) {}

    /** A device's current state on its channel; replaces the row of the same device. */
    public record DeviceRow(
            String channel,
            String deviceId,
            String status,
            String fingerprint,
            String certificate,
            long updatedBlock) {}

    /** A governance transaction on master; {@code args} is JSON. */
    public record GovernanceRow(
            String masterTxId, long masterBlock, String functionName, String args) {}

    /** A trace code's product type; written only if the trace code has none yet. */
    public record ProductRow(String tid, String productType, long firstMasterBlock) {}

    /** The organisation's raw record; {@code rehash} may be null. */
    public record RawRow(
            String slaveTxId,
            String tid,
            String stage,
            String rawJson,
            String dataHash,
            String rehash) {}

    /** Collects the rows of one block. */
    public static final class Builder {
        private final String channel;
        private final long blockNumber;
        private final String blockHash;
        private final String previousHash;
        private final List<StageEntryRow> stageEntries = new ArrayList<>();
        private final List<AnchorRow> anchors = new ArrayList<>();
        private final List<RejectedRow> rejected = new ArrayList<>();
        private final List<EdgeRow> edges = new ArrayList<>();
        private final List<DeviceRow> devices = new ArrayList<>();
        private final List<GovernanceRow> governance = new ArrayList<>();
        private final List<ProductRow> products = new ArrayList<>();
        private final List<RawRow> rawRecords = new ArrayList<>();

        private Builder(String channel, long blockNumber, String blockHash, String previousHash) {
            this.channel = channel;
            this.blockNumber = blockNumber;
            this.blockHash = blockHash;
            this.previousHash = previousHash;
        }

        public Builder add(StageEntryRow row) {
            stageEntries.add(row);
            return this;
        }

        public Builder add(AnchorRow row) {
            anchors.add(row);
            return this;
        }

        public Builder add(RejectedRow row) {
            rejected.add(row);
            return this;
        }

        public Builder add(EdgeRow row) {
            edges.add(row);
            return this;
        }

        public Builder add(DeviceRow row) {
            devices.add(row);
            return this;
        }

        public Builder add(GovernanceRow row) {
            governance.add(row);
            return this;
        }

        public Builder add(ProductRow row) {
            products.add(row);
            return this;
        }

        public Builder add(RawRow row) {
            rawRecords.add(row);
            return this;
        }

        public BlockRows build() {
            return new BlockRows(
                    channel,
                    blockNumber,
                    blockHash,
                    previousHash,
                    stageEntries,
                    anchors,
                    rejected,
                    edges,
                    devices,
                    governance,
                    products,
                    rawRecords);
        }
    }

    static String requireHash(String hash, String what) {
        if (!Hex.isLowerHex(hash, Sha256.LENGTH)) {
            throw new IllegalArgumentException(
                    what + " must be 64 lowercase hex characters, got " + hash);
        }
        return hash;
    }
}
