package org.tmsct.mirror.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The copy of docs/sql.md the jar carries, and how command-line values are bound. */
class DocumentedQueryTest {

    @Test
    void theJarCarriesThePageAsItIs() throws Exception {
        Path page =
                Path.of(System.getProperty("tmsct.repo", ".."))
                        .toAbsolutePath()
                        .normalize()
                        .resolve("docs/sql.md");
        assertEquals(DocumentedQuery.parse(Files.readString(page)), DocumentedQuery.bundled());
        assertEquals(10, DocumentedQuery.bundled().size());
    }

    @Test
    void numbersAreBoundAsNumbersUnlessMarkedAsText() {
        assertEquals(
                List.of(25L, new BigDecimal("2.5"), "AL-6061-2211", "0117", "-3x"),
                DocumentedQuery.bind(List.of("25", "2.5", "AL-6061-2211", "s:0117", "-3x")));
    }

    @Test
    void placeholdersInTextAndCommentsDoNotCount() {
        DocumentedQuery q =
                new DocumentedQuery(
                        "x", "-- query: x\n-- bind ? here\nSELECT '?' FROM t WHERE a = ? -- ?\n");
        assertEquals(1, q.placeholders());
        assertThrows(IllegalArgumentException.class, () -> q.run(null, List.of()));
    }
}
