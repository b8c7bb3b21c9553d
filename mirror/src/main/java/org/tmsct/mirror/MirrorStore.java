package org.tmsct.mirror;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.tmsct.mirror.BlockRows.DeviceRow;
import org.tmsct.mirror.BlockRows.EdgeRow;
import org.tmsct.mirror.BlockRows.ProductRow;
import org.tmsct.mirror.BlockRows.StageEntryRow;
import org.tmsct.mirror.BlockRows.StageFieldRow;

/**
 * Writes blocks into the mirror, each in one database transaction together with its channel's
 * checkpoint, so the tables are always exactly as of the checkpoint's block: a crash leaves the
 * previous block in place and the block is applied again on restart.
 *
 * <p>One writer per channel is assumed (the checkpoint is read, not locked: {@code SELECT ... FOR
 * UPDATE} does not behave alike on every database this runs on). Holds one connection; not
 * thread-safe.
 */
public final class MirrorStore implements AutoCloseable {

    /** What {@link #apply} did. */
    public enum Outcome {
        /** The rows were written and the checkpoint moved to the block. */
        APPLIED,
        /** The block was applied before; nothing was written. */
        SKIPPED
    }

    /** The last block applied on a channel. */
    public record Checkpoint(String channel, long blockNumber, String blockHash) {}

    private final Connection connection;

    public MirrorStore(MirrorDb db) throws SQLException {
        this.connection = db.connect();
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Applies one block: the rows and the new checkpoint, or nothing.
     *
     * @return {@link Outcome#SKIPPED} for a block at or below the checkpoint (a replay after a
     *     restart), {@link Outcome#APPLIED} otherwise
     * @throws MirrorGapException if the block is not the checkpoint's next one (block 0 on a new
     *     channel)
     * @throws MirrorForkException if the block does not chain to the checkpoint's hash, or is the
     *     checkpoint's block with another hash
     * @throws SQLException if a row cannot be written; the transaction is rolled back
     */
    public Outcome apply(BlockRows block) throws SQLException {
        return inTransaction(
                () -> {
                    Optional<Checkpoint> last = readCheckpoint(block.channel());
                    if (!follows(block, last)) {
                        return Outcome.SKIPPED;
                    }
                    writeRows(block);
                    saveCheckpoint(
                            block.channel(),
                            block.blockNumber(),
                            block.blockHash(),
                            last.isEmpty());
                    return Outcome.APPLIED;
                });
    }

    /**
     * Starts a channel's mirror after block {@code blockNumber}, whose header hash is {@code
     * blockHash}: the first block applied is then {@code blockNumber + 1}. For a mirror that does
     * not begin at block 0. Calling it again with the same block and hash does nothing.
     *
     * @throws IllegalStateException if the channel already has another checkpoint
     */
    public void start(String channel, long blockNumber, String blockHash) throws SQLException {
        BlockRows.requireHash(blockHash, "blockHash");
        if (blockNumber < 0) {
            throw new IllegalArgumentException("block number " + blockNumber + " is negative");
        }
        inTransaction(
                () -> {
                    Optional<Checkpoint> last = readCheckpoint(channel);
                    if (last.isEmpty()) {
                        saveCheckpoint(channel, blockNumber, blockHash, true);
                    } else if (last.get().blockNumber() != blockNumber
                            || !last.get().blockHash().equals(blockHash)) {
                        throw new IllegalStateException(
                                "the mirror of channel "
                                        + channel
                                        + " already stands at block "
                                        + last.get().blockNumber()
                                        + "; it cannot start again after block "
                                        + blockNumber);
                    }
                    return null;
                });
    }

    /** The last block applied on {@code channel}, if any. */
    public Optional<Checkpoint> checkpoint(String channel) throws SQLException {
        return inTransaction(() -> readCheckpoint(channel));
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** True if the block is the next one; false if it was applied before. */
    private static boolean follows(BlockRows block, Optional<Checkpoint> last) {
        String channel = block.channel();
        long n = block.blockNumber();
        if (last.isEmpty()) {
            if (n != 0) {
                throw new MirrorGapException(channel, 0, n);
            }
            return true;
        }
        Checkpoint cp = last.get();
        if (n == cp.blockNumber() && !block.blockHash().equals(cp.blockHash())) {
            throw new MirrorForkException(
                    channel,
                    n,
                    "the mirror applied it with hash "
                            + cp.blockHash()
                            + ", now it has hash "
                            + block.blockHash());
        }
        if (n <= cp.blockNumber()) {
            return false;
        }
        if (n > cp.blockNumber() + 1) {
            throw new MirrorGapException(channel, cp.blockNumber() + 1, n);
        }
        if (!cp.blockHash().equals(block.previousHash())) {
            throw new MirrorForkException(
                    channel,
                    n,
                    "its previous hash is "
                            + block.previousHash()
                            + " but block "
                            + cp.blockNumber()
                            + " was applied with hash "
                            + cp.blockHash());
        }
        return true;
    }

    private void writeRows(BlockRows block) throws SQLException {
        Set<String> known = existingProducts(block.products());
        List<ProductRow> fresh = new ArrayList<>();
        for (ProductRow p : block.products()) {
            if (known.add(p.tid())) {
                fresh.add(p);
            }
        }
        insertAll(
                "INSERT INTO products (tid, product_type, first_master_block) VALUES (?, ?, ?)",
                fresh,
                p -> new Object[] {p.tid(), p.productType(), p.firstMasterBlock()});
        insertAll(
                "INSERT INTO stage_entries (slave_tx_id, tid, stage, owner_msp, tx_timestamp, key_data,"
                        + " data_hash, slave_chain_id, slave_block_number, entry_index, master_tx_id,"
                        + " master_block) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                block.stageEntries(),
                r ->
                        new Object[] {
                            r.slaveTxId(),
                            r.tid(),
                            r.stage(),
                            r.ownerMsp(),
                            r.txTimestamp(),
                            r.keyData(),
                            r.dataHash(),
                            r.slaveChainId(),
                            r.slaveBlockNumber(),
                            r.entryIndex(),
                            r.masterTxId(),
                            r.masterBlock()
                        });
        List<StageFieldRow> fields = new ArrayList<>();
        for (StageEntryRow r : block.stageEntries()) {
            fields.addAll(r.fields());
        }
        insertAll(
                "INSERT INTO stage_fields (slave_tx_id, name, value_text, value_number, value_time)"
                        + " VALUES (?, ?, ?, ?, ?)",
                fields,
                f ->
                        new Object[] {
                            f.slaveTxId(),
                            f.name(),
                            f.valueText(),
                            f.valueNumber() == null ? NULL_DECIMAL : f.valueNumber(),
                            f.valueTime() == null ? NULL_BIGINT : f.valueTime()
                        });
        insertAll(
                "INSERT INTO anchors (slave_chain_id, block_number, first_block, block_hash,"
                        + " merkle_root, entry_count, master_tx_id, master_block)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                block.anchors(),
                r ->
                        new Object[] {
                            r.slaveChainId(),
                            r.blockNumber(),
                            r.firstBlock(),
                            r.blockHash(),
                            r.merkleRoot(),
                            r.entryCount(),
                            r.masterTxId(),
                            r.masterBlock()
                        });
        insertAll(
                "INSERT INTO rejected_entries (slave_tx_id, slave_chain_id, block_number, entry_index,"
                        + " tid, stage, code, reason, master_tx_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                block.rejected(),
                r ->
                        new Object[] {
                            r.slaveTxId(),
                            r.slaveChainId(),
                            r.blockNumber(),
                            r.entryIndex(),
                            r.tid(),
                            r.stage(),
                            r.code(),
                            r.reason(),
                            r.masterTxId()
                        });
        for (EdgeRow e : block.edges()) {
            // master keeps the first declaration of a pair, whatever its relation
            if (!exists(
                    "SELECT 1 FROM genealogy_edges WHERE from_tid = ? AND to_tid = ?",
                    e.fromTid(),
                    e.toTid())) {
                update(
                        "INSERT INTO genealogy_edges (from_tid, to_tid, relation, master_tx_id,"
                                + " slave_tx_id) VALUES (?, ?, ?, ?, ?)",
                        e.fromTid(),
                        e.toTid(),
                        e.relation(),
                        e.masterTxId(),
                        e.slaveTxId());
            }
        }
        for (DeviceRow d : block.devices()) {
            // UPDATE-or-INSERT: the one upsert all three databases spell the same way
            if (exists(
                    "SELECT 1 FROM devices WHERE channel = ? AND device_id = ?",
                    d.channel(),
                    d.deviceId())) {
                update(
                        "UPDATE devices SET status = ?, fingerprint = ?, certificate = ?,"
                                + " updated_block = ? WHERE channel = ? AND device_id = ?",
                        d.status(),
                        d.fingerprint(),
                        d.certificate(),
                        d.updatedBlock(),
                        d.channel(),
                        d.deviceId());
            } else {
                update(
                        "INSERT INTO devices (channel, device_id, status, fingerprint, certificate,"
                                + " updated_block) VALUES (?, ?, ?, ?, ?, ?)",
                        d.channel(),
                        d.deviceId(),
                        d.status(),
                        d.fingerprint(),
                        d.certificate(),
                        d.updatedBlock());
            }
        }
        insertAll(
                "INSERT INTO governance_events (master_tx_id, master_block, function_name, args)"
                        + " VALUES (?, ?, ?, ?)",
                block.governance(),
                r -> new Object[] {r.masterTxId(), r.masterBlock(), r.functionName(), r.args()});
        insertAll(
                "INSERT INTO raw_records (slave_tx_id, tid, stage, raw_json, data_hash, rehash)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                block.rawRecords(),
                r ->
                        new Object[] {
                            r.slaveTxId(), r.tid(), r.stage(), r.rawJson(), r.dataHash(), r.rehash()
                        });
    }

    private Optional<Checkpoint> readCheckpoint(String channel) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT block_number, block_hash FROM mirror_checkpoint WHERE channel = ?")) {
            ps.setString(1, channel);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Checkpoint(channel, rs.getLong(1), rs.getString(2)))
                        : Optional.empty();
            }
        }
    }

    private void saveCheckpoint(String channel, long blockNumber, String blockHash, boolean first)
            throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        if (first) {
            update(
                    "INSERT INTO mirror_checkpoint (channel, block_number, block_hash, updated_at)"
                            + " VALUES (?, ?, ?, ?)",
                    channel,
                    blockNumber,
                    blockHash,
                    now);
        } else {
            update(
                    "UPDATE mirror_checkpoint SET block_number = ?, block_hash = ?, updated_at = ?"
                            + " WHERE channel = ?",
                    blockNumber,
                    blockHash,
                    now,
                    channel);
        }
    }

    private <T> void insertAll(String sql, List<T> rows, Function<T, Object[]> columns)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (T row : rows) {
                bind(ps, columns.apply(row));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The trace codes of {@code products} that already have a row: one query per 200. */
    private Set<String> existingProducts(List<ProductRow> products) throws SQLException {
        Set<String> out = new HashSet<>();
        for (int from = 0; from < products.size(); from += PRODUCTS_PER_QUERY) {
            List<ProductRow> chunk =
                    products.subList(from, Math.min(products.size(), from + PRODUCTS_PER_QUERY));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps =
                    connection.prepareStatement(
                            "SELECT tid FROM products WHERE tid IN (" + marks + ")")) {
                bind(ps, chunk.stream().map(ProductRow::tid).toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    private static final int PRODUCTS_PER_QUERY = 200;

    private boolean exists(String sql, Object... keys) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, keys);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void update(String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, values);
            ps.executeUpdate();
        }
    }

    /** A NULL of a column that is not text: PostgreSQL wants the type of a NULL. */
    private record TypedNull(int sqlType) {}

    private static final TypedNull NULL_DECIMAL = new TypedNull(Types.DECIMAL);
    private static final TypedNull NULL_BIGINT = new TypedNull(Types.BIGINT);

    private static void bind(PreparedStatement ps, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (v instanceof TypedNull n) {
                ps.setNull(i + 1, n.sqlType());
            } else if (v instanceof BigDecimal d) {
                ps.setBigDecimal(i + 1, d);
            } else if (v instanceof String s) {
                ps.setString(i + 1, s);
            } else if (v instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (v instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (v instanceof Timestamp t) {
                ps.setTimestamp(i + 1, t);
            } else {
                throw new IllegalArgumentException("no column type for " + v.getClass());
            }
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    // one connection, one transaction at a time: a store shared by threads takes turns
    private synchronized <T> T inTransaction(Work<T> work) throws SQLException {
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        }
    }
}
