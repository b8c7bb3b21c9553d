package org.tmsct.relay.anchor;

import java.util.HashMap;
import java.util.Map;

/**
 * A simulated kill -9: an Error no relay code catches, thrown at a named point on its n-th pass.
 */
final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash(final String point) {
        super("crash at " + point, null, false, false);
    }

    /** Where and when to crash; each plan fires once. */
    static final class Plan {
        private final String point;
        private final int occurrence;
        private final Map<String, Integer> seen = new HashMap<>();
        private boolean fired;

        Plan(final String point, final int occurrence) {
            this.point = point;
            this.occurrence = occurrence;
        }

        static Plan none() {
            return new Plan("", 0);
        }

        synchronized void hit(final String at) {
            int n = seen.merge(at, 1, Integer::sum);
            if (!fired && at.equals(point) && n == occurrence) {
                fired = true;
                throw new Crash(at);
            }
        }

        synchronized boolean fired() {
            return fired;
        }
    }
}
