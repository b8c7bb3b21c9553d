package org.tmsct.client.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.concurrent.Callable;
import org.hyperledger.fabric.client.GatewayException;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.core.protocol.RecallStatus;
import org.tmsct.gateway.FabricSession;
import org.tmsct.gateway.GatewayErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "trace",
        mixinStandardHelpOptions = true,
        description =
                "Print a product's whole life from the master channel: every stage, organisation, time, key data and anchored block; then your own records of it that master does not show (PENDING, or REJECTED with the reason).")
final class TraceCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Parameters(index = "0", description = "Trace code (TID).")
    String tid;

    @Option(
            names = "--upstream",
            description = "Also list everything the product was made of, recursively.")
    boolean upstream;

    @Mixin GenealogyOptions bounds;

    @Mixin JsonOption json;

    @Override
    public Integer call() throws Exception {
        try (FabricSession session = root.connect()) {
            JsonObject trace;
            try {
                trace =
                        Output.json(session.masterContract().evaluateTransaction("Trace", tid))
                                .getAsJsonObject();
            } catch (GatewayException e) {
                // Not on master: the organisation may still hold a record of it that master
                // refused, or one not anchored yet. Say so, then fail as before.
                if (!json.json
                        && GatewayErrors.refusalCode(e)
                                .filter(ErrorCode.UNKNOWN_TID.name()::equals)
                                .isPresent()) {
                    printOwn(session, "not on master");
                }
                throw e;
            }
            JsonObject walk = upstream ? bounds.walk(session, "Upstream", tid) : null;
            if (walk != null) {
                trace.add("upstream", walk);
            }
            if (json.printed(trace)) {
                return 0;
            }
            System.out.println(
                    "Trace of "
                            + trace.get("tid").getAsString()
                            + " (product type "
                            + trace.get("productType").getAsString()
                            + ")");
            for (JsonElement el : trace.getAsJsonArray("entries")) {
                JsonObject e = el.getAsJsonObject();
                System.out.printf(
                        "%n  %d. %-13s %-18s %s%n",
                        e.get("seq").getAsLong(),
                        e.get("stage").getAsString(),
                        e.get("ownerMsp").getAsString(),
                        Output.time(e.get("txTimestamp").getAsLong()));
                System.out.println("     key data    " + e.get("keyData"));
                System.out.println("     Hash(D)     " + e.get("dataHash").getAsString());
                System.out.printf(
                        "     slave       block %d of %s, tx %s%n",
                        e.get("slaveBlockNumber").getAsLong(),
                        e.get("slaveChainId").getAsString(),
                        e.get("slaveTxId").getAsString());
                System.out.println("     master tx   " + e.get("masterTxId").getAsString());
            }
            printRecall(trace.getAsJsonObject("recall"));
            if (walk != null) {
                System.out.println();
                System.out.println("Made from:");
                GenealogyOptions.print(walk);
            }
            printOwn(session, "not in this trace");
        }
        return 0;
    }

    /** RECALLED and the recalled lots the product was made from, if any. */
    private static void printRecall(final JsonObject recall) {
        if (recall == null
                || !RecallStatus.RECALLED.name().equals(recall.get("status").getAsString())) {
            return;
        }
        System.out.println();
        for (JsonElement el : recall.getAsJsonArray("lots")) {
            JsonObject m = el.getAsJsonObject();
            System.out.printf(
                    "  RECALLED: lot %s, marked by %s on %s: %s%n",
                    m.get("tid").getAsString(),
                    m.get("byMsp").getAsString(),
                    Output.time(m.get("timestamp").getAsLong()),
                    m.get("reason").getAsString());
        }
    }

    /** The organisation's own records of the TID that master does not show, if any. */
    private void printOwn(final FabricSession session, final String why) {
        List<JsonObject> own;
        try {
            own = OwnRecords.ofTid(session.slaveContract(), tid);
        } catch (Exception e) {
            return; // the trace itself is what was asked for
        }
        List<JsonObject> unseen =
                own.stream()
                        .filter(r -> !"ANCHORED".equals(r.get("status").getAsString()))
                        .toList();
        if (!unseen.isEmpty()) {
            System.out.printf(
                    "%nOn %s (your slave channel), %s:%n", session.org().slaveChannel(), why);
            unseen.forEach(r -> System.out.println("     " + OwnRecords.line(r)));
        }
    }
}
