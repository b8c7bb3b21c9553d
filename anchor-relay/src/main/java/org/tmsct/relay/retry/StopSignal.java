package org.tmsct.relay.retry;

import java.time.Duration;

/**
 * The relay's stop request (SIGTERM) and its only way to wait: every wait (backoff, rejection
 * retry) ends as soon as a stop is requested, so shutdown never waits out a backoff.
 */
public interface StopSignal {

    boolean stopRequested();

    /**
     * Waits up to {@code duration}; returns false if a stop was requested (before or during the
     * wait).
     */
    boolean pause(Duration duration);

    /** A signal backed by a monitor: {@link #requestStop()} wakes every waiting thread. */
    final class Latch implements StopSignal {
        private boolean stopped;

        public synchronized void requestStop() {
            stopped = true;
            notifyAll();
        }

        @Override
        public synchronized boolean stopRequested() {
            return stopped;
        }

        @Override
        public synchronized boolean pause(final Duration duration) {
            long deadline = System.nanoTime() + duration.toNanos();
            try {
                while (!stopped) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return true;
                    }
                    long millis = left / 1_000_000;
                    wait(millis, (int) (left % 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return false;
        }
    }
}
