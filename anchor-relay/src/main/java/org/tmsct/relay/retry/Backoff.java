package org.tmsct.relay.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for transient failures: attempt 1 waits about {@code initial},
 * each further attempt twice as long, never more than {@code max}. The jitter (up to ±20%) keeps
 * two relays that failed together from retrying in lock step.
 */
public final class Backoff {

    private static final double JITTER = 0.2;

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    public Backoff(final Duration initial, final Duration max) {
        this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param random values in [0, 1), injectable for tests
     */
    public Backoff(final Duration initial, final Duration max, final DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait before retry number {@code attempt} (1 = the first retry). */
    public Duration delay(final int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, got " + attempt);
        }
        double base = initial.toMillis() * Math.pow(2, Math.min(attempt - 1, 30));
        double capped = Math.min(base, max.toMillis());
        double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
        return Duration.ofMillis(
                Math.max(1, Math.round(Math.min(capped * factor, max.toMillis()))));
    }

    public Duration initial() {
        return initial;
    }

    public Duration max() {
        return max;
    }
}
