package org.tmsct.mirror;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The mirror on a real PostgreSQL. Not part of the default test run (the name does not end in
 * Test); run it with {@code mvn -pl mirror -am test -Dtest=PostgresMirrorStoreCheck
 * -Dsurefire.failIfNoSpecifiedTests=false -Dmirror.test.postgres=<jdbc url>}, the URL from {@code
 * scripts/postgres.sh url <org>}. Without the URL it fails: it was asked for and did not run.
 */
class PostgresMirrorStoreCheck extends MirrorStoreContract {

    @Override
    protected String jdbcUrl() {
        String url = System.getProperty("mirror.test.postgres", "");
        if (url.isBlank()) {
            fail("set -Dmirror.test.postgres to the JDBC URL of a PostgreSQL database to test");
        }
        return url;
    }
}
