package org.tmsct.relay;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.tmsct.gateway.RenewingSession;
import org.tmsct.gateway.config.ConfigException;
import org.tmsct.gateway.config.OrgConnection;
import org.tmsct.gateway.observe.MetricsServer;
import org.tmsct.relay.anchor.AnchorRelay;
import org.tmsct.relay.chain.SlaveChain;
import org.tmsct.relay.checkpoint.CheckpointFile;
import org.tmsct.relay.checkpoint.CheckpointStore;
import org.tmsct.relay.fabric.FabricMasterChain;
import org.tmsct.relay.fabric.FabricSlaveChain;
import org.tmsct.relay.observe.RelayHealth;
import org.tmsct.relay.observe.RelayLog;
import org.tmsct.relay.observe.RelayMetrics;
import org.tmsct.relay.retry.Backoff;
import org.tmsct.relay.retry.StopSignal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The anchor-relay daemon: one process per slave channel, with the relay identity of the
 * organisation that owns the channel. Runs until SIGTERM.
 */
@Command(
        name = "anchor-relay",
        mixinStandardHelpOptions = true,
        version = "anchor-relay 0.1.0",
        sortOptions = false,
        description = {
            "Anchors every block of one slave channel on the master channel, exactly once, and confirms each "
                    + "anchor back on the slave channel. Stops cleanly on SIGTERM.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped by SIGTERM/SIGINT",
            "2:bad usage",
            "3:local configuration (connection file, identity, port)"
        })
public final class RelayMain implements Callable<Integer> {

    static final int CONFIG_ERROR = 3;

    @Option(
            names = "--state-dir",
            defaultValue = "${env:TMSCT_STATE:-state}",
            paramLabel = "DIR",
            description =
                    "Network state directory holding orgs/<org>/connection.json (env TMSCT_STATE; default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(
            names = "--org",
            defaultValue = "${env:TMSCT_ORG}",
            paramLabel = "ORG",
            description =
                    "Organisation whose slave channel this relay serves, e.g. RawMaterialOrg (env TMSCT_ORG).")
    String org;

    @Option(
            names = "--connection",
            paramLabel = "FILE",
            description =
                    "Connection file to use instead of <state-dir>/orgs/<org>/connection.json.")
    Path connectionFile;

    @Option(
            names = "--identity",
            defaultValue = "relay",
            paramLabel = "NAME",
            description =
                    "Identity from the connection file; it needs attribute tmsct.role=relay (default: ${DEFAULT-VALUE}).")
    String identity;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Name of this relay instance in logs and metrics (default: relay-<org>).")
    String name;

    @Option(
            names = "--metrics",
            defaultValue = "${env:TMSCT_RELAY_METRICS}",
            paramLabel = "HOST:PORT|off",
            description =
                    "Where /health and /metrics listen (env TMSCT_RELAY_METRICS; default: relayMetrics of the connection file).")
    String metricsAddress;

    @Option(
            names = "--checkpoint",
            paramLabel = "FILE",
            description =
                    "Local checkpoint file (default: <state-dir>/data/<name>/checkpoint.json); 'off' keeps none.")
    String checkpoint;

    @Option(
            names = "--product-type",
            defaultValue = "default",
            paramLabel = "TYPE",
            description = "Process (product type) the anchors are for (default: ${DEFAULT-VALUE}).")
    String productType;

    @Option(
            names = "--first-block",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "First slave block of the first anchor, used only while the master has no anchor of the chain "
                            + "(default: ${DEFAULT-VALUE}, the genesis block, so every block is covered).")
    long firstBlock;

    @Option(
            names = "--backoff-initial",
            defaultValue = "250ms",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "First wait after a transient failure; doubles per attempt (default: ${DEFAULT-VALUE}).")
    Duration backoffInitial;

    @Option(
            names = "--backoff-max",
            defaultValue = "10s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "Longest wait between retries of a transient failure (default: ${DEFAULT-VALUE}).")
    Duration backoffMax;

    @Option(
            names = "--rejection-retry",
            defaultValue = "15s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "Wait before trying again a request the contract refused (default: ${DEFAULT-VALUE}).")
    Duration rejectionRetry;

    @Option(
            names = "--renewal-check",
            defaultValue = "5s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "How often the identity's certificate file is compared with the one in use; a renewed"
                            + " certificate ('tmsct identity renew') is taken up without a restart (default: ${DEFAULT-VALUE}).")
    Duration renewalCheck;

    /**
     * A replaced session stays open this long, past the longest commit wait of a call under way.
     */
    private static final Duration RENEWAL_GRACE = Duration.ofMinutes(3);

    @Option(
            names = "--stall-after",
            defaultValue = "60s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "A transient failure lasting longer makes /health answer 503 'stalled' (default: ${DEFAULT-VALUE}).")
    Duration stallAfter;

    @Option(
            names = "--shutdown-grace",
            defaultValue = "7s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "On SIGTERM, time to finish the current block before abandoning it (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @Option(
            names = "--height-poll",
            defaultValue = "2s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "How often the slave channel's height is read for the lag metrics (default: ${DEFAULT-VALUE}).")
    Duration heightPoll;

    @Option(
            names = "--recover-depth",
            defaultValue = "64",
            paramLabel = "N",
            description =
                    "On start-up, how many of the latest anchors to check for missing confirmations (default: ${DEFAULT-VALUE}).")
    int recoverDepth;

    @Option(
            names = "--max-batch-records",
            defaultValue = "" + AnchorRelay.Settings.DEFAULT_MAX_BATCH_RECORDS,
            paramLabel = "N",
            description =
                    "At most this many records in one AnchorBlock; the relay gathers every slave block that arrived while the previous anchor was committing (default: ${DEFAULT-VALUE}).")
    int maxBatchRecords;

    @Option(
            names = "--max-batch-bytes",
            defaultValue = "" + AnchorRelay.Settings.DEFAULT_MAX_BATCH_BYTES,
            paramLabel = "BYTES",
            description =
                    "At most about this many bytes of entries and device attestations in one AnchorBlock (default: ${DEFAULT-VALUE}).")
    long maxBatchBytes;

    @Option(
            names = "--log-level",
            defaultValue = "INFO",
            paramLabel = "LEVEL",
            description = "DEBUG, INFO, WARN or ERROR (default: ${DEFAULT-VALUE}).")
    Level logLevel;

    public static void main(final String[] args) {
        RelayLog.bridgeJavaUtilLogging();
        RelayMain main = new RelayMain();
        int code = new CommandLine(main).execute(args);
        if (!main.stoppedBySignal) {
            System.exit(code);
        }
        // Stopped by a signal: the JVM is already shutting down; System.exit here would block.
    }

    private volatile boolean stoppedBySignal;

    @Override
    public Integer call() {
        if (org == null && connectionFile == null) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "give --org (or TMSCT_ORG) or --connection");
        }
        if (maxBatchRecords < 1 || maxBatchBytes < 1) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--max-batch-records and --max-batch-bytes must be at least 1");
        }
        OrgConnection conn;
        try {
            conn =
                    connectionFile != null
                            ? OrgConnection.read(connectionFile)
                            : OrgConnection.load(stateDir, org);
        } catch (ConfigException e) {
            System.err.println("anchor-relay: " + e.getMessage());
            return CONFIG_ERROR;
        }
        String relayName = name != null ? name : "relay-" + conn.org();
        Clock clock = Clock.systemUTC();
        RelayLog.level(logLevel);
        RelayLog.context(relayName, conn.slaveChannel());
        Logger log = LoggerFactory.getLogger(AnchorRelay.class);
        RelayHealth health = new RelayHealth(clock, stallAfter);
        RelayMetrics metrics = new RelayMetrics(conn.slaveChannel(), relayName, clock, health);
        JvmMetrics.builder().register(metrics.registry());

        MetricsServer server = null;
        String address =
                metricsAddress == null || metricsAddress.isBlank()
                        ? conn.relayMetrics()
                        : metricsAddress;
        if (address != null && !address.isBlank() && !"off".equalsIgnoreCase(address)) {
            try {
                server = metrics.serve(MetricsServer.address(address));
            } catch (IOException | IllegalArgumentException e) {
                System.err.println(
                        "anchor-relay: cannot listen on "
                                + address
                                + " for /health and /metrics: "
                                + e.getMessage());
                return CONFIG_ERROR;
            }
        }
        CheckpointFile checkpointFile =
                "off".equalsIgnoreCase(checkpoint)
                        ? null
                        : new CheckpointFile(
                                checkpoint != null
                                        ? Path.of(checkpoint)
                                        : stateDir.resolve("data")
                                                .resolve(relayName)
                                                .resolve("checkpoint.json"));

        RenewingSession session;
        try {
            session =
                    new RenewingSession(
                            conn,
                            identity,
                            renewalCheck,
                            RENEWAL_GRACE,
                            fingerprint ->
                                    log.atInfo()
                                            .setMessage("identity-renewed")
                                            .addKeyValue("identity", identity)
                                            .addKeyValue("certificateSha256", fingerprint)
                                            .log());
        } catch (ConfigException e) {
            System.err.println("anchor-relay: " + e.getMessage());
            if (server != null) {
                server.close();
            }
            return CONFIG_ERROR;
        }
        String peer = conn.peer().endpoint();
        FabricMasterChain master =
                new FabricMasterChain(
                        () -> session.network(conn.masterChannel()),
                        conn.chaincodes().master(),
                        peer);
        SlaveChain slave =
                new FabricSlaveChain(
                        () -> session.network(conn.slaveChannel()),
                        conn.chaincodes().slave(),
                        peer);
        StopSignal.Latch stop = new StopSignal.Latch();
        AnchorRelay relay =
                new AnchorRelay(
                        new AnchorRelay.Settings(
                                conn.slaveChannel(),
                                productType,
                                firstBlock,
                                new Backoff(backoffInitial, backoffMax),
                                rejectionRetry,
                                recoverDepth,
                                maxBatchRecords,
                                maxBatchBytes),
                        master,
                        slave,
                        checkpointFile == null ? CheckpointStore.NONE : checkpointFile,
                        metrics,
                        health,
                        log,
                        stop,
                        clock);

        ScheduledExecutorService probe =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "relay-height-probe");
                            t.setDaemon(true);
                            return t;
                        });
        probe.scheduleWithFixedDelay(
                RelayLog.inContext(
                        () -> {
                            try {
                                metrics.lag().seen(slave.height() - 1, clock.instant());
                            } catch (RuntimeException e) {
                                log.atDebug()
                                        .setMessage("height-probe-failed")
                                        .addKeyValue("error", e.getMessage())
                                        .log();
                            }
                        }),
                0,
                heightPoll.toMillis(),
                TimeUnit.MILLISECONDS);

        Thread worker = Thread.currentThread();
        Thread hook =
                new Thread(
                        RelayLog.inContext(
                                () -> {
                                    stoppedBySignal = true;
                                    log.atInfo()
                                            .setMessage("stopping")
                                            .addKeyValue("reason", "signal")
                                            .addKeyValue("graceMs", shutdownGrace.toMillis())
                                            .log();
                                    stop.requestStop();
                                    relay.closeStream();
                                    try {
                                        worker.join(shutdownGrace.toMillis());
                                        if (worker.isAlive()) {
                                            log.atWarn()
                                                    .setMessage("abandoning-block")
                                                    .addKeyValue(
                                                            "reason",
                                                            "the current block did not finish within "
                                                                    + "the grace period; the next start resumes it from the master's state")
                                                    .log();
                                            worker.interrupt();
                                            worker.join(2000);
                                        }
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                }),
                        "relay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        log.atInfo()
                .setMessage("started")
                .addKeyValue("org", conn.org())
                .addKeyValue("mspId", conn.mspId())
                .addKeyValue("identity", identity)
                .addKeyValue("peer", peer)
                .addKeyValue("masterChannel", conn.masterChannel())
                .addKeyValue("metrics", server == null ? "off" : server.address().toString())
                .addKeyValue(
                        "checkpoint",
                        checkpointFile == null ? "off" : checkpointFile.path().toString())
                .addKeyValue("productType", productType)
                .log();
        try {
            relay.run();
        } finally {
            probe.shutdownNow();
            session.close();
            if (server != null) {
                server.close();
            }
        }
        return 0;
    }
}
