package org.tmsct.offchain;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The off-chain store's schema, kept by Flyway from the SQL files under {@value #LOCATION} (one
 * statement per version, in a dialect that H2 in MySQL mode and MySQL/MariaDB both accept).
 *
 * <p>Stores made before Flyway carry their version in {@value #LEGACY_TABLE}, one row per step of
 * the old hand-written migrations, which are exactly V1..V6 here. Such a store is baselined at its
 * highest version, so Flyway records that version without running anything and applies only the
 * later files. {@value #LEGACY_TABLE} itself is left as it is.
 */
final class SchemaMigrations {

    static final String LOCATION = "classpath:db/offchain";
    static final String LEGACY_TABLE = "tmsct_schema";

    private final Flyway flyway;

    private SchemaMigrations(final Flyway flyway) {
        this.flyway = flyway;
    }

    /**
     * Brings the store at {@code jdbcUrl} to the newest schema. {@code connection} is an open
     * connection to the same database, used to look for a store of the old mechanism.
     */
    /** The stores this process has brought up to date already. */
    private static final Set<String> MIGRATED = ConcurrentHashMap.newKeySet();

    static SchemaMigrations migrate(final String jdbcUrl, final Connection connection)
            throws SQLException {
        // the store's own class loader, so the SQL files and Flyway's database plugins are found
        // wherever the store is loaded from (a shaded jar, a test class path)
        FluentConfiguration config =
                Flyway.configure(SchemaMigrations.class.getClassLoader())
                        .dataSource(jdbcUrl, null, null)
                        .locations(LOCATION)
                        // a store always has its migrations: missing files mean a broken build
                        .failOnMissingLocations(true);
        Integer legacy = legacyVersion(connection);
        if (legacy != null) {
            // only used while Flyway has no history table yet, i.e. on the first open
            config.baselineOnMigrate(true)
                    .baselineVersion(Integer.toString(legacy))
                    .baselineDescription("schema of " + LEGACY_TABLE + " version " + legacy);
        }
        SchemaMigrations migrations = new SchemaMigrations(config.load());
        // once per store and process: a server that opens the store per request pays it once
        if (MIGRATED.add(jdbcUrl)) {
            try {
                migrations.flyway.migrate();
            } catch (RuntimeException e) {
                MIGRATED.remove(jdbcUrl);
                throw e;
            }
        }
        return migrations;
    }

    /** The version of the schema, as Flyway has recorded it (0 for none). */
    int currentVersion() {
        MigrationInfo current = flyway.info().current();
        return current == null || current.getVersion() == null
                ? 0
                : Integer.parseInt(current.getVersion().getVersion());
    }

    /**
     * The highest version in the old {@value #LEGACY_TABLE} (0 if it has no row), or null when the
     * store has no such table.
     */
    private static Integer legacyVersion(final Connection connection) throws SQLException {
        if (!tableExists(connection, LEGACY_TABLE)) {
            return null;
        }
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT MAX(version) FROM " + LEGACY_TABLE)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Whether the connection's own database/schema (not another on the server) has the table. */
    private static boolean tableExists(final Connection connection, final String name)
            throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        // an H2 URL without DATABASE_TO_LOWER keeps unquoted names in upper case
        String stored = meta.storesUpperCaseIdentifiers() ? name.toUpperCase() : name;
        String escape = meta.getSearchStringEscape();
        String pattern = escape == null ? stored : stored.replace("_", escape + "_");
        try (ResultSet rs =
                meta.getTables(connection.getCatalog(), connection.getSchema(), pattern, null)) {
            return rs.next();
        }
    }
}
