package org.tmsct.client.record;

import java.util.concurrent.atomic.AtomicInteger;

/** A one-line progress bar on stderr, redrawn at most four times a second. */
final class Progress {
    private final String label;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final long start = System.nanoTime();
    private volatile long lastDraw;

    Progress(final String label, final int total) {
        this.label = label;
        this.total = total;
    }

    void step() {
        int d = done.incrementAndGet();
        long now = System.nanoTime();
        if (d == total || now - lastDraw > 250_000_000L) {
            lastDraw = now;
            draw(d);
        }
    }

    /** A line of its own above the bar (the bar is redrawn by the next step). */
    synchronized void message(final String text) {
        System.err.print("\r\033[K");
        System.err.println(text);
    }

    private synchronized void draw(final int d) {
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) d * width / total);
        double rate = d / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        System.err.printf(
                "\r%s [%s%s] %d/%d  %.1f/s",
                label, "#".repeat(filled), ".".repeat(width - filled), d, total, rate);
    }

    void done() {
        System.err.println();
    }
}
