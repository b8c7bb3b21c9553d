package org.tmsct.client.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.concurrent.Callable;
import org.tmsct.gateway.FabricSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "trace",
        mixinStandardHelpOptions = true,
        description =
                "Print a product's whole life from the master channel: every stage, organisation, time, key data and anchored block.")
final class TraceCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Parameters(index = "0", description = "Trace code (TID).")
    String tid;

    @Mixin JsonOption json;

    @Override
    public Integer call() throws Exception {
        try (FabricSession session = root.connect()) {
            JsonObject trace =
                    Output.json(session.masterContract().evaluateTransaction("Trace", tid))
                            .getAsJsonObject();
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
        }
        return 0;
    }
}
