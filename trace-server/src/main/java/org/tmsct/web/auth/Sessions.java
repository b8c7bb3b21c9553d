package org.tmsct.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;

/**
 * Staff sessions in memory, by bearer token. A session lasts {@code ttl} from its opening (not from
 * its last use), and never past its certificate's notAfter. At most {@code maxSessions} are kept:
 * opening one more forgets the oldest. Thread-safe.
 *
 * <p>The map is keyed by the SHA-256 of each token, so a lookup's timing says nothing about valid
 * tokens and the tokens themselves are not kept.
 */
public final class Sessions {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);
    public static final int DEFAULT_MAX_SESSIONS = 10_000;
    private static final int TOKEN_BYTES = 32;

    private record Session(Staff staff, Instant expires) {}

    private final Clock clock;
    private final Duration ttl;
    private final int maxSessions;
    private final SecureRandom random = new SecureRandom();
    private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>();

    public Sessions(final Clock clock, final Duration ttl) {
        this(clock, ttl, DEFAULT_MAX_SESSIONS);
    }

    public Sessions(final Clock clock, final Duration ttl, final int maxSessions) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || ttl.isZero() || maxSessions <= 0) {
            throw new IllegalArgumentException("ttl and maxSessions must be positive");
        }
        this.ttl = ttl;
        this.maxSessions = maxSessions;
    }

    /**
     * Opens a session for {@code staff}.
     *
     * @return its token: 32 random bytes, base64url without padding (43 characters)
     * @throws IllegalArgumentException the certificate has expired already
     */
    public String open(final Staff staff) {
        Objects.requireNonNull(staff, "staff");
        final Instant now = clock.instant();
        final Instant byTtl = now.plus(ttl);
        final Instant expires = staff.certNotAfter().isBefore(byTtl) ? staff.certNotAfter() : byTtl;
        if (!expires.isAfter(now)) {
            throw new IllegalArgumentException("the certificate has expired");
        }
        final byte[] t = new byte[TOKEN_BYTES];
        random.nextBytes(t);
        final String token = Base64.getUrlEncoder().withoutPadding().encodeToString(t);
        synchronized (sessions) {
            purge(now);
            if (sessions.size() >= maxSessions) {
                final Iterator<Session> oldest = sessions.values().iterator();
                oldest.next();
                oldest.remove();
            }
            sessions.put(key(token), new Session(staff, expires));
        }
        return token;
    }

    /** The staff of a live session; empty for an unknown, closed or expired token. */
    public Optional<Staff> find(final String token) {
        if (token == null || token.isEmpty() || token.length() > 256) {
            return Optional.empty();
        }
        final String k = key(token);
        final Instant now = clock.instant();
        synchronized (sessions) {
            final Session s = sessions.get(k);
            if (s == null) {
                return Optional.empty();
            }
            if (!now.isBefore(s.expires())) {
                sessions.remove(k);
                return Optional.empty();
            }
            return Optional.of(s.staff());
        }
    }

    /** Ends a session (logout); an unknown token is ignored. */
    public void close(final String token) {
        if (token == null || token.length() > 256) {
            return;
        }
        final String k = key(token);
        synchronized (sessions) {
            sessions.remove(k);
        }
    }

    /**
     * Ends every session of one member of staff, e.g. once their certificate is revoked: a session
     * opened before the revocation would otherwise last until it expires.
     *
     * @return how many sessions were ended
     */
    public int closeAll(final String mspId, final String name) {
        int n = 0;
        synchronized (sessions) {
            final Iterator<Session> it = sessions.values().iterator();
            while (it.hasNext()) {
                final Staff s = it.next().staff();
                if (s.mspId().equals(mspId) && s.name().equals(name)) {
                    it.remove();
                    n++;
                }
            }
        }
        return n;
    }

    /** Live sessions, expired ones not counted. */
    public int size() {
        synchronized (sessions) {
            purge(clock.instant());
            return sessions.size();
        }
    }

    /** Drops expired sessions (caller holds the lock); linear, but only on open and size. */
    private void purge(final Instant now) {
        // a certificate's notAfter can end a session before an older one: scan them all
        sessions.values().removeIf(s -> !now.isBefore(s.expires()));
    }

    private static String key(final String token) {
        try {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return Base64.getEncoder()
                    .encodeToString(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
