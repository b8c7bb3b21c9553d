package org.tmsct.client.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.tmsct.client.record.RecordSubmitter;
import org.tmsct.gateway.FabricSession;
import org.tmsct.gateway.GatewayErrors;
import org.tmsct.gateway.ca.CaException;
import org.tmsct.gateway.config.ConfigException;
import org.tmsct.gateway.config.OrgConnection;
import org.tmsct.offchain.OffchainStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The TMSCT command line. Exit codes: 0 ok, 1 the chain refused or failed, 2 usage, 3
 * configuration.
 */
@Command(
        name = "tmsct",
        mixinStandardHelpOptions = true,
        version = "tmsct 0.1.0",
        description = "Trusted manufacturing supply-chain traceability on Hyperledger Fabric.",
        subcommands = {
            DeviceCommand.class,
            IdentityCommand.class,
            RecordCommand.class,
            TraceCommand.class,
            RecallCommand.class,
            EpcisCommand.class,
            ExistsCommand.class,
            FindCommand.class,
            VerifyCommand.class,
            ProcessCommand.class,
            GovernanceCommand.class,
            WatchCommand.class,
            MirrorCommand.class,
            StatusCommand.class,
            PingCommand.class,
            NoteCommand.class,
            WebLoginCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the network refused or failed the request",
            "2:bad usage or input",
            "3:local configuration problem (no network, missing identity)"
        })
public final class TmsctCli implements Callable<Integer> {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_CONFIG = 3;

    @Option(
            names = "--org",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:TMSCT_ORG:-RawMaterialOrg}",
            description =
                    "Organisation whose identity, peer and off-chain store to use (default: ${DEFAULT-VALUE}).")
    String org;

    @Option(
            names = "--identity",
            scope = ScopeType.INHERIT,
            defaultValue = "user1",
            description =
                    "Identity of the organisation: admin, relay, user1, user2, or one enrolled into its wallet"
                            + " with 'identity enroll' (default: ${DEFAULT-VALUE}).")
    String identity;

    @Option(
            names = "--state",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:TMSCT_STATE:-state}",
            description =
                    "Network state directory holding orgs/<org>/connection.json (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Print stack traces on errors.")
    boolean verbose;

    @Option(
            names = "--offchain",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:TMSCT_OFFCHAIN:-}",
            description =
                    "JDBC URL of the organisation's off-chain store (jdbc:mysql://... for MySQL/MariaDB). Default: "
                            + "the URL in <state>/orgs/<org>/offchain.url if present, else an embedded H2 file under <state>/offchain/<org>.")
    String offchainUrl;

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return EXIT_USAGE;
    }

    /** The peer the last session went through, named in error messages. */
    String peerEndpoint = "the organisation's peer";

    FabricSession connect() {
        return connect(identity);
    }

    /** Connects as another identity of the organisation than --identity. */
    FabricSession connect(final String identityName) {
        OrgConnection conn = OrgConnection.load(stateDir, orgName());
        peerEndpoint = conn.peer().endpoint();
        return FabricSession.connect(conn, identityName);
    }

    /** The identity of an admin's command: the admin, unless --identity chose another. */
    String adminUnlessChosen() {
        return identity.equals("user1") ? "admin" : identity;
    }

    String orgName() {
        return canonicalOrg(org, networkOrgs(stateDir));
    }

    OrgConnection orgConnection() {
        return OrgConnection.load(stateDir, orgName());
    }

    OffchainStore openOffchain() {
        return OffchainStore.open(offchainStoreUrl());
    }

    /** The organisation's off-chain store: --offchain, else the one it is configured with. */
    String offchainStoreUrl() {
        return offchainUrl == null || offchainUrl.isBlank()
                ? OffchainStore.configuredUrl(stateDir, orgName())
                : offchainUrl;
    }

    /** The organisations of the network in the state directory (network.json). */
    static List<String> networkOrgs(final Path stateDir) {
        return OrgConnection.networkOrgs(stateDir);
    }

    /**
     * Accepts the full name in any case, or a unique prefix: RawMaterialOrg, rawmaterial, raw,
     * raw-material.
     */
    static String canonicalOrg(final String name, final List<String> known) {
        String n = name.toLowerCase(Locale.ROOT).replace("-", "");
        String match = null;
        for (String k : known) {
            if (k.toLowerCase(Locale.ROOT).startsWith(n) && !n.isEmpty()) {
                if (match != null) {
                    return name;
                }
                match = k;
            }
        }
        return match == null ? name : match;
    }

    public static void main(final String[] args) {
        // gRPC logs through java.util.logging: bridged, its warnings are one line on stderr
        // (logback.xml)
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(run(args));
    }

    public static int run(final String... args) {
        CommandLine cli = new CommandLine(new TmsctCli());
        cli.setExecutionExceptionHandler(
                (ex, commandLine, parseResult) -> {
                    TmsctCli root =
                            commandLine.getCommandSpec().root().userObject() instanceof TmsctCli t
                                    ? t
                                    : null;
                    if (root != null && root.verbose) {
                        ex.printStackTrace();
                    }
                    if (ex instanceof ConfigException) {
                        System.err.println("error: " + ex.getMessage());
                        return EXIT_CONFIG;
                    }
                    if (ex instanceof RecordSubmitter.RefusedException
                            || ex instanceof RecordSubmitter.PendingException
                            || ex instanceof CaException) {
                        System.err.println("error: " + ex.getMessage());
                        return EXIT_FAILED;
                    }
                    if (ex instanceof IllegalArgumentException) {
                        System.err.println("error: " + ex.getMessage());
                        return EXIT_USAGE;
                    }
                    String endpoint = root == null ? "the organisation's peer" : root.peerEndpoint;
                    System.err.println("error: " + GatewayErrors.describe(ex, endpoint));
                    return EXIT_FAILED;
                });
        return cli.execute(args);
    }
}
