package org.tmsct.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.web.auth.TestPki.NOW;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private static final Duration TTL = Duration.ofMinutes(30);
    private static final Staff ALICE =
            new Staff("Org1MSP", "alice", false, NOW.plus(Duration.ofDays(90)));
    private static final Staff ADMIN =
            new Staff("Org1MSP", "Admin", true, NOW.plus(Duration.ofDays(90)));

    private final MutableClock clock = new MutableClock(NOW);
    private final Sessions sessions = new Sessions(clock, TTL);

    @Test
    void openedSessionIsFoundByItsToken() {
        final String a = sessions.open(ALICE);
        final String b = sessions.open(ADMIN);
        assertEquals(Optional.of(ALICE), sessions.find(a));
        assertEquals(Optional.of(ADMIN), sessions.find(b));
        assertNotEquals(a, b);
    }

    @Test
    void tokensAre32RandomBytesInBase64url() {
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            final String t = sessions.open(ALICE);
            assertTrue(t.matches("[A-Za-z0-9_-]{43}"), t);
            assertTrue(seen.add(t));
        }
    }

    @Test
    void unknownTokensFindNothing() {
        sessions.open(ALICE);
        assertEquals(Optional.empty(), sessions.find(null));
        assertEquals(Optional.empty(), sessions.find(""));
        assertEquals(Optional.empty(), sessions.find("nope"));
        assertEquals(Optional.empty(), sessions.find("x".repeat(10_000)));
    }

    @Test
    void sessionExpiresAfterItsTtl() {
        final String t = sessions.open(ALICE);
        clock.advance(TTL.minusMillis(1));
        assertEquals(Optional.of(ALICE), sessions.find(t));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), sessions.find(t));
        // and stays gone if the clock is set back
        clock.set(NOW);
        assertEquals(Optional.empty(), sessions.find(t));
    }

    @Test
    void sessionNeverOutlivesItsCertificate() {
        final Staff shortLived =
                new Staff("Org1MSP", "bob", false, NOW.plus(Duration.ofMinutes(5)));
        final String t = sessions.open(shortLived);
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertEquals(Optional.of(shortLived), sessions.find(t));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), sessions.find(t));

        final Staff expired = new Staff("Org1MSP", "carol", false, clock.instant());
        assertThrows(IllegalArgumentException.class, () -> sessions.open(expired));
    }

    @Test
    void closedSessionIsGone() {
        final String t = sessions.open(ALICE);
        final String other = sessions.open(ALICE);
        sessions.close(t);
        sessions.close(t);
        sessions.close(null);
        assertEquals(Optional.empty(), sessions.find(t));
        assertEquals(Optional.of(ALICE), sessions.find(other));
    }

    @Test
    void closeAllEndsEverySessionOfOnePerson() {
        final String a1 = sessions.open(ALICE);
        final String a2 = sessions.open(ALICE);
        final String admin = sessions.open(ADMIN);
        final String otherOrg =
                sessions.open(new Staff("Org2MSP", "alice", false, NOW.plus(Duration.ofDays(1))));
        assertEquals(2, sessions.closeAll("Org1MSP", "alice"));
        assertEquals(Optional.empty(), sessions.find(a1));
        assertEquals(Optional.empty(), sessions.find(a2));
        assertTrue(sessions.find(admin).isPresent());
        assertTrue(sessions.find(otherOrg).isPresent());
    }

    @Test
    void atTheCapTheOldestSessionGoes() {
        final Sessions capped = new Sessions(clock, TTL, 3);
        final String s1 = capped.open(ALICE);
        clock.advance(Duration.ofSeconds(1));
        final String s2 = capped.open(ALICE);
        final String s3 = capped.open(ADMIN);
        final String s4 = capped.open(ADMIN);
        assertEquals(3, capped.size());
        assertEquals(Optional.empty(), capped.find(s1));
        assertTrue(capped.find(s2).isPresent());
        assertTrue(capped.find(s3).isPresent());
        assertTrue(capped.find(s4).isPresent());
    }

    @Test
    void expiredSessionsDoNotCountAgainstTheCap() {
        final Sessions capped = new Sessions(clock, TTL, 2);
        capped.open(ALICE);
        capped.open(ALICE);
        clock.advance(TTL);
        assertEquals(0, capped.size());
        final String a = capped.open(ALICE);
        final String b = capped.open(ADMIN);
        assertTrue(capped.find(a).isPresent());
        assertTrue(capped.find(b).isPresent());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Sessions(clock, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Sessions(clock, TTL, 0));
    }
}
