package org.tmsct.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tmsct.web.WebError;
import org.tmsct.web.WebException;

class CheckpointTest {

    @Test
    void theLastEventIdWinsOverAfterAndFrom() {
        assertEquals(
                new AnchoredEvents.Checkpoint(12, "tx1"),
                AnchoredEvents.Checkpoint.parse("12:tx1", "3:tx9", "7"));
        assertEquals(
                new AnchoredEvents.Checkpoint(3, "tx9"),
                AnchoredEvents.Checkpoint.parse(null, "3:tx9", "7"));
        assertEquals(
                new AnchoredEvents.Checkpoint(7, ""),
                AnchoredEvents.Checkpoint.parse("", null, "7"));
        assertEquals(
                new AnchoredEvents.Checkpoint(-1, ""),
                AnchoredEvents.Checkpoint.parse(null, null, null));
    }

    @Test
    void aMalformedCheckpointIsABadRequest() {
        for (String bad : new String[] {"garbage", ":tx", "12:", "-1:tx", "x:tx"}) {
            WebException e =
                    assertThrows(
                            WebException.class,
                            () -> AnchoredEvents.Checkpoint.parse(bad, null, null),
                            bad);
            assertEquals(WebError.BAD_REQUEST, e.error);
        }
        assertEquals(
                WebError.BAD_REQUEST,
                assertThrows(
                                WebException.class,
                                () -> AnchoredEvents.Checkpoint.parse(null, null, "-5"))
                        .error);
    }
}
