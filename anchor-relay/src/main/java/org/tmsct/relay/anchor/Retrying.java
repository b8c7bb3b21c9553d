package org.tmsct.relay.anchor;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.tmsct.relay.block.BlockFormatException;
import org.tmsct.relay.chain.ChainException;
import org.tmsct.relay.observe.RelayHealth;
import org.tmsct.relay.observe.RelayMetrics;
import org.tmsct.relay.retry.Backoff;
import org.tmsct.relay.retry.StopSignal;

/**
 * The relay's retrying and waiting: a call retried with backoff while its failure is transient, a
 * refusal reported and waited out, a failed pass waited out before the next one. Every wait ends in
 * {@link Stopped} as soon as a stop is requested.
 */
final class Retrying {

    /** Abandons the current pass; the next one starts again from the master's state. */
    static final class Resync extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Resync(final String reason) {
            super(reason, null, false, false);
        }
    }

    /** A stop was requested while the relay waited. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stop requested", null, false, false);
        }
    }

    private final Backoff backoff;
    private final Duration rejectionRetry;
    private final StopSignal stop;
    private final RelayMetrics metrics;
    private final RelayHealth health;
    private final Logger log;

    /** Consecutive failed passes, for the backoff between passes. */
    private int failedPasses;

    Retrying(
            final Backoff backoff,
            final Duration rejectionRetry,
            final StopSignal stop,
            final RelayMetrics metrics,
            final RelayHealth health,
            final Logger log) {
        this.backoff = backoff;
        this.rejectionRetry = rejectionRetry;
        this.stop = stop;
        this.metrics = metrics;
        this.health = health;
        this.log = log;
    }

    /**
     * Runs a call, retrying transient failures with backoff until it succeeds or a stop is
     * requested.
     */
    <T> T call(final String operation, final Supplier<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                T result = action.get();
                if (attempt > 1) {
                    log.atInfo()
                            .setMessage("recovered")
                            .addKeyValue("operation", operation)
                            .addKeyValue("attempts", attempt)
                            .log();
                }
                health.succeeded(operation);
                return result;
            } catch (ChainException e) {
                if (e.kind() != ChainException.Kind.TRANSIENT || stop.stopRequested()) {
                    throw e;
                }
                metrics.retry(operation);
                health.retrying(operation, e.getMessage());
                Duration wait = backoff.delay(attempt);
                log.atWarn()
                        .setMessage("retry")
                        .addKeyValue("operation", operation)
                        .addKeyValue("attempt", attempt)
                        .addKeyValue("delayMs", wait.toMillis())
                        .addKeyValue("error", e.getMessage())
                        .log();
                pauseOrStop(wait);
            }
        }
    }

    /** Logs loudly, counts, reports on /health, and waits before the caller tries again. */
    void rejected(final String operation, final String what, final String error) {
        metrics.rejection(operation);
        health.rejected(operation, what, error);
        log.atError()
                .setMessage("rejected")
                .addKeyValue("operation", operation)
                .addKeyValue("what", what)
                .addKeyValue("error", error)
                .addKeyValue("retryInMs", rejectionRetry.toMillis())
                .log();
        pauseOrStop(rejectionRetry);
    }

    /** Waits the backoff's delay for the given attempt. */
    void backOff(final int attempt) {
        pauseOrStop(backoff.delay(attempt));
    }

    void pauseOrStop(final Duration wait) {
        if (!stop.pause(wait)) {
            throw new Stopped();
        }
    }

    /** A pass got somewhere: the next failed pass waits the shortest backoff again. */
    void passProgressed() {
        failedPasses = 0;
    }

    /** Reports a pass that failed on a call and waits before the next one. */
    void passFailed(final ChainException e) {
        if (stop.stopRequested()) {
            throw new Stopped();
        }
        if (e.kind() == ChainException.Kind.REJECTED) {
            rejected(e.operation(), "start of pass", e.getMessage());
        } else {
            failedPasses++;
            metrics.retry(e.operation());
            health.retrying(e.operation(), e.getMessage());
            Duration wait = backoff.delay(failedPasses);
            log.atWarn()
                    .setMessage("retry")
                    .addKeyValue("operation", e.operation())
                    .addKeyValue("attempt", failedPasses)
                    .addKeyValue("delayMs", wait.toMillis())
                    .addKeyValue("error", e.getMessage())
                    .log();
            pauseOrStop(wait);
        }
    }

    /** Reports a slave block the relay cannot read and waits before the next pass. */
    void passFailed(final BlockFormatException e) {
        if (stop.stopRequested()) {
            throw new Stopped();
        }
        rejected("read block", "slave block", e.getMessage());
    }

    /** Reports a pass that failed in an unexpected way and waits before the next one. */
    void passFailedUnexpectedly(final RuntimeException e) {
        if (stop.stopRequested()) {
            throw new Stopped();
        }
        // A bug or an unexpected answer: never die silently and never skip; report and start
        // over.
        failedPasses++;
        metrics.retry("relay");
        health.retrying("relay", e.toString());
        Duration wait = backoff.delay(failedPasses);
        log.atError()
                .setMessage("unexpected-failure")
                .addKeyValue("error", e.toString())
                .addKeyValue("attempt", failedPasses)
                .addKeyValue("delayMs", wait.toMillis())
                .log();
        pauseOrStop(wait);
    }
}
