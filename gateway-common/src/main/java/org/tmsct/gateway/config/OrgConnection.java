package org.tmsct.gateway.config;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One organisation's connection file, written by scripts/connection-files.sh from the topology: its
 * peer, its channels and the paths of its identities.
 */
public record OrgConnection(
        String org,
        String mspId,
        String domain,
        String stage,
        String slaveChannel,
        String masterChannel,
        Chaincodes chaincodes,
        Peer peer,
        String relayMetrics,
        String caCert,
        Ca ca,
        String wallet,
        Map<String, IdentityFiles> identities) {

    /**
     * The organisation's Fabric CA (on a cryptogen network, a Fabric CA server on cryptogen's CA
     * key): its name, URL and the root certificate its TLS certificate chains to.
     */
    public record Ca(String name, String url, String tlsRootCert) {}

    public record Chaincodes(String master, String slave) {}

    public record Peer(String endpoint, String hostAlias, String tlsRootCert, String operations) {}

    public record IdentityFiles(String certificate, String privateKey) {}

    private static final Gson GSON = new Gson();

    /**
     * The JDBC URL in {@code <stateDir>/orgs/<org>/<file>} if that file exists (an organisation's
     * choice of MariaDB or PostgreSQL, say), else {@code fallback}.
     *
     * @throws ConfigException if the file exists but cannot be read
     */
    public static String configuredUrl(
            final Path stateDir, final String org, final String file, final String fallback) {
        Path configured = stateDir.resolve("orgs").resolve(org).resolve(file);
        try {
            return Files.isRegularFile(configured)
                    ? Files.readString(configured).strip()
                    : fallback;
        } catch (IOException e) {
            throw new ConfigException("cannot read " + configured + ": " + e.getMessage());
        }
    }

    /** Reads {@code <stateDir>/orgs/<org>/connection.json}. */
    public static OrgConnection load(final Path stateDir, final String org) {
        Path file = stateDir.resolve("orgs").resolve(org).resolve("connection.json");
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(
                    "no connection file for organisation '"
                            + org
                            + "' at "
                            + file
                            + " (is the network up? run 'make up')");
        }
        return read(file);
    }

    /** Reads a connection file given by its path, e.g. the relay's --connection. */
    public static OrgConnection read(final Path file) {
        try {
            OrgConnection conn = GSON.fromJson(Files.readString(file), OrgConnection.class);
            if (conn == null || conn.peer() == null || conn.identities() == null) {
                throw new ConfigException("connection file " + file + " is incomplete");
            }
            return conn;
        } catch (IOException | JsonParseException e) {
            throw new ConfigException(
                    "cannot read connection file " + file + ": " + e.getMessage());
        }
    }

    /**
     * The identity files of a named identity: one the network scripts made (admin, relay, user1,
     * ...) or one enrolled into the organisation's wallet ({@code <wallet>/<name>/cert.pem} and
     * {@code key.pem}).
     */
    public IdentityFiles identity(final String name) {
        IdentityFiles files = identities.get(name);
        if (files == null && wallet != null && Wallet.validName(name)) {
            files = new Wallet(Path.of(wallet)).files(name);
        }
        if (files == null) {
            throw new ConfigException(
                    "organisation "
                            + org
                            + " has no identity '"
                            + name
                            + "' (known: "
                            + String.join(", ", identities.keySet())
                            + (wallet == null ? "" : ", or one enrolled into " + wallet)
                            + ")");
        }
        return files;
    }

    /**
     * The organisations of the network in the state directory, from its network.json: the scripts
     * generate that file from network/topology.sh, the one place that declares them.
     */
    public static List<String> networkOrgs(final Path stateDir) {
        Path file = stateDir.resolve("network.json");
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(
                    "no network in "
                            + stateDir
                            + " ("
                            + file
                            + " is missing); run 'make up' first, "
                            + "or give --state (or TMSCT_STATE) for another network");
        }
        try {
            List<String> orgs = new ArrayList<>();
            for (JsonElement o :
                    JsonParser.parseString(Files.readString(file))
                            .getAsJsonObject()
                            .getAsJsonArray("organizations")) {
                orgs.add(o.getAsJsonObject().get("org").getAsString());
            }
            return orgs;
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(
                    "cannot read the organisations from " + file + ": " + e.getMessage());
        }
    }
}
