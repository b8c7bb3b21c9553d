package org.tmsct.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmsct.mirror.DocumentedQueries.Expectation;
import org.tmsct.mirror.query.DocumentedQuery;

/**
 * The queries of docs/sql.md on a fresh mirror in a plain H2 file: every row they answer, none left
 * out. {@link MirrorStoreContract} runs them on the other databases.
 */
class SqlQueriesTest {

    @TempDir Path stateDir;

    @Test
    void thePageHasTenQueriesEachWithAnExpectation() throws Exception {
        List<DocumentedQuery> queries = DocumentedQueries.fromPage();
        assertEquals(10, queries.size(), "-- query: blocks in " + DocumentedQueries.SQL_MD);
        assertEquals(
                10, queries.stream().map(DocumentedQuery::name).distinct().count(), "query names");
        Map<String, Expectation> expected = new DocumentedQueries("x").expectations();
        for (DocumentedQuery q : queries) {
            assertTrue(expected.containsKey(q.name()), q.name() + " has no expectation");
            assertTrue(!expected.get(q.name()).rows().isEmpty(), q.name() + " expects no rows");
        }
        assertEquals(expected.keySet().size(), queries.size(), "expectations without a query");
    }

    @Test
    void everyQueryAnswersExactlyItsRowsOnAFreshMirror() throws Exception {
        MirrorDb db = MirrorDb.open(MirrorDb.defaultUrl(stateDir, "RawMaterialOrg"));
        try (MirrorStore store = new MirrorStore(db)) {
            new DocumentedQueries("ab12cd34").verify(db, store, false);
        }
    }
}
