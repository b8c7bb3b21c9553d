package org.tmsct.web.api;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.Optional;
import org.tmsct.gateway.config.OrgConnection;
import org.tmsct.web.WebError;
import org.tmsct.web.WebException;
import org.tmsct.web.auth.Sessions;
import org.tmsct.web.auth.Staff;
import org.tmsct.web.page.Viewer;

/**
 * Who is asking: the public, unless the request carries a staff session (the {@value #COOKIE}
 * cookie a browser got at login, or {@code Authorization: Bearer <token>}).
 */
public final class Viewers {

    static final String COOKIE = "tmsct_session";

    private final Sessions sessions;
    private final OrgConnection org;

    public Viewers(final Sessions sessions, final OrgConnection org) {
        this.sessions = sessions;
        this.org = org;
    }

    Optional<Staff> staff(final Context ctx) {
        String token = ctx.cookie(COOKIE);
        String auth = ctx.header("Authorization");
        if (auth != null && auth.startsWith("Bearer ")) {
            token = auth.substring("Bearer ".length()).strip();
        }
        return token == null || token.isEmpty() ? Optional.empty() : sessions.find(token);
    }

    /**
     * Staff of this server's organisation see their own raw data; staff of another organisation see
     * what the public sees (master's shared data), and are told so.
     */
    public Viewer viewer(final Context ctx) {
        return staff(ctx).map(this::viewerOf).orElse(Viewer.PUBLIC);
    }

    Viewer viewerOf(final Staff s) {
        if (s.mspId().equals(org.mspId())) {
            return new Viewer(
                    s.name() + ", " + org.org() + (s.admin() ? " admin" : " staff"),
                    org.org(),
                    s.admin());
        }
        return new Viewer(
                s.name() + ", " + s.mspId() + " (another organisation: public view)", null, false);
    }

    /** The organisation's admin, or 401/403. */
    Viewer requireAdmin(final Context ctx) {
        Staff s =
                staff(ctx)
                        .orElseThrow(
                                () ->
                                        new WebException(
                                                WebError.UNAUTHENTICATED,
                                                "log in with an admin certificate of "
                                                        + org.org()));
        if (!s.admin() || !s.mspId().equals(org.mspId())) {
            throw new WebException(
                    WebError.FORBIDDEN, "operations are for " + org.org() + "'s admins only");
        }
        return viewerOf(s);
    }

    void setCookie(final Context ctx, final String token, final int maxAgeSeconds) {
        // HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it
        ctx.cookie(
                new Cookie(
                        COOKIE,
                        token,
                        "/",
                        maxAgeSeconds,
                        false,
                        0,
                        true,
                        null,
                        null,
                        SameSite.STRICT));
    }
}
