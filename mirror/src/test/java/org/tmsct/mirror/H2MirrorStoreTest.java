package org.tmsct.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mirror on its embedded default: an H2 file, plain URL. */
class H2MirrorStoreTest extends MirrorStoreContract {

    @TempDir Path stateDir;

    @Override
    protected String jdbcUrl() {
        return MirrorDb.defaultUrl(stateDir, "RawMaterialOrg");
    }

    @Test
    void theCheckpointSurvivesReopening() throws Exception {
        store.start("master", 9, "a".repeat(64));
        store.close();
        store = new MirrorStore(MirrorDb.open(jdbcUrl()));
        assertEquals(9, store.checkpoint("master").get().blockNumber());
        assertTrue(stateDir.resolve("mirror/RawMaterialOrg/mirror.mv.db").toFile().isFile());
    }

    @Test
    void anotherDatabaseIsAClearErrorWithoutThePassword() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> MirrorDb.open("jdbc:sqlite:/tmp/x?password=secret"));
        assertTrue(e.getMessage().contains("unsupported mirror URL"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }
}
