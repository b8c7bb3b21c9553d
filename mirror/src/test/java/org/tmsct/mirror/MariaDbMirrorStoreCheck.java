package org.tmsct.mirror;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The mirror on a real MariaDB (through the MySQL driver). Not part of the default test run (the
 * name does not end in Test); run it with {@code mvn -pl mirror -am test
 * -Dtest=MariaDbMirrorStoreCheck -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmirror.test.mariadb=<jdbc url>}, the URL from {@code scripts/mariadb.sh url <org>}. Without the
 * URL it fails: it was asked for and did not run.
 */
class MariaDbMirrorStoreCheck extends MirrorStoreContract {

    @Override
    protected String jdbcUrl() {
        String url = System.getProperty("mirror.test.mariadb", "");
        if (url.isBlank()) {
            fail("set -Dmirror.test.mariadb to the JDBC URL of a MariaDB database to test");
        }
        return url;
    }
}
