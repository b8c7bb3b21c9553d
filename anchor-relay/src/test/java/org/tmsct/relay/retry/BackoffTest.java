package org.tmsct.relay.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheInitialWaitUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(3), () -> 0.5);
        assertEquals(Duration.ofMillis(200), b.delay(1));
        assertEquals(Duration.ofMillis(400), b.delay(2));
        assertEquals(Duration.ofMillis(1600), b.delay(4));
        assertEquals(Duration.ofSeconds(3), b.delay(5));
        assertEquals(Duration.ofSeconds(3), b.delay(1000));
    }

    @Test
    void jitterStaysWithinTwentyPercentAndNeverExceedsTheMaximum() {
        Backoff low = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(10), () -> 0.0);
        Backoff high = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(10), () -> 0.999999);
        assertEquals(Duration.ofMillis(800), low.delay(1));
        assertEquals(Duration.ofMillis(1200), high.delay(1));
        assertEquals(Duration.ofSeconds(10), high.delay(10));
        Backoff random = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        for (int attempt = 1; attempt < 50; attempt++) {
            long ms = random.delay(attempt).toMillis();
            assertTrue(ms >= 80 && ms <= 1000, attempt + " -> " + ms);
        }
    }

    @Test
    void refusesNonsense() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2)).delay(0));
    }

    @Test
    void aStopWakesAPauseAndLaterPausesReturnAtOnce() throws Exception {
        StopSignal.Latch latch = new StopSignal.Latch();
        Thread stopper = new Thread(latch::requestStop);
        stopper.start();
        stopper.join();
        // Already stopped: returns false without waiting the hour.
        assertEquals(false, latch.pause(Duration.ofHours(1)));
        assertTrue(latch.stopRequested());
    }

    @Test
    void aPauseWithoutStopReturnsTrue() {
        assertTrue(new StopSignal.Latch().pause(Duration.ofMillis(1)));
    }
}
