package org.tmsct.offchain;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.FlywayException;
import org.tmsct.gateway.config.ConfigException;
import org.tmsct.gateway.config.OrgConnection;

/**
 * An organisation's off-chain database of raw records, over JDBC: an embedded H2 file by default,
 * or MySQL/MariaDB when given a jdbc:mysql URL. The schema is the same on both and is created and
 * migrated on opening by Flyway ({@link SchemaMigrations}), so nothing has to be set up by hand.
 *
 * <p>The raw record is written before its transaction is submitted, so a crash or a submission that
 * did not complete leaves a PENDING row that can be retried; (tid, data_hash) is unique, so a retry
 * never stores the same record twice.
 */
public final class OffchainStore implements AutoCloseable {

    private final Connection connection;
    private final String url;
    private final SchemaMigrations schema;

    private OffchainStore(
            final Connection connection, final String url, final SchemaMigrations schema) {
        this.connection = connection;
        this.url = url;
        this.schema = schema;
    }

    /** The default store of an organisation: an H2 file under the state directory. */
    public static String defaultUrl(final Path stateDir, final String org) {
        Path file = stateDir.toAbsolutePath().resolve("offchain").resolve(org).resolve("records");
        return "jdbc:h2:file:" + file + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE";
    }

    /**
     * The store an organisation uses unless told otherwise: the URL in {@code
     * <state>/orgs/<org>/offchain.url} if that file exists (MariaDB, say), else the default H2
     * file.
     */
    public static String configuredUrl(final Path stateDir, final String org) {
        return OrgConnection.configuredUrl(
                stateDir, org, "offchain.url", defaultUrl(stateDir, org));
    }

    public static OffchainStore open(final String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:")
                && !jdbcUrl.startsWith("jdbc:mysql:")
                && !jdbcUrl.startsWith("jdbc:mariadb:")) {
            throw new ConfigException(
                    "unsupported off-chain store URL '"
                            + redact(jdbcUrl)
                            + "' (use jdbc:h2:... or jdbc:mysql://...)");
        }
        Connection c = null;
        try {
            c = connect(jdbcUrl);
            return new OffchainStore(c, jdbcUrl, SchemaMigrations.migrate(jdbcUrl, c));
        } catch (SQLException | FlywayException e) {
            closeQuietly(c);
            throw new ConfigException(
                    "cannot open the off-chain store "
                            + redact(jdbcUrl)
                            + ": "
                            + redact(String.valueOf(e.getMessage())));
        }
    }

    /** H2's error code for a database file another process has open. */
    private static final int H2_DATABASE_IN_USE = 90020;

    /** How long to wait for another process (the mirror, a second client) to close an H2 file. */
    private static final long IN_USE_WAIT_MILLIS = 20_000;

    /**
     * A connection; an H2 file that another process holds is waited for, since the client, the
     * mirror and the trace server each open it only for as long as they need it.
     */
    private static Connection connect(final String jdbcUrl) throws SQLException {
        long deadline = System.currentTimeMillis() + IN_USE_WAIT_MILLIS;
        while (true) {
            try {
                return DriverManager.getConnection(jdbcUrl);
            } catch (SQLException e) {
                if (e.getErrorCode() != H2_DATABASE_IN_USE
                        || System.currentTimeMillis() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while the off-chain store was in use", e);
            }
        }
    }

    /** The URL without its password, for messages. */
    static String redact(final String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public String url() {
        return redact(url);
    }

    /** The schema's version: the newest migration Flyway has applied (or baselined). */
    public int schemaVersion() throws SQLException {
        try {
            return schema.currentVersion();
        } catch (FlywayException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }

    /**
     * Stores a raw record as PENDING before it is submitted. If the same record (same TID and hash)
     * is already stored, that row is returned instead and nothing is written.
     */
    public OffchainRecord savePending(
            final String tid,
            final String stage,
            final String deviceId,
            final String rawJson,
            final String dataHash,
            final String signature,
            final long signedAtMillis)
            throws SQLException {
        return savePending(
                tid, stage, deviceId, rawJson, dataHash, signature, signedAtMillis, null);
    }

    /**
     * As above, with the salts of the record's field commitment (JSON), kept with the raw record:
     * every later disclosure and every re-hash needs them.
     */
    public OffchainRecord savePending(
            final String tid,
            final String stage,
            final String deviceId,
            final String rawJson,
            final String dataHash,
            final String signature,
            final long signedAtMillis,
            final String salts)
            throws SQLException {
        Optional<OffchainRecord> existing = findByHash(tid, dataHash);
        if (existing.isPresent()) {
            return existing.get();
        }
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "INSERT INTO raw_records (tid, stage, device_id, raw_json, data_hash, signature, signed_at, status, created_at, salts)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, tid);
            ps.setString(2, stage);
            ps.setString(3, deviceId);
            ps.setString(4, rawJson);
            ps.setString(5, dataHash);
            ps.setString(6, signature);
            ps.setLong(7, signedAtMillis);
            ps.setString(8, OffchainRecord.Status.PENDING.name());
            ps.setTimestamp(9, Timestamp.from(Instant.now()));
            ps.setString(10, salts);
            ps.executeUpdate();
        } catch (SQLIntegrityConstraintViolationException e) {
            // another process stored it between our read and our insert
            return findByHash(tid, dataHash).orElseThrow(() -> e);
        }
        return findByHash(tid, dataHash).orElseThrow();
    }

    public void markSubmitted(final long id, final String txId, final Long slaveBlock)
            throws SQLException {
        update(
                "UPDATE raw_records SET status = ?, tx_id = ?, slave_block = ?, error = NULL WHERE id = ?",
                OffchainRecord.Status.SUBMITTED.name(),
                txId,
                slaveBlock,
                id);
    }

    /**
     * Notes why a submission did not complete and keeps the record PENDING: the chain did not
     * refuse it, so {@code record --retry-pending} sends it again.
     */
    public void keepPending(final long id, final String error) throws SQLException {
        String e = error == null ? "" : error;
        update(
                "UPDATE raw_records SET status = ?, error = ? WHERE id = ? AND status <> ?",
                OffchainRecord.Status.PENDING.name(),
                e.length() > 1000 ? e.substring(0, 1000) : e,
                id,
                OffchainRecord.Status.SUBMITTED.name());
    }

    /**
     * Forgets a record the chain refused for good, so that a refused record leaves nothing behind.
     * Callers first make sure the record is not on the chain after all.
     */
    public void delete(final long id) throws SQLException {
        update(
                "DELETE FROM raw_records WHERE id = ? AND status <> ?",
                id,
                OffchainRecord.Status.SUBMITTED.name());
    }

    /** Records stored but not (yet) on the chain: what `record --retry-pending` resubmits. */
    public List<OffchainRecord> retryable() throws SQLException {
        return query(
                "SELECT * FROM raw_records WHERE status <> ? ORDER BY id",
                OffchainRecord.Status.SUBMITTED.name());
    }

    public List<OffchainRecord> findByTid(final String tid) throws SQLException {
        return query("SELECT * FROM raw_records WHERE tid = ? ORDER BY id", tid);
    }

    public Optional<OffchainRecord> findByTxId(final String txId) throws SQLException {
        return query("SELECT * FROM raw_records WHERE tx_id = ?", txId).stream().findFirst();
    }

    public Optional<OffchainRecord> findByHash(final String tid, final String dataHash)
            throws SQLException {
        return query("SELECT * FROM raw_records WHERE tid = ? AND data_hash = ?", tid, dataHash)
                .stream()
                .findFirst();
    }

    /**
     * The stored row of this exact raw record (canonical JSON) of {@code tid}, if any: recording
     * the same record again reuses it (and its salts) instead of committing to it anew.
     */
    public Optional<OffchainRecord> findByRaw(final String tid, final String rawJson)
            throws SQLException {
        return query(
                        "SELECT * FROM raw_records WHERE tid = ? AND raw_json = ? ORDER BY id",
                        tid,
                        rawJson)
                .stream()
                .findFirst();
    }

    public long count() throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM raw_records")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void update(final String sql, final Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args)) {
            ps.executeUpdate();
        }
    }

    private List<OffchainRecord> query(final String sql, final Object... args) throws SQLException {
        List<OffchainRecord> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, args);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Object block = rs.getObject("slave_block");
                out.add(
                        new OffchainRecord(
                                rs.getLong("id"),
                                rs.getString("tid"),
                                rs.getString("stage"),
                                rs.getString("device_id"),
                                rs.getString("raw_json"),
                                rs.getString("data_hash"),
                                rs.getString("signature"),
                                rs.getLong("signed_at"),
                                OffchainRecord.Status.valueOf(rs.getString("status")),
                                rs.getString("tx_id"),
                                block == null ? null : ((Number) block).longValue(),
                                rs.getString("error"),
                                rs.getTimestamp("created_at").toInstant(),
                                rs.getString("salts")));
            }
        }
        return out;
    }

    private PreparedStatement prepare(final String sql, final Object... args) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(final Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException e) {
            // closing a store we are done with: nothing left to protect
        }
    }
}
