package org.tmsct.client.offchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
            assertEquals(3, again.schemaVersion());
        }
        assertTrue(stateDir.resolve("offchain/RawMaterialOrg/records.mv.db").toFile().isFile());
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
