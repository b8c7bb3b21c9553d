package org.tmsct.mirror;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

        /**
         * The rows of {@code stage_fields}: one per member of {@link #keyData}, in name order.
         * Members whose name is longer than {@value StageFieldRow#MAX_NAME} characters have none.
         *
         * @throws IllegalArgumentException if {@code keyData} is not a JSON object
         */
        public List<StageFieldRow> fields() {
            JsonElement json;
            try {
                json = JsonParser.parseString(keyData);
            } catch (JsonSyntaxException e) {
                throw new IllegalArgumentException(
                        "key data of " + slaveTxId + " is not JSON: " + e.getMessage(), e);
            }
            if (!json.isJsonObject()) {
                throw new IllegalArgumentException(
                        "key data of " + slaveTxId + " is not a JSON object");
            }
            List<StageFieldRow> out = new ArrayList<>();
            for (Map.Entry<String, JsonElement> m : json.getAsJsonObject().entrySet()) {
                if (m.getKey().length() <= StageFieldRow.MAX_NAME) {
                    out.add(StageFieldRow.of(slaveTxId, m.getKey(), m.getValue()));
                }
            }
            out.sort((a, b) -> a.name().compareTo(b.name()));
            return List.copyOf(out);
        }
    }

    /**
     * One member of an entry's key data, as {@code stage_fields} holds it. Derived from {@link
     * StageEntryRow#keyData}, so the columns hold nothing the JSON does not.
     *
     * @param valueText a string itself, any other value as canonical JSON; null if longer than
     *     {@value #MAX_TEXT} characters
     * @param valueNumber a number rounded to {@value #SCALE} decimals; null if not a number or too
     *     large for the column
     * @param valueTime epoch milliseconds of a string that is an RFC 3339 date-time with offset
     */
    public record StageFieldRow(
            String slaveTxId,
            String name,
            String valueText,
            BigDecimal valueNumber,
            Long valueTime) {

        static final int MAX_NAME = 255;
        static final int MAX_TEXT = 512;
        static final int SCALE = 10;
        static final int PRECISION = 38;

        static StageFieldRow of(String slaveTxId, String name, JsonElement value) {
            String text =
                    value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                            ? value.getAsString()
                            : CanonicalJson.canonicalString(value);
            BigDecimal number = null;
            Long time = null;
            if (value.isJsonPrimitive()) {
                JsonPrimitive p = value.getAsJsonPrimitive();
                if (p.isNumber()) {
                    number = fitting(p.getAsBigDecimal());
                } else if (p.isString()) {
                    time = epochMillis(p.getAsString());
                }
            }
            // too long for the column: the value stays in key_data, not cut here
            return new StageFieldRow(
                    slaveTxId, name, text.length() <= MAX_TEXT ? text : null, number, time);
        }

        /** The number as DECIMAL(38,10) holds it, or null if its integer part does not fit. */
        private static BigDecimal fitting(BigDecimal n) {
            BigDecimal scaled = n.setScale(SCALE, RoundingMode.HALF_EVEN);
            return scaled.precision() - scaled.scale() <= PRECISION - SCALE ? scaled : null;
        }

        private static Long epochMillis(String s) {
            // cheap test first: most strings are no date-times
            if (s.length() < 20 || s.charAt(4) != '-' || s.charAt(10) != 'T') {
                return null;
            }
            try {
                return OffsetDateTime.parse(s).toInstant().toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                return null;
            }
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
