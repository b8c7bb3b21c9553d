package org.tmsct.network;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.tmsct.offchain.OffchainStore;
import org.tmsct.offchain.OffchainStoreContract;

/**
 * The off-chain store contract on a real MariaDB server, installed from Debian packages and started
 * on 127.0.0.1 by scripts/mariadb.sh (the same schema and behaviour as the embedded default).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbOffchainStoreTest extends OffchainStoreContract {

    private final NetworkScripts net = new NetworkScripts("mariadb", 24000, "raft");
    private String url;

    @BeforeAll
    void startMariaDb() {
        net.run("clean.sh");
        net.runOk("mariadb.sh", "start");
        url = net.runOk("mariadb.sh", "url", "ProcessingOrg").output().strip();
    }

    @AfterAll
    void stopMariaDb() {
        net.downQuietly(true);
    }

    @Override
    protected OffchainStore openStore() throws Exception {
        OffchainStore store = OffchainStore.open(url);
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM raw_records");
        }
        return store;
    }
}
