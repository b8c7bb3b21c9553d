package org.tmsct.offchain;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * A store as the client made it before Flyway: its hand-written migrations and their {@code
 * tmsct_schema} table, copied verbatim from that code so the tests start from exactly what it left.
 */
final class LegacyStore {

    static final String[] MIGRATIONS = {
        "CREATE TABLE raw_records ("
                + " id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                + " tid VARCHAR(128) NOT NULL,"
                + " stage VARCHAR(64) NOT NULL,"
                + " device_id VARCHAR(128) NOT NULL,"
                + " raw_json MEDIUMTEXT NOT NULL,"
                + " data_hash CHAR(64) NOT NULL,"
                + " signature VARCHAR(256) NOT NULL,"
                + " signed_at BIGINT NOT NULL,"
                + " status VARCHAR(16) NOT NULL,"
                + " tx_id VARCHAR(64),"
                + " slave_block BIGINT,"
                + " error VARCHAR(1024),"
                + " created_at TIMESTAMP NOT NULL,"
                + " CONSTRAINT uq_raw_records_tid_hash UNIQUE (tid, data_hash))",
        "CREATE INDEX ix_raw_records_tid ON raw_records (tid)",
        "CREATE INDEX ix_raw_records_status ON raw_records (status)",
        "ALTER TABLE raw_records MODIFY COLUMN stage VARCHAR(128) NOT NULL",
        "ALTER TABLE raw_records ADD COLUMN salts TEXT",
        "ALTER TABLE raw_records MODIFY COLUMN tx_id VARCHAR(80)",
    };

    private LegacyStore() {}

    /** Creates the old store at {@code url}, migrated by the old code up to {@code version}. */
    static void create(final String url, final int version) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                st.execute(
                        "CREATE TABLE IF NOT EXISTS tmsct_schema (version INT NOT NULL PRIMARY KEY, applied_at TIMESTAMP NOT NULL)");
            }
            for (int v = 0; v < version; v++) {
                try (Statement st = c.createStatement()) {
                    st.execute(MIGRATIONS[v]);
                }
                try (PreparedStatement ps =
                        c.prepareStatement(
                                "INSERT INTO tmsct_schema (version, applied_at) VALUES (?, ?)")) {
                    ps.setInt(1, v + 1);
                    ps.setTimestamp(2, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                }
            }
        }
    }
}
