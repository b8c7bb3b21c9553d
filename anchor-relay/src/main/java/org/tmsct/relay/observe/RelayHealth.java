package org.tmsct.relay.observe;

import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the relay is doing, for /health: starting, ok, retrying a transient failure (stalled once
 * that lasts longer than the stall limit), rejected by a contract, or stopping. Anything but ok and
 * a short retry answers HTTP 503 with the reason, so a wedged relay is never silent.
 */
public final class RelayHealth {

    public enum Status {
        STARTING,
        OK,
        RETRYING,
        STALLED,
        REJECTED,
        /** The master anchored this relay's blocks differently; the relay stopped anchoring. */
        DIVERGED,
        STOPPING
    }

    public record Snapshot(Status status, boolean healthy, JsonObject json) {}

    private final Clock clock;
    private final Duration stallAfter;

    private Status status = Status.STARTING;
    private String operation;
    private String detail;
    private Instant since;
    private int attempts;
    private String lastError;
    private Instant lastErrorAt;
    private Instant lastProgress;

    public RelayHealth(final Clock clock, final Duration stallAfter) {
        this.clock = clock;
        this.stallAfter = stallAfter;
        this.since = clock.instant();
    }

    /**
     * The relay follows its channel: ends STARTING and RETRYING, but a rejection stays until it is
     * resolved.
     */
    public synchronized void following() {
        if (status == Status.STARTING || status == Status.RETRYING) {
            ok();
        }
    }

    /** A call of {@code op} succeeded: clears a retry or rejection of that same operation. */
    public synchronized void succeeded(final String op) {
        if ((status == Status.RETRYING || status == Status.REJECTED) && op.equals(operation)) {
            ok();
        }
    }

    /** A block was processed: clears any retry or rejection. */
    public synchronized void ok() {
        if (status != Status.STOPPING && status != Status.DIVERGED) {
            if (status != Status.OK) {
                since = clock.instant();
            }
            status = Status.OK;
            operation = null;
            detail = null;
            attempts = 0;
        }
        lastProgress = clock.instant();
    }

    public synchronized void retrying(final String op, final String error) {
        if (status == Status.STOPPING || status == Status.DIVERGED) {
            return;
        }
        if (status != Status.RETRYING || !op.equals(operation)) {
            status = Status.RETRYING;
            operation = op;
            since = clock.instant();
            attempts = 0;
        }
        attempts++;
        detail = error;
        noteError(error);
    }

    public synchronized void rejected(final String op, final String what, final String error) {
        if (status == Status.STOPPING || status == Status.DIVERGED) {
            return;
        }
        if (status != Status.REJECTED || !op.equals(operation)) {
            since = clock.instant();
            attempts = 0;
        }
        status = Status.REJECTED;
        operation = op;
        attempts++;
        detail = what + ": " + error;
        noteError(detail);
    }

    /** For good: nothing but stopping clears it. */
    public synchronized void diverged(final String op, final String reason) {
        if (status == Status.STOPPING) {
            return;
        }
        status = Status.DIVERGED;
        operation = op;
        since = clock.instant();
        attempts = 1;
        detail = reason;
        noteError(reason);
    }

    public synchronized void stopping() {
        status = Status.STOPPING;
        since = clock.instant();
    }

    public synchronized Snapshot snapshot(
            final LagTracker lag, final long lastCovered, final String channel) {
        Instant now = clock.instant();
        Status shown =
                status == Status.RETRYING && Duration.between(since, now).compareTo(stallAfter) > 0
                        ? Status.STALLED
                        : status;
        boolean healthy = shown == Status.OK || shown == Status.RETRYING;
        JsonObject o = new JsonObject();
        o.addProperty("status", shown.name().toLowerCase(java.util.Locale.ROOT));
        o.addProperty("healthy", healthy);
        o.addProperty("slaveChannel", channel);
        o.addProperty("since", since.toString());
        if (operation != null) {
            o.addProperty("operation", operation);
            o.addProperty("attempts", attempts);
        }
        if (detail != null) {
            o.addProperty("reason", detail);
        }
        o.addProperty("lastSeenBlock", lag.highestSeen());
        o.addProperty("lastProcessedBlock", lag.lastProcessed());
        o.addProperty("lastAnchoredBlock", lastCovered);
        o.addProperty("lagBlocks", lag.lagBlocks());
        o.addProperty("lagSeconds", lag.lagTime(now).toMillis() / 1000.0);
        if (lastProgress != null) {
            o.addProperty("lastProgress", lastProgress.toString());
        }
        if (lastError != null) {
            o.addProperty("lastError", lastError);
            o.addProperty("lastErrorAt", lastErrorAt.toString());
        }
        return new Snapshot(shown, healthy, o);
    }

    private void noteError(final String error) {
        lastError = error;
        lastErrorAt = clock.instant();
    }
}
