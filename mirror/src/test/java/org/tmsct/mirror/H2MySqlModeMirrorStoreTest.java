package org.tmsct.mirror;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The mirror on H2 in MySQL mode, the mode the off-chain store's H2 files use. */
class H2MySqlModeMirrorStoreTest extends MirrorStoreContract {

    @TempDir Path dir;

    @Override
    protected String jdbcUrl() {
        return "jdbc:h2:file:" + dir.resolve("mirror") + ";MODE=MySQL";
    }
}
