package org.tmsct.web.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.tmsct.core.genealogy.LotLinks;
import org.tmsct.web.TraceCodes;
import org.tmsct.web.WebError;
import org.tmsct.web.WebException;
import org.tmsct.web.auth.Sessions;
import org.tmsct.web.auth.Staff;
import org.tmsct.web.auth.StaffLogin;
import org.tmsct.web.page.Pages;
import org.tmsct.web.page.Viewer;

/**
 * The server-rendered pages: search, a product's page (also at its GS1 Digital Link path), the
 * proof of one entry, staff login and the admin's operations view.
 */
public final class PageRoutes {

    private final TraceQueries queries;
    private final Viewers viewers;
    private final Operations operations;
    private final StaffLogin login;
    private final Sessions sessions;
    private final String publicUrl;
    private final int sessionSeconds;

    public PageRoutes(
            final TraceQueries queries,
            final Viewers viewers,
            final Operations operations,
            final StaffLogin login,
            final Sessions sessions,
            final String publicUrl,
            final int sessionSeconds) {
        this.queries = queries;
        this.viewers = viewers;
        this.operations = operations;
        this.login = login;
        this.sessions = sessions;
        this.publicUrl = publicUrl;
        this.sessionSeconds = sessionSeconds;
    }

    public void register(final Javalin app) {
        app.get("/", ctx -> html(ctx, Pages.home(viewers.viewer(ctx))));
        app.get("/trace", this::tracePage);
        app.get("/01/{gtin}/10/{lot}", ctx -> digitalLink(ctx, "10", ctx.pathParam("lot")));
        app.get("/01/{gtin}/21/{serial}", ctx -> digitalLink(ctx, "21", ctx.pathParam("serial")));
        app.get("/proof", this::proofPage);
        app.get("/admin", this::adminPage);
        app.get("/login", ctx -> html(ctx, Pages.login(viewers.viewer(ctx), null)));
        app.post("/login", this::loginForm);
    }

    private void tracePage(final Context ctx) {
        String code = ctx.queryParam("code");
        if (code == null || code.isBlank()) {
            html(ctx, Pages.home(viewers.viewer(ctx)));
            return;
        }
        String tid = TraceCodes.check(code);
        render(ctx, tid, TraceCodes.pageUrl(publicUrl, tid));
    }

    private void digitalLink(final Context ctx, final String ai, final String value) {
        String tid =
                TraceCodes.fromDigitalLink("01/" + ctx.pathParam("gtin") + "/" + ai + "/" + value);
        render(ctx, tid, TraceCodes.pageUrl(publicUrl, tid));
    }

    private void render(final Context ctx, final String tid, final String pageUrl) {
        Viewer viewer = viewers.viewer(ctx);
        JsonObject trace = queries.chain().trace(tid);
        // only a product whose records name lots it was made of has a tree to walk
        JsonObject upstream = hasLinks(trace) ? queries.chain().upstream(tid) : null;
        html(
                ctx,
                Pages.trace(
                        trace,
                        queries.checks(trace, viewer),
                        upstream == null || upstream.getAsJsonArray("lots").isEmpty()
                                ? null
                                : upstream,
                        pageUrl,
                        viewer));
    }

    static boolean hasLinks(final JsonObject trace) {
        for (JsonElement el : trace.getAsJsonArray("entries")) {
            JsonElement keyData = el.getAsJsonObject().get("keyData");
            if (keyData != null
                    && keyData.isJsonObject()
                    && (keyData.getAsJsonObject().has(LotLinks.INPUTS)
                            || keyData.getAsJsonObject().has(LotLinks.CHILDREN))) {
                return true;
            }
        }
        return false;
    }

    private void proofPage(final Context ctx) {
        String tid = TraceCodes.check(ctx.queryParam("code"));
        long seq;
        try {
            seq = Long.parseLong(String.valueOf(ctx.queryParam("seq")));
        } catch (NumberFormatException e) {
            throw new WebException(WebError.BAD_REQUEST, "seq must be an entry's number");
        }
        JsonObject trace = queries.chain().trace(tid);
        for (JsonElement el : trace.getAsJsonArray("entries")) {
            JsonObject entry = el.getAsJsonObject();
            if (entry.get("seq").getAsLong() == seq) {
                boolean verified =
                        queries.checks(trace, Viewer.PUBLIC)
                                .get(entry.get("slaveTxId").getAsString())
                                .verified();
                html(
                        ctx,
                        Pages.proof(
                                entry,
                                queries.chain().proof(entry),
                                verified,
                                tid,
                                viewers.viewer(ctx)));
                return;
            }
        }
        throw new WebException(WebError.NOT_FOUND, tid + " has no entry " + seq);
    }

    private void adminPage(final Context ctx) {
        Viewer viewer = viewers.requireAdmin(ctx);
        JsonObject ops = operations.snapshot();
        html(
                ctx,
                Pages.admin(
                        viewer,
                        ops.get("org").getAsString(),
                        ops.getAsJsonObject("relay"),
                        ops.getAsJsonArray("rejected"),
                        ops.getAsJsonArray("devices")));
    }

    /** The login form posts the signed login JSON `tmsct web-login` prints. */
    private void loginForm(final Context ctx) {
        String body = ctx.formParam("login");
        Staff staff;
        try {
            staff = login.login(body == null ? "" : body);
        } catch (WebException e) {
            ctx.status(e.error.status);
            html(ctx, Pages.login(viewers.viewer(ctx), e.error.name() + ": " + e.getMessage()));
            return;
        }
        viewers.setCookie(ctx, sessions.open(staff), sessionSeconds);
        ctx.redirect(staff.admin() ? "/admin" : "/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    static void html(final Context ctx, final String page) {
        ctx.contentType("text/html; charset=utf-8").result(page);
    }
}
