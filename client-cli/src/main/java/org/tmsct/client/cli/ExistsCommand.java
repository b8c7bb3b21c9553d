package org.tmsct.client.cli;

import com.google.gson.JsonObject;
import java.util.concurrent.Callable;
import org.tmsct.gateway.FabricSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "exists",
        mixinStandardHelpOptions = true,
        description =
                "Say whether a trace code is anchored on master, and in which slave blocks. Exit 0 if it is, 1 if not.")
final class ExistsCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Parameters(index = "0", description = "Trace code (TID).")
    String tid;

    @Mixin JsonOption json;

    @Override
    public Integer call() throws Exception {
        try (FabricSession session = root.connect()) {
            JsonObject answer =
                    Output.json(session.masterContract().evaluateTransaction("Exists", tid))
                            .getAsJsonObject();
            boolean exists = answer.get("exists").getAsBoolean();
            if (json.printed(answer)) {
                return exists ? 0 : TmsctCli.EXIT_FAILED;
            }
            if (exists) {
                System.out.println(
                        tid
                                + " exists, in "
                                + answer.getAsJsonArray("blocks").size()
                                + " anchored block(s): "
                                + answer.get("blocks"));
            } else {
                System.out.println(tid + " is not anchored on master");
            }
            return exists ? 0 : TmsctCli.EXIT_FAILED;
        }
    }
}
