package org.tmsct.mirror;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.tmsct.gateway.config.OrgConnection;

/**
 * The mirror's database: a JDBC URL (H2 by default, MySQL/MariaDB or PostgreSQL) whose schema
 * Flyway keeps from the SQL files under {@value #LOCATION}, once per URL and process.
 *
 * <p>Flyway's history table is {@value #HISTORY_TABLE}, not its default, so a mirror and an
 * off-chain store that were pointed at one database would not read each other's history.
 */
public final class MirrorDb {

    static final String LOCATION = "classpath:db/mirror";
    static final String HISTORY_TABLE = "mirror_schema_history";

    /** The system property H2 binds its servers' sockets to. */
    public static final String H2_BIND_ADDRESS = "h2.bindAddress";

    /** The databases this process has brought up to date already. */
    private static final Set<String> MIGRATED = ConcurrentHashMap.newKeySet();

    private final String url;
    private final Flyway flyway;

    private MirrorDb(String url, Flyway flyway) {
        this.url = url;
        this.flyway = flyway;
    }

    static {
        // H2's automatic mixed mode serves the file to other processes over TCP; on loopback only.
        // Read once, when H2 first loads: scripts also pass it, for processes that load H2 earlier.
        if (System.getProperty(H2_BIND_ADDRESS) == null) {
            System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
        }
    }

    /** An organisation's default mirror: an H2 file under the state directory. */
    public static String defaultUrl(Path stateDir, String org) {
        return h2Url(stateDir.toAbsolutePath().resolve("mirror").resolve(org).resolve("mirror"));
    }

    /**
     * The mirror in H2 file {@code file} (without H2's suffix), in automatic mixed mode: the first
     * process to open it serves it to the others, so SQL tools and {@code tmsct mirror verify} can
     * read it while the daemon writes.
     */
    public static String h2Url(Path file) {
        // WRITE_DELAY=0: a committed block is on disk before the next is read, so a kill -9 does
        // not take back blocks already applied (H2 would otherwise write up to 500 ms later)
        return "jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    /**
     * The mirror an organisation uses unless told otherwise: the URL in {@code
     * <state>/orgs/<org>/mirror.url} if that file exists (PostgreSQL or MariaDB, say), else the
     * default H2 file.
     */
    public static String configuredUrl(Path stateDir, String org) {
        return OrgConnection.configuredUrl(stateDir, org, "mirror.url", defaultUrl(stateDir, org));
    }

    /**
     * Opens the mirror at {@code jdbcUrl} and brings its schema to the newest version.
     *
     * @throws IllegalArgumentException for a URL of another database
     * @throws SQLException if the database cannot be reached or migrated (the message has no
     *     password)
     */
    public static MirrorDb open(String jdbcUrl) throws SQLException {
        if (!jdbcUrl.startsWith("jdbc:h2:")
                && !jdbcUrl.startsWith("jdbc:mysql:")
                && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "unsupported mirror URL '"
                            + redact(jdbcUrl)
                            + "' (use jdbc:h2:..., jdbc:mysql://... or jdbc:postgresql://...)");
        }
        try {
            // this class's loader, so the SQL files and Flyway's database plugins are found
            // wherever the module is loaded from (a shaded jar, a test class path)
            Flyway flyway =
                    Flyway.configure(MirrorDb.class.getClassLoader())
                            .dataSource(jdbcUrl, null, null)
                            .locations(LOCATION)
                            .table(HISTORY_TABLE)
                            .failOnMissingLocations(true)
                            .load();
            if (MIGRATED.add(jdbcUrl)) {
                try {
                    flyway.migrate();
                } catch (RuntimeException e) {
                    MIGRATED.remove(jdbcUrl);
                    throw e;
                }
            }
            return new MirrorDb(jdbcUrl, flyway);
        } catch (FlywayException e) {
            throw new SQLException(
                    "cannot open the mirror "
                            + redact(jdbcUrl)
                            + ": "
                            + redact(String.valueOf(e.getMessage())),
                    e);
        }
    }

    /** A new connection to the mirror; the caller closes it. */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        // a block's rows go as JDBC batches; these drivers send a batch as one multi-row INSERT
        if (url.startsWith("jdbc:postgresql:")) {
            props.setProperty("reWriteBatchedInserts", "true");
        } else if (url.startsWith("jdbc:mysql:")) {
            props.setProperty("rewriteBatchedStatements", "true");
        }
        return DriverManager.getConnection(url, props);
    }

    /** The URL without its password, for messages. */
    public String url() {
        return redact(url);
    }

    /** The newest migration Flyway has applied (0 for none). */
    public int schemaVersion() {
        MigrationInfo current = flyway.info().current();
        return current == null || current.getVersion() == null
                ? 0
                : Integer.parseInt(current.getVersion().getVersion());
    }

    static String redact(String text) {
        return text.replaceAll("(?i)(password=)[^&;\\s]*", "$1***");
    }
}
