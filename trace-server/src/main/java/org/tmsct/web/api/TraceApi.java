package org.tmsct.web.api;

import com.google.gson.JsonObject;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.time.Clock;
import java.time.Duration;
import org.tmsct.web.TraceCodes;
import org.tmsct.web.WebError;
import org.tmsct.web.WebException;
import org.tmsct.web.auth.Sessions;
import org.tmsct.web.auth.Staff;
import org.tmsct.web.auth.StaffLogin;
import org.tmsct.web.page.Viewer;

/**
 * The REST API: JSON in, JSON out, errors as {@link ErrorBody} with the status of their {@link
 * WebError}. The OpenAPI document at {@code /openapi} is generated from the annotations here.
 */
public final class TraceApi {

    private final TraceQueries queries;
    private final Viewers viewers;
    private final StaffLogin login;
    private final Sessions sessions;
    private final AnchoredEvents events;
    private final Operations operations;
    private final Clock clock;
    private final Duration sessionTtl;

    public TraceApi(
            final TraceQueries queries,
            final Viewers viewers,
            final StaffLogin login,
            final Sessions sessions,
            final AnchoredEvents events,
            final Operations operations,
            final Clock clock,
            final Duration sessionTtl) {
        this.queries = queries;
        this.viewers = viewers;
        this.login = login;
        this.sessions = sessions;
        this.events = events;
        this.operations = operations;
        this.clock = clock;
        this.sessionTtl = sessionTtl;
    }

    public void register(final Javalin app) {
        app.get("/api/trace/{tid}", this::trace);
        app.get("/api/trace", this::trace);
        app.get("/api/exists/{tid}", this::exists);
        app.get("/api/exists", this::exists);
        app.get("/api/verify/{tid}", this::verify);
        app.get("/api/verify", this::verify);
        app.get("/api/recall/{tid}", this::recall);
        app.get("/api/recall", this::recall);
        app.post("/api/session", this::openSession);
        app.delete("/api/session", this::closeSession);
        app.get("/api/session", this::whoAmI);
        app.get("/api/admin/operations", this::operations);
        // a bad checkpoint is a 400 before the response turns into an event stream
        app.before(
                "/api/events",
                ctx -> {
                    AnchoredEvents.Checkpoint.parse(
                            ctx.header("Last-Event-ID"),
                            ctx.queryParam("after"),
                            ctx.queryParam("from"));
                    // Javalin streams only to a client that asks for exactly this type
                    if (!AnchoredEvents.TYPE.equals(ctx.header("Accept"))) {
                        throw new WebException(
                                WebError.NOT_ACCEPTABLE,
                                "an event stream: send Accept: " + AnchoredEvents.TYPE);
                    }
                });
        app.sse("/api/events", this::events);
    }

    /** The trace code of a request: the path's {tid}, else ?code= (for codes with a slash). */
    static String tid(final Context ctx) {
        String path = ctx.pathParamMap().get("tid");
        return TraceCodes.check(path != null ? path : ctx.queryParam("code"));
    }

    @OpenApi(
            path = "/api/trace/{tid}",
            methods = HttpMethod.GET,
            operationId = "trace",
            summary = "A product's timeline from master, with its recall status",
            description =
                    "Every anchored stage: organisation, time, shared key data, Hash(D), slave"
                            + " block and master transaction. With upstream=true, also what the"
                            + " product was made of. Staff of this server's organisation also get"
                            + " their own raw records (entries[].raw) and whether they still hash"
                            + " to the chain. A trace code with a slash goes in ?code= on"
                            + " /api/trace instead.",
            tags = "trace",
            pathParams = @OpenApiParam(name = "tid", required = true, description = "trace code"),
            queryParams = @OpenApiParam(name = "upstream", type = Boolean.class),
            responses = {
                @OpenApiResponse(
                        status = "200",
                        content = @OpenApiContent(type = "application/json")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ErrorBody.class))
            })
    void trace(final Context ctx) {
        String tid = tid(ctx);
        Viewer viewer = viewers.viewer(ctx);
        JsonObject trace = queries.chain().trace(tid);
        if ("true".equals(ctx.queryParam("upstream"))) {
            trace.add("upstream", queries.chain().upstream(tid));
        }
        json(ctx, queries.withOwnRaw(trace, viewer));
    }

    @OpenApi(
            path = "/api/exists/{tid}",
            methods = HttpMethod.GET,
            operationId = "exists",
            summary = "Whether a trace code is anchored on master, and in which blocks",
            tags = "trace",
            pathParams = @OpenApiParam(name = "tid", required = true),
            responses = {
                @OpenApiResponse(
                        status = "200",
                        content = @OpenApiContent(type = "application/json")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ErrorBody.class))
            })
    void exists(final Context ctx) {
        json(ctx, queries.chain().exists(tid(ctx)));
    }

    @OpenApi(
            path = "/api/verify/{tid}",
            methods = HttpMethod.GET,
            operationId = "verify",
            summary = "The product's proof bundle",
            description =
                    "A self-contained JSON bundle: the trace, each entry's Merkle path and the"
                            + " anchored roots it names. `tmsct verify --bundle FILE` checks it"
                            + " offline (docs/proof-bundle.md).",
            tags = "trace",
            pathParams = @OpenApiParam(name = "tid", required = true),
            responses = {
                @OpenApiResponse(
                        status = "200",
                        content = @OpenApiContent(type = "application/json")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ErrorBody.class))
            })
    void verify(final Context ctx) {
        String tid = tid(ctx);
        JsonObject bundle = queries.bundle(queries.chain().trace(tid));
        ctx.header(
                "Content-Disposition",
                "attachment; filename=\"proof-"
                        + tid.replaceAll("[^A-Za-z0-9._-]", "_")
                        + ".json\"");
        json(ctx, bundle);
    }

    @OpenApi(
            path = "/api/recall/{tid}",
            methods = HttpMethod.GET,
            operationId = "recall",
            summary = "Everything a lot went into, recursively (bounded)",
            tags = "genealogy",
            pathParams = @OpenApiParam(name = "tid", required = true),
            responses = {
                @OpenApiResponse(
                        status = "200",
                        content = @OpenApiContent(type = "application/json")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ErrorBody.class))
            })
    void recall(final Context ctx) {
        json(ctx, queries.chain().recall(tid(ctx)));
    }

    @OpenApi(
            path = "/api/session",
            methods = HttpMethod.POST,
            operationId = "login",
            summary = "Staff login with an organisation's Fabric certificate",
            description =
                    "Body: {certificate, timestamp, nonce, signature}, the signature made with the"
                            + " certificate's key (docs/trace-server.md, Staff login). Answers a"
                            + " session token, also set as an HttpOnly cookie.",
            tags = "staff",
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(type = "application/json")),
            responses = {
                @OpenApiResponse(
                        status = "200",
                        content = @OpenApiContent(type = "application/json")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ErrorBody.class))
            })
    void openSession(final Context ctx) {
        Staff staff = login.login(ctx.body());
        String token = sessions.open(staff);
        viewers.setCookie(ctx, token, (int) sessionTtl.toSeconds());
        JsonObject out = whoIs(staff);
        out.addProperty("token", token);
        json(ctx, out);
    }

    @OpenApi(
            path = "/api/session",
            methods = HttpMethod.GET,
            operationId = "session",
            summary = "Who the session belongs to",
            tags = "staff",
            responses = {
                @OpenApiResponse(
                        status = "200",
                        content = @OpenApiContent(type = "application/json")),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ErrorBody.class))
            })
    void whoAmI(final Context ctx) {
        Staff staff =
                viewers.staff(ctx)
                        .orElseThrow(
                                () -> new WebException(WebError.UNAUTHENTICATED, "no session"));
        json(ctx, whoIs(staff));
    }

    @OpenApi(
            path = "/api/session",
            methods = HttpMethod.DELETE,
            operationId = "logout",
            summary = "Ends the session",
            tags = "staff",
            responses = @OpenApiResponse(status = "204"))
    void closeSession(final Context ctx) {
        String token = ctx.cookie(Viewers.COOKIE);
        if (token != null) {
            sessions.close(token);
        }
        viewers.setCookie(ctx, "", 0);
        ctx.status(204);
    }

    @OpenApi(
            path = "/api/admin/operations",
            methods = HttpMethod.GET,
            operationId = "operations",
            summary =
                    "For the organisation's admins: relay health and lag, rejected records, devices",
            tags = "staff",
            responses = {
                @OpenApiResponse(
                        status = "200",
                        content = @OpenApiContent(type = "application/json")),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ErrorBody.class))
            })
    void operations(final Context ctx) {
        viewers.requireAdmin(ctx);
        json(ctx, operations.snapshot());
    }

    @OpenApi(
            path = "/api/events",
            methods = HttpMethod.GET,
            operationId = "events",
            summary = "Anchors on master as they commit (Server-Sent Events)",
            description =
                    "Ask with Accept: text/event-stream. Each event's id is its checkpoint <block>:<transaction id>. Resume with the"
                            + " Last-Event-ID header or ?after=<checkpoint>; or start at ?from=<block>."
                            + " Without either, the stream starts at the next block.",
            tags = "events",
            queryParams = {
                @OpenApiParam(name = "after", description = "checkpoint: <block>:<transaction id>"),
                @OpenApiParam(name = "from", type = Long.class, description = "first block")
            },
            responses = {
                @OpenApiResponse(
                        status = "200",
                        content = @OpenApiContent(type = "text/event-stream")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class))
            })
    void events(final SseClient client) {
        Context ctx = client.ctx();
        events.stream(
                client,
                AnchoredEvents.Checkpoint.parse(
                        ctx.header("Last-Event-ID"),
                        ctx.queryParam("after"),
                        ctx.queryParam("from")));
    }

    private JsonObject whoIs(final Staff staff) {
        JsonObject out = new JsonObject();
        out.addProperty("mspId", staff.mspId());
        out.addProperty("name", staff.name());
        out.addProperty("admin", staff.admin());
        out.addProperty("expiresAt", clock.instant().plus(sessionTtl).toString());
        return out;
    }

    static void json(final Context ctx, final JsonObject body) {
        ctx.contentType("application/json").result(body.toString());
    }
}
