package org.tmsct.offchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's schema under Flyway: fresh, and over stores made by the old hand-written code. */
class SchemaMigrationsTest {

    @TempDir Path stateDir;

    @Test
    void aFreshStoreGetsEveryMigrationAndExactlyTheOldSchema() throws Exception {
        String fresh = OffchainStore.defaultUrl(stateDir, "FreshOrg");
        try (OffchainStore store = OffchainStore.open(fresh)) {
            assertEquals(6, store.schemaVersion());
        }
        assertEquals(
                List.of(
                        "1 SQL true",
                        "2 SQL true",
                        "3 SQL true",
                        "4 SQL true",
                        "5 SQL true",
                        "6 SQL true"),
                history(fresh));
        assertEquals(
                List.of(),
                query(
                        fresh,
                        "SELECT table_name FROM information_schema.tables WHERE table_name = 'tmsct_schema'"));

        String old = OffchainStore.defaultUrl(stateDir, "OldOrg");
        LegacyStore.create(old, LegacyStore.MIGRATIONS.length);
        List<String> ddl = rawRecordsDdl(fresh);
        assertEquals(rawRecordsDdl(old), ddl);
        String all = String.join("\n", ddl);
        for (String name :
                List.of("uq_raw_records_tid_hash", "ix_raw_records_tid", "ix_raw_records_status")) {
            assertTrue(all.contains('"' + name + '"'), all);
        }
    }

    @Test
    void aStoreOfTheOldCodeIsBaselinedWithoutRunningAnythingAndKeptAsItIs() throws Exception {
        String url = OffchainStore.defaultUrl(stateDir, "OldOrg");
        LegacyStore.create(url, LegacyStore.MIGRATIONS.length);
        String batchTx = "f".repeat(64) + "#499";
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            st.execute(
                    "INSERT INTO raw_records (tid, stage, device_id, raw_json, data_hash, signature,"
                            + " signed_at, status, tx_id, slave_block, created_at, salts)"
                            + " VALUES ('OLD-1', 'RAW_MATERIAL', 'furnace-1', '{\"x\":1}', '"
                            + "a".repeat(64)
                            + "', 'sig', 7, 'SUBMITTED', '"
                            + batchTx
                            + "', 12, NOW(), '{\"/x\":\"00\"}')");
        }
        List<String> ddl = rawRecordsDdl(url);
        List<String> legacyRows = query(url, "SELECT version, applied_at FROM tmsct_schema");

        try (OffchainStore store = OffchainStore.open(url)) {
            assertEquals(6, store.schemaVersion());
            OffchainRecord row = store.findByTxId(batchTx).orElseThrow();
            assertEquals("OLD-1", row.tid());
            assertEquals("{\"x\":1}", row.rawJson());
            assertEquals("{\"/x\":\"00\"}", row.salts());
            assertEquals(OffchainRecord.Status.SUBMITTED, row.status());
            assertEquals(12L, row.slaveBlock());
            assertEquals(1, store.count());
        }
        assertEquals(List.of("6 BASELINE true"), history(url));
        List<String> historyRows = query(url, "SELECT * FROM flyway_schema_history");
        assertEquals(ddl, rawRecordsDdl(url));
        assertEquals(legacyRows, query(url, "SELECT version, applied_at FROM tmsct_schema"));
        assertEquals(6, legacyRows.size());

        // the second open finds everything in place and changes nothing
        try (OffchainStore again = OffchainStore.open(url)) {
            assertEquals(6, again.schemaVersion());
            assertEquals(1, again.count());
        }
        assertEquals(historyRows, query(url, "SELECT * FROM flyway_schema_history"));
        assertEquals(ddl, rawRecordsDdl(url));
        assertEquals(legacyRows, query(url, "SELECT version, applied_at FROM tmsct_schema"));
    }

    @Test
    void anOldStoreHalfWayIsBaselinedThereAndGetsOnlyTheLaterMigrations() throws Exception {
        String url = OffchainStore.defaultUrl(stateDir, "HalfOrg");
        LegacyStore.create(url, 3);
        try (OffchainStore store = OffchainStore.open(url)) {
            assertEquals(6, store.schemaVersion());
        }
        assertEquals(
                List.of("3 BASELINE true", "4 SQL true", "5 SQL true", "6 SQL true"), history(url));
        assertEquals(3, query(url, "SELECT version FROM tmsct_schema").size());

        String fresh = OffchainStore.defaultUrl(stateDir, "FreshOrg");
        OffchainStore.open(fresh).close();
        assertEquals(rawRecordsDdl(fresh), rawRecordsDdl(url));
    }

    @Test
    void anOldStoreThatStoppedBeforeItsFirstStepGetsEveryMigration() throws Exception {
        String url = OffchainStore.defaultUrl(stateDir, "EmptyOrg");
        LegacyStore.create(url, 0); // tmsct_schema made, no version recorded yet
        try (OffchainStore store = OffchainStore.open(url)) {
            assertEquals(6, store.schemaVersion());
            assertEquals(0, store.count());
        }
        assertEquals(
                List.of(
                        "0 BASELINE true",
                        "1 SQL true",
                        "2 SQL true",
                        "3 SQL true",
                        "4 SQL true",
                        "5 SQL true",
                        "6 SQL true"),
                history(url));
    }

    /**
     * Flyway's history of versions, one "version type success" line per row, oldest first (without
     * the row Flyway writes for creating its table, which has no version).
     */
    private static List<String> history(final String url) throws SQLException {
        return query(
                url,
                "SELECT version, type, success FROM flyway_schema_history"
                        + " WHERE version IS NOT NULL ORDER BY installed_rank");
    }

    /** The DDL of raw_records (table, keys, indexes, constraints), as H2 scripts it. */
    private static List<String> rawRecordsDdl(final String url) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String line : query(url, "SCRIPT NODATA TABLE raw_records")) {
            if (!line.startsWith("--") && !line.startsWith("CREATE USER")) {
                out.add(line);
            }
        }
        return out;
    }

    /** The rows of a query, each as its columns joined by spaces. */
    private static List<String> query(final String url, final String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join(" ", row));
            }
        }
        return rows;
    }
}
