package org.tmsct.client.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.tmsct.gateway.FabricSession;
import org.tmsct.gateway.RenewingSession;
import org.tmsct.gateway.config.OrgConnection;
import org.tmsct.gateway.observe.MetricsServer;
import org.tmsct.mirror.MirrorDb;
import org.tmsct.mirror.MirrorStore;
import org.tmsct.mirror.MirrorVerifier;
import org.tmsct.mirror.MirrorVerifier.AnchorCheck;
import org.tmsct.mirror.MirrorVerifier.Report;
import org.tmsct.mirror.MirrorVerifier.RowProblem;
import org.tmsct.mirror.blocks.MasterBlockRows;
import org.tmsct.mirror.blocks.OffchainRaw;
import org.tmsct.mirror.blocks.SlaveBlockRows;
import org.tmsct.mirror.follow.ChannelFollower;
import org.tmsct.mirror.follow.GatewayBlocks;
import org.tmsct.mirror.follow.LagProbe;
import org.tmsct.mirror.follow.MasterRoots;
import org.tmsct.mirror.follow.MirrorDaemon;
import org.tmsct.mirror.follow.MirrorMetrics;
import org.tmsct.mirror.query.DocumentedQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "mirror",
        mixinStandardHelpOptions = true,
        subcommands = {
            MirrorCommand.Wait.class,
            MirrorCommand.Query.class,
            MirrorCommand.Verify.class,
            MirrorCommand.Lag.class
        },
        description = {
            "Keep a relational mirror of the master channel and the organisation's slave channel"
                    + " (H2 by default, MariaDB or PostgreSQL), block by block from its checkpoint,"
                    + " until interrupted. See docs/sql.md.",
            "Exit codes: 0 stopped, 1 halted (a gap, a fork or an unreadable block), 3 set-up."
        })
final class MirrorCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Option(
            names = "--mirror-url",
            description =
                    "JDBC URL of the mirror (default: <state>/orgs/<org>/mirror.url if present,"
                            + " else an H2 file under <state>/mirror/<org>/).")
    String mirrorUrl;

    @Option(
            names = "--metrics",
            description =
                    "host:port for /metrics and /health (default: none; scripts/mirror.sh gives"
                            + " the port topology.sh assigns).")
    String metrics;

    @Option(
            names = "--retry-delay",
            defaultValue = "2",
            description =
                    "Seconds to wait before a lost block stream or an unreachable database is tried"
                            + " again (default: ${DEFAULT-VALUE}).")
    long retryDelaySeconds;

    @Option(
            names = "--no-raw",
            description = "Do not join the organisation's raw records from its off-chain store.")
    boolean noRaw;

    @Override
    public Integer call() throws Exception {
        OrgConnection conn = root.orgConnection();
        MirrorDb db = open(null);
        MirrorMetrics observed = new MirrorMetrics(Clock.systemUTC());
        MetricsServer server =
                metrics == null
                        ? null
                        : MetricsServer.start(
                                MetricsServer.address(metrics),
                                observed.registry(),
                                observed::health,
                                "mirror-http");
        SlaveBlockRows.RawSource raw =
                noRaw ? records -> List.of() : new OffchainRaw(root.offchainStoreUrl());
        Duration retry = Duration.ofSeconds(Math.max(1, retryDelaySeconds));
        try (RenewingSession session =
                        new RenewingSession(
                                conn,
                                root.identity,
                                Duration.ofSeconds(5),
                                Duration.ofMinutes(3),
                                fp -> System.err.println("identity renewed (" + fp + ")"));
                // a store (a connection) per channel: the two followers commit independently
                MirrorStore masterStore = new MirrorStore(db);
                MirrorStore slaveStore = new MirrorStore(db)) {
            String master = conn.masterChannel();
            String slave = conn.slaveChannel();
            MasterBlockRows masterRows = new MasterBlockRows(master, conn.chaincodes().master());
            SlaveBlockRows slaveRows = new SlaveBlockRows(slave, conn.chaincodes().slave(), raw);
            MirrorDaemon daemon =
                    new MirrorDaemon(
                            List.of(
                                    new ChannelFollower(
                                            master,
                                            GatewayBlocks.of(() -> session.network(master)),
                                            masterRows::rows,
                                            masterStore,
                                            observed,
                                            retry),
                                    new ChannelFollower(
                                            slave,
                                            GatewayBlocks.of(() -> session.network(slave)),
                                            slaveRows::rows,
                                            slaveStore,
                                            observed,
                                            retry)));
            Runtime.getRuntime().addShutdownHook(new Thread(daemon::stop, "mirror-shutdown"));
            System.err.println(
                    "mirror of "
                            + master
                            + " and "
                            + slave
                            + " in "
                            + db.url()
                            + (server == null ? "" : "; /metrics and /health on " + metrics)
                            + " (Ctrl-C to stop)");
            try {
                daemon.run();
            } catch (ChannelFollower.HaltException e) {
                System.err.println("error: the mirror halted: " + e.getMessage());
                return TmsctCli.EXIT_FAILED;
            }
            return 0;
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * The mirror to use: {@code own} (a subcommand's --mirror-url), else the --mirror-url given
     * before the subcommand, else the organisation's configured mirror.
     */
    MirrorDb open(String own) throws SQLException {
        String given = own != null ? own : mirrorUrl;
        return MirrorDb.open(
                given != null && !given.isBlank()
                        ? given
                        : MirrorDb.configuredUrl(root.stateDir, root.orgName()));
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Recompute each anchor's Merkle root from the mirror's rows and compare it with"
                        + " master's; for an anchor that differs, name each row and column that"
                        + " differs from master's entry.",
                "Exit codes: 0 every anchor matches, 1 something differs, 3 set-up."
            })
    static final class Verify implements Callable<Integer> {

        @ParentCommand MirrorCommand mirror;

        @Option(names = "--mirror-url", description = "JDBC URL of the mirror (as for mirror).")
        String mirrorUrl;

        @Option(names = "--chain", description = "Check only this slave chain's anchors.")
        String chain;

        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            TmsctCli root = mirror.root;
            MirrorDb db = mirror.open(mirrorUrl);
            Report report;
            try (FabricSession session = root.connect()) {
                MasterRoots master = new MasterRoots(session::masterContract);
                MirrorVerifier verifier = new MirrorVerifier(db, master, master);
                report = chain == null ? verifier.verifyAll() : verifier.verifyChain(chain);
            }
            if (json) {
                System.out.println(toJson(report));
            } else {
                print(report);
            }
            return report.ok() ? 0 : TmsctCli.EXIT_FAILED;
        }

        private static void print(Report report) {
            long entries = report.anchors().stream().mapToLong(AnchorCheck::rows).sum();
            for (AnchorCheck a : report.failed()) {
                System.out.printf(
                        "%s block %d: %s (rows %d, master entries %d)%n",
                        a.slaveChainId(), a.blockNumber(), a.status(), a.rows(), a.entryCount());
                a.problems().forEach(p -> System.out.println("  " + p));
                for (RowProblem r : a.rowProblems()) {
                    System.out.printf(
                            "  row stage_entries %s%s: %s%n",
                            r.slaveTxId(),
                            r.column() == null ? "" : " column " + r.column(),
                            r.detail());
                }
            }
            System.out.printf(
                    "%d anchors, %d entries checked against master: %s%n",
                    report.anchors().size(),
                    entries,
                    report.ok() ? "the mirror matches" : report.failed().size() + " differ");
        }

        private static JsonObject toJson(Report report) {
            JsonArray failed = new JsonArray();
            for (AnchorCheck a : report.failed()) {
                JsonObject o = new JsonObject();
                o.addProperty("slaveChainId", a.slaveChainId());
                o.addProperty("blockNumber", a.blockNumber());
                o.addProperty("status", a.status().name());
                o.addProperty("storedRoot", a.storedRoot());
                o.addProperty("computedRoot", a.computedRoot());
                o.addProperty("networkRoot", a.networkRoot());
                JsonArray problems = new JsonArray();
                a.problems().forEach(problems::add);
                o.add("problems", problems);
                JsonArray rows = new JsonArray();
                for (RowProblem r : a.rowProblems()) {
                    JsonObject row = new JsonObject();
                    row.addProperty("slaveTxId", r.slaveTxId());
                    row.addProperty("column", r.column());
                    row.addProperty("detail", r.detail());
                    rows.add(row);
                }
                o.add("rows", rows);
                failed.add(o);
            }
            JsonObject out = new JsonObject();
            out.addProperty("ok", report.ok());
            out.addProperty("anchors", report.anchors().size());
            out.addProperty(
                    "entries", report.anchors().stream().mapToLong(AnchorCheck::rows).sum());
            out.add("failed", failed);
            return out;
        }
    }

    @Command(
            name = "lag",
            mixinStandardHelpOptions = true,
            description = {
                "Measure a running mirror's lag: for each master block committed during the run,"
                        + " the time from its delivery to this command to the moment the mirror's"
                        + " tables show it (checkpoint polled every --poll-ms). Prints p50, p95,"
                        + " p99 and the maximum, over blocks with trace entries and over all.",
                "Exit codes: 0 measured, 1 a block never became visible, 3 set-up."
            })
    static final class Lag implements Callable<Integer> {

        @ParentCommand MirrorCommand mirror;

        @Option(names = "--mirror-url", description = "JDBC URL of the mirror (as for mirror).")
        String mirrorUrl;

        @Option(
                names = "--seconds",
                defaultValue = "60",
                description = "How long to watch new blocks (default: ${DEFAULT-VALUE}).")
        long seconds;

        @Option(
                names = "--poll-ms",
                defaultValue = "5",
                description =
                        "How often the mirror's checkpoint is read (default: ${DEFAULT-VALUE}).")
        long pollMillis;

        @Option(
                names = "--drain",
                defaultValue = "60",
                description =
                        "Seconds to wait after the run for the last blocks to show (default:"
                                + " ${DEFAULT-VALUE}).")
        long drainSeconds;

        @Option(names = "--out", description = "Also write the report, with every block, as JSON.")
        Path out;

        @Override
        public Integer call() throws Exception {
            TmsctCli root = mirror.root;
            MirrorDb db = mirror.open(mirrorUrl);
            JsonObject report;
            try (FabricSession session = root.connect()) {
                String master = session.org().masterChannel();
                MasterBlockRows rows =
                        new MasterBlockRows(master, session.org().chaincodes().master());
                System.err.println(
                        "watching "
                                + master
                                + " for "
                                + seconds
                                + " s; the mirror "
                                + db.url()
                                + " is polled every "
                                + pollMillis
                                + " ms");
                LagProbe probe = new LagProbe(db, master, pollMillis);
                report =
                        LagProbe.report(
                                probe.run(
                                        GatewayBlocks.fromNext(session.network(master)),
                                        b -> rows.rows(b).stageEntries().size(),
                                        seconds,
                                        drainSeconds));
            }
            if (out != null) {
                Files.writeString(out, report + "\n");
            }
            for (String kind : List.of("blocksWithEntries", "allBlocks")) {
                JsonObject k = report.getAsJsonObject(kind);
                System.out.printf(
                        "%s: %d blocks, %d entries; lag ms p50 %s, p95 %s, p99 %s, max %s%n",
                        kind,
                        k.get("blocks").getAsInt(),
                        k.get("entries").getAsInt(),
                        k.has("p50Ms") ? k.get("p50Ms").getAsString() : "-",
                        k.has("p95Ms") ? k.get("p95Ms").getAsString() : "-",
                        k.has("p99Ms") ? k.get("p99Ms").getAsString() : "-",
                        k.has("maxMs") ? k.get("maxMs").getAsString() : "-");
            }
            long missing = report.get("notVisible").getAsLong();
            if (missing > 0) {
                System.out.println(missing + " blocks did not show in the mirror");
                return TmsctCli.EXIT_FAILED;
            }
            return 0;
        }
    }

    @Command(
            name = "wait",
            mixinStandardHelpOptions = true,
            description = {
                "Wait until the mirror has applied every block master and the organisation's slave"
                        + " channel hold now (their heights read from the organisation's peer).",
                "Exit codes: 0 caught up, 1 not within --timeout, 3 set-up."
            })
    static final class Wait implements Callable<Integer> {

        @ParentCommand MirrorCommand mirror;

        @Option(names = "--mirror-url", description = "JDBC URL of the mirror (as for mirror).")
        String mirrorUrl;

        @Option(
                names = "--timeout",
                defaultValue = "120",
                description = "Seconds to wait at most (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            TmsctCli root = mirror.root;
            MirrorDb db = mirror.open(mirrorUrl);
            java.util.Map<String, Long> tips = new java.util.LinkedHashMap<>();
            try (FabricSession session = root.connect()) {
                for (String channel :
                        List.of(session.org().masterChannel(), session.org().slaveChannel())) {
                    tips.put(channel, session.height(channel) - 1);
                }
            }
            long deadline = System.currentTimeMillis() + timeoutSeconds * 1000;
            try (MirrorStore store = new MirrorStore(db)) {
                while (true) {
                    java.util.Map<String, Long> at = new java.util.LinkedHashMap<>();
                    boolean done = true;
                    for (String channel : tips.keySet()) {
                        long n =
                                store.checkpoint(channel)
                                        .map(MirrorStore.Checkpoint::blockNumber)
                                        .orElse(-1L);
                        at.put(channel, n);
                        done &= n >= tips.get(channel);
                    }
                    if (done) {
                        System.out.println("the mirror has applied " + at);
                        return 0;
                    }
                    if (System.currentTimeMillis() > deadline) {
                        System.out.println(
                                "the mirror stands at " + at + ", the ledgers at " + tips);
                        return TmsctCli.EXIT_FAILED;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    @Command(
            name = "query",
            mixinStandardHelpOptions = true,
            description = {
                "Run one of the queries of docs/sql.md against the mirror, as written there;"
                        + " without a name, list them. Parameters fill the query's ? in order; one"
                        + " that looks like a number is bound as a number (prefix s: to bind it as"
                        + " text).",
                "Exit codes: 0 ran, 2 unknown query or wrong number of parameters, 3 set-up."
            })
    static final class Query implements Callable<Integer> {

        @ParentCommand MirrorCommand mirror;

        @Option(names = "--mirror-url", description = "JDBC URL of the mirror (as for mirror).")
        String mirrorUrl;

        @Option(names = "--json", description = "Print the rows as a JSON array of objects.")
        boolean json;

        @picocli.CommandLine.Parameters(
                index = "0",
                arity = "0..1",
                description = "The query's name (-- query: <name> in docs/sql.md).")
        String name;

        @picocli.CommandLine.Parameters(
                index = "1..*",
                arity = "0..*",
                description = "Its parameters, in order.")
        List<String> parameters = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            List<DocumentedQuery> queries = DocumentedQuery.bundled();
            if (name == null) {
                for (DocumentedQuery q : queries) {
                    System.out.println(q.name() + " (" + q.placeholders() + " parameters)");
                }
                return 0;
            }
            DocumentedQuery query =
                    queries.stream()
                            .filter(q -> q.name().equals(name))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "no query '"
                                                            + name
                                                            + "' in docs/sql.md (run 'tmsct mirror"
                                                            + " query' for the list)"));
            // run() refuses a wrong number of parameters (IllegalArgumentException, exit 2)
            DocumentedQuery.Result result =
                    query.run(mirror.open(mirrorUrl), DocumentedQuery.bind(parameters));
            if (json) {
                System.out.println(result.toJson());
            } else {
                System.out.println(String.join("\t", result.columns()));
                for (List<String> row : result.rows()) {
                    System.out.println(String.join("\t", row));
                }
                System.err.println(result.rows().size() + " rows");
            }
            return 0;
        }
    }
}
