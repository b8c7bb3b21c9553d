package org.tmsct.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.openapi.plugin.OpenApiPlugin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.tmsct.gateway.RenewingSession;
import org.tmsct.gateway.config.ConfigException;
import org.tmsct.gateway.config.OrgConnection;
import org.tmsct.offchain.OffchainStore;
import org.tmsct.web.api.AnchoredEvents;
import org.tmsct.web.api.ErrorBody;
import org.tmsct.web.api.Operations;
import org.tmsct.web.api.PageRoutes;
import org.tmsct.web.api.TraceApi;
import org.tmsct.web.api.TraceQueries;
import org.tmsct.web.api.Viewers;
import org.tmsct.web.auth.Sessions;
import org.tmsct.web.auth.StaffLogin;
import org.tmsct.web.auth.TrustedOrgs;
import org.tmsct.web.chain.MasterReader;
import org.tmsct.web.page.Pages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One organisation's trace server: the consumer page, staff views and the REST API, reading the
 * chain through the organisation's gateway with one identity. Started by scripts/trace-servers.sh.
 */
@Command(
        name = "trace-server",
        mixinStandardHelpOptions = true,
        description =
                "Serve one organisation's trace page, staff views and REST API on 127.0.0.1"
                        + " (docs/trace-server.md).")
public final class TraceServer implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TraceServer.class);

    static final Duration SESSION_TTL = Duration.ofMinutes(30);

    static final Duration CRL_RELOAD = Duration.ofSeconds(10);

    @Option(names = "--state-dir", defaultValue = "state", description = "Network state directory.")
    Path stateDir;

    @Option(names = "--org", required = true, description = "The organisation served.")
    String org;

    @Option(
            names = "--identity",
            defaultValue = "user1",
            description = "The organisation's identity the server reads the chain as.")
    String identity;

    @Option(names = "--port", required = true, description = "Port on 127.0.0.1.")
    int port;

    @Option(
            names = "--public-url",
            description = "This server's URL as users reach it (default http://127.0.0.1:<port>).")
    String publicUrl;

    @Option(
            names = "--offchain-url",
            description = "JDBC URL of the organisation's off-chain store (default: as tmsct).")
    String offchainUrl;

    public static void main(final String[] args) {
        // gRPC logs through java.util.logging: route it to the same log as everything else
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(
                new CommandLine(new TraceServer())
                        .setExecutionExceptionHandler(
                                (e, cmd, parsed) -> {
                                    // a broken set-up is one clear line and exit 2, no stack trace
                                    if (e instanceof ConfigException) {
                                        System.err.println("error: " + e.getMessage());
                                        return 2;
                                    }
                                    throw e;
                                })
                        .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        OrgConnection conn = OrgConnection.load(stateDir, org);
        String url = publicUrl != null ? publicUrl : "http://127.0.0.1:" + port;
        Clock clock = Clock.systemUTC();
        RenewingSession session =
                new RenewingSession(
                        conn,
                        identity,
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(3),
                        fp -> LOG.info("identity {} renewed ({})", identity, fp));
        MasterReader chain = new MasterReader(session, conn);
        String storeUrl =
                offchainUrl != null ? offchainUrl : OffchainStore.configuredUrl(stateDir, org);
        TraceQueries queries = new TraceQueries(chain, () -> OffchainStore.open(storeUrl), clock);
        Sessions sessions = new Sessions(clock, SESSION_TTL);
        Viewers viewers = new Viewers(sessions, conn);
        TrustedOrgs trusted = Trust.orgs(stateDir);
        StaffLogin login = new StaffLogin(trusted, url, clock);
        // a revocation reaches logins within this delay, as `tmsct identity revoke` writes the CRL
        ScheduledExecutorService crlCheck =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "crl-reload");
                            t.setDaemon(true);
                            return t;
                        });
        crlCheck.scheduleWithFixedDelay(
                () -> {
                    try {
                        Trust.reloadCrls(trusted, stateDir, OrgConnection.networkOrgs(stateDir));
                    } catch (Exception e) {
                        LOG.warn("CRLs not reloaded: {}", e.getMessage());
                    }
                },
                CRL_RELOAD.toSeconds(),
                CRL_RELOAD.toSeconds(),
                TimeUnit.SECONDS);
        Operations operations =
                new Operations(
                        chain,
                        conn.relayMetrics() == null
                                ? null
                                : "http://" + conn.relayMetrics() + "/health");
        AnchoredEvents events =
                new AnchoredEvents(
                        session.network(conn.masterChannel()), conn.chaincodes().master());

        Javalin app = create();
        new TraceApi(queries, viewers, login, sessions, events, operations, clock, SESSION_TTL)
                .register(app);
        new PageRoutes(
                        queries,
                        viewers,
                        operations,
                        login,
                        sessions,
                        url,
                        (int) SESSION_TTL.toSeconds())
                .register(app);
        errors(app, viewers);
        app.start("127.0.0.1", port);
        LOG.info("trace server of {} listening on {}", org, url);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    app.stop();
                                    crlCheck.shutdownNow();
                                    events.close();
                                    session.close();
                                    stopped.countDown();
                                }));
        stopped.await();
        return 0;
    }

    /** The Javalin app: static assets, OpenAPI document, security headers. */
    static Javalin create() {
        Javalin app =
                Javalin.create(
                        config -> {
                            config.showJavalinBanner = false;
                            config.http.maxRequestSize = 64 * 1024;
                            config.staticFiles.add(
                                    files -> {
                                        files.hostedPath = "/assets";
                                        files.directory = "/web";
                                        files.location = Location.CLASSPATH;
                                    });
                            config.registerPlugin(
                                    new OpenApiPlugin(
                                            openapi ->
                                                    openapi.withDocumentationPath("/openapi")
                                                            .withDefinitionConfiguration(
                                                                    (version, definition) ->
                                                                            definition.withInfo(
                                                                                    info -> {
                                                                                        info
                                                                                                .setTitle(
                                                                                                        "TMSCT trace API");
                                                                                        info
                                                                                                .setVersion(
                                                                                                        "1");
                                                                                    }))));
                        });
        // Everything the page needs comes from this server: the browser refuses anything else.
        app.after(
                ctx -> {
                    ctx.header(
                            "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self';"
                                    + " script-src 'self'; frame-ancestors 'none'; form-action"
                                    + " 'self'");
                    ctx.header("X-Content-Type-Options", "nosniff");
                    ctx.header("Referrer-Policy", "no-referrer");
                });
        return app;
    }

    /** API paths answer JSON errors; pages answer pages a person can act on. */
    static void errors(final Javalin app, final Viewers viewers) {
        app.exception(WebException.class, (e, ctx) -> answer(ctx, e, viewers));
        app.exception(
                Exception.class,
                (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    answer(
                            ctx,
                            new WebException(WebError.INTERNAL, "the server failed; see its log"),
                            viewers);
                });
        app.error(
                404,
                ctx -> {
                    if (ctx.attribute(ANSWERED) != null) {
                        return; // an UNKNOWN_TID or NOT_FOUND answer of ours is already written
                    }
                    answer(
                            ctx,
                            new WebException(
                                    WebError.NOT_FOUND,
                                    isApi(ctx) ? "no such endpoint" : "no such page"),
                            viewers);
                });
    }

    /** The error's status, and JSON on API paths or a page a person can act on elsewhere. */
    private static void answer(final Context ctx, final WebException e, final Viewers viewers) {
        ctx.status(e.error.status);
        if (isApi(ctx)) {
            json(ctx, new ErrorBody(e.error, e.getMessage()));
        } else {
            page(ctx, e, viewers);
        }
    }

    private static boolean isApi(final Context ctx) {
        return ctx.path().startsWith("/api/") || ctx.path().equals("/api");
    }

    /** Set on a request whose error answer this server wrote itself. */
    private static final String ANSWERED = "tmsct.answered";

    private static void json(final Context ctx, final ErrorBody body) {
        ctx.attribute(ANSWERED, true);
        ctx.contentType("application/json").result(body.toJson());
    }

    private static void page(final Context ctx, final WebException e, final Viewers viewers) {
        ctx.attribute(ANSWERED, true);
        var viewer = viewers.viewer(ctx);
        String html =
                switch (e.error) {
                    case UNKNOWN_TID -> Pages.unknown(askedCode(ctx), viewer);
                    case BAD_TRACE_CODE, BAD_REQUEST ->
                            Pages.message(400, "That is not a trace code", e.getMessage(), viewer);
                    case UNAUTHENTICATED ->
                            Pages.message(
                                    401,
                                    "Staff only",
                                    e.getMessage() + ". Log in at /login with your certificate.",
                                    viewer);
                    case FORBIDDEN -> Pages.message(403, "Not for you", e.getMessage(), viewer);
                    case NETWORK_UNAVAILABLE ->
                            Pages.message(
                                    503,
                                    "The network is not answering",
                                    "The trace could not be read just now. Please try again in a moment.",
                                    viewer);
                    case NOT_FOUND ->
                            Pages.message(404, "Not found", "There is no such page here.", viewer);
                    default ->
                            Pages.message(
                                    e.error.status, "Something went wrong", e.getMessage(), viewer);
                };
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    /** The code a page asked for, for the unknown-code page. */
    private static String askedCode(final Context ctx) {
        String code = ctx.queryParam("code");
        return code != null ? code : ctx.path();
    }
}
