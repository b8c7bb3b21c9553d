package org.tmsct.relay.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LagTrackerTest {

    private static final Instant T = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void caughtUpMeansNoLag() {
        LagTracker lag = new LagTracker();
        lag.seen(4, T);
        lag.processed(4);
        assertEquals(0, lag.lagBlocks());
        assertEquals(Duration.ZERO, lag.lagTime(T.plusSeconds(30)));
    }

    @Test
    void ageIsThatOfTheOldestUnprocessedBlock() {
        LagTracker lag = new LagTracker();
        lag.processed(9);
        lag.seen(11, T); // blocks 10 and 11 known at T
        lag.seen(15, T.plusSeconds(4)); // 12..15 at T+4
        assertEquals(6, lag.lagBlocks());
        assertEquals(Duration.ofSeconds(10), lag.lagTime(T.plusSeconds(10)));
        lag.processed(11);
        assertEquals(4, lag.lagBlocks());
        assertEquals(Duration.ofSeconds(6), lag.lagTime(T.plusSeconds(10)));
        lag.processed(15);
        assertEquals(Duration.ZERO, lag.lagTime(T.plusSeconds(10)));
    }

    @Test
    void aRecordMadeBeforeTheBlockWasSeenCountsFromWhenItWasMade() {
        LagTracker lag = new LagTracker();
        lag.processed(2);
        lag.seen(5, T.plusSeconds(3));
        lag.madeAt(3, T);
        assertEquals(Duration.ofSeconds(5), lag.lagTime(T.plusSeconds(5)));
        lag.processed(3);
        assertEquals(Duration.ofSeconds(2), lag.lagTime(T.plusSeconds(5)));
    }

    @Test
    void staleHeightsAreIgnored() {
        LagTracker lag = new LagTracker();
        lag.seen(8, T);
        lag.seen(3, T.plusSeconds(1));
        assertEquals(8, lag.highestSeen());
        lag.processed(10);
        assertEquals(10, lag.highestSeen());
        assertEquals(0, lag.lagBlocks());
    }
}
