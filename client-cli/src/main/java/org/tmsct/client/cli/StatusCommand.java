package org.tmsct.client.cli;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.tmsct.gateway.FabricSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Channel heights, the organisation's anchor relay lag (from its metrics), the deployed contract versions, and the organisation's records that master refused (REJECTED, with the reason).")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Override
    public Integer call() throws Exception {
        try (FabricSession session = root.connect()) {
            var org = session.org();
            System.out.println(
                    org.org() + " (" + org.mspId() + ") through peer " + org.peer().endpoint());
            for (String channel : new String[] {org.masterChannel(), org.slaveChannel()}) {
                System.out.printf("  channel %-14s height %d%n", channel, session.height(channel));
            }
            System.out.println(
                    "  contracts       "
                            + version(session, org.masterChannel(), org.chaincodes().master())
                            + ", "
                            + version(session, org.slaveChannel(), org.chaincodes().slave()));
            System.out.println("  anchor relay    " + relay(org.relayMetrics()));
            System.out.println("  anchored        " + anchored(session));
            System.out.println("  rejected        " + rejected(session));
        }
        return 0;
    }

    /** How many of the organisation's records master holds (its GetAnchorState). */
    private static String anchored(final FabricSession session) {
        String chain = session.org().slaveChannel();
        try {
            JsonObject state =
                    Output.json(
                                    session.masterContract()
                                            .evaluateTransaction("GetAnchorState", chain))
                            .getAsJsonObject();
            return state.get("entries").getAsLong()
                    + " records of "
                    + chain
                    + " on master, slave blocks up to "
                    + state.get("lastCovered").getAsLong();
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The organisation's records that master refused, with master's reasons. */
    private static String rejected(final FabricSession session) {
        try {
            List<JsonObject> page =
                    OwnRecords.rejected(session.slaveContract(), OwnRecords.SHOWN + 1);
            if (page.isEmpty()) {
                return "no record of " + session.org().slaveChannel() + " was refused by master";
            }
            StringBuilder out =
                    new StringBuilder(
                            page.size() > OwnRecords.SHOWN
                                    ? "more than " + OwnRecords.SHOWN + " records, the first:"
                                    : page.size() + " record(s) refused by master:");
            page.stream()
                    .limit(OwnRecords.SHOWN)
                    .forEach(r -> out.append("\n    ").append(OwnRecords.line(r)));
            return out.toString();
        } catch (Exception e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    /** The contract's own metadata (the Java contract API's system contract). */
    private static String version(
            final FabricSession session, final String channel, final String chaincode) {
        try {
            JsonObject meta =
                    Output.json(
                                    session.network(channel)
                                            .getContract(chaincode, "org.hyperledger.fabric")
                                            .evaluateTransaction("GetMetadata"))
                            .getAsJsonObject();
            StringBuilder out = new StringBuilder(chaincode);
            meta.getAsJsonObject("contracts")
                    .entrySet()
                    .forEach(
                            c -> {
                                JsonObject info =
                                        c.getValue().getAsJsonObject().getAsJsonObject("info");
                                if (info != null
                                        && info.has("version")
                                        && !info.get("version").getAsString().isBlank()) {
                                    out.append(' ')
                                            .append(c.getKey())
                                            .append('@')
                                            .append(info.get("version").getAsString());
                                }
                            });
            return out.toString();
        } catch (Exception e) {
            return chaincode + " (metadata unavailable)";
        }
    }

    /** The relay's lag lines from its Prometheus endpoint, or why they are not available. */
    private static String relay(final String address) {
        try {
            HttpResponse<String> r =
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(2))
                            .build()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create("http://" + address + "/metrics"))
                                            .timeout(Duration.ofSeconds(3))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            StringBuilder out = new StringBuilder();
            r.body()
                    .lines()
                    .filter(l -> !l.startsWith("#") && (l.contains("lag") || l.contains("last_")))
                    .forEach(l -> out.append("\n    ").append(l));
            return out.length() == 0
                    ? "metrics at " + address + " hold no lag figures"
                    : "metrics at " + address + out;
        } catch (Exception e) {
            return "not reachable at " + address + " (is it running? 'make status' lists it)";
        }
    }
}
