package org.tmsct.offchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmsct.core.record.RawRecord;
import org.tmsct.gateway.config.ConfigException;

/** The off-chain store on the embedded default (an H2 file). */
class H2OffchainStoreTest extends OffchainStoreContract {

    @TempDir Path stateDir;

    @Override
    protected OffchainStore openStore() {
        return OffchainStore.open(OffchainStore.defaultUrl(stateDir, "RawMaterialOrg"));
    }

    @Test
    void dataSurvivesClosingTheFile() throws Exception {
        store.savePending("TID-1", "RAW_MATERIAL", "furnace-1", "{}", "0".repeat(64), "sig", 1L);
        store.close();
        try (OffchainStore again = openStore()) {
            assertEquals(1, again.count());
            assertEquals(6, again.schemaVersion());
        }
        assertTrue(stateDir.resolve("offchain/RawMaterialOrg/records.mv.db").toFile().isFile());
    }

    @Test
    void aStoreMadeByAnOlderClientIsMigratedToTheWideStageColumn() throws Exception {
        store.close();
        String url = OffchainStore.defaultUrl(stateDir, "OldOrg");
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            // schema version 3 as the first client created it
            st.execute(
                    "CREATE TABLE tmsct_schema (version INT NOT NULL PRIMARY KEY, applied_at TIMESTAMP NOT NULL)");
            st.execute(
                    "CREATE TABLE raw_records (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                            + " tid VARCHAR(128) NOT NULL, stage VARCHAR(64) NOT NULL,"
                            + " device_id VARCHAR(128) NOT NULL, raw_json MEDIUMTEXT NOT NULL,"
                            + " data_hash CHAR(64) NOT NULL, signature VARCHAR(256) NOT NULL,"
                            + " signed_at BIGINT NOT NULL, status VARCHAR(16) NOT NULL,"
                            + " tx_id VARCHAR(64), slave_block BIGINT, error VARCHAR(1024),"
                            + " created_at TIMESTAMP NOT NULL,"
                            + " CONSTRAINT uq_raw_records_tid_hash UNIQUE (tid, data_hash))");
            st.execute("INSERT INTO tmsct_schema VALUES (1, NOW()), (2, NOW()), (3, NOW())");
            st.execute(
                    "INSERT INTO raw_records (tid, stage, device_id, raw_json, data_hash, signature,"
                            + " signed_at, status, created_at) VALUES ('OLD-1', 'RAW_MATERIAL', 'd',"
                            + " '{}', '"
                            + "a".repeat(64)
                            + "', 's', 1, 'PENDING', NOW())");
        }
        try (OffchainStore migrated = OffchainStore.open(url)) {
            assertEquals(6, migrated.schemaVersion());
            assertEquals("RAW_MATERIAL", migrated.findByTid("OLD-1").get(0).stage());
            String stage = "S".repeat(RawRecord.MAX_STAGE_LENGTH);
            migrated.savePending("OLD-2", stage, "d", "{}", "b".repeat(64), "s", 1L);
            assertEquals(stage, migrated.findByTid("OLD-2").get(0).stage());
        }
        store = openStore();
    }

    @Test
    void unsupportedUrlIsAClearErrorWithoutThePassword() {
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> OffchainStore.open("jdbc:postgresql://h/db?password=secret"));
        assertTrue(e.getMessage().contains("unsupported off-chain store URL"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }
}
