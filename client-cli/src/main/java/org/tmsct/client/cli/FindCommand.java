package org.tmsct.client.cli;

import com.google.gson.JsonObject;
import java.util.concurrent.Callable;
import org.tmsct.gateway.FabricSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "find",
        mixinStandardHelpOptions = true,
        description =
                "Search the anchored blocks for a trace code with the Bloom filters (bit-sliced index), or without them "
                        + "(--no-bloom walks every anchored entry: the paper's comparison).")
final class FindCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Parameters(index = "0", description = "Trace code (TID).")
    String tid;

    @Option(
            names = "--chain",
            defaultValue = "",
            description = "Only this slave chain (default: all).")
    String chain;

    @Option(
            names = "--from",
            defaultValue = "-1",
            description = "First slave block (default: the first).")
    long from;

    @Option(
            names = "--to",
            defaultValue = "-1",
            description = "Last slave block (default: the last).")
    long to;

    @Option(
            names = "--no-bloom",
            description = "Do not use the Bloom filters: walk every anchored entry.")
    boolean noBloom;

    @Mixin JsonOption json;

    @Override
    public Integer call() throws Exception {
        try (FabricSession session = root.connect()) {
            JsonObject a =
                    Output.json(
                                    session.masterContract()
                                            .evaluateTransaction(
                                                    "FindBlocks",
                                                    tid,
                                                    chain,
                                                    Long.toString(from),
                                                    Long.toString(to),
                                                    Boolean.toString(!noBloom)))
                            .getAsJsonObject();
            if (json.printed(a)) {
                return 0;
            }
            System.out.println("method              " + a.get("method").getAsString());
            System.out.println("blocks scanned      " + a.get("blocksScanned").getAsLong());
            System.out.println("skipped by filter   " + a.get("skippedByFilter").getAsLong());
            System.out.println("candidate blocks    " + a.getAsJsonArray("candidates").size());
            System.out.println("false positives     " + a.get("falsePositives").getAsLong());
            System.out.println("confirmed blocks    " + a.get("confirmed"));
            if (a.has("stateReads")) {
                System.out.println("state reads         " + a.get("stateReads").getAsLong());
            }
        }
        return 0;
    }
}
