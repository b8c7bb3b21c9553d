package org.tmsct.client.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.concurrent.Callable;
import org.tmsct.gateway.FabricSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "recall",
        mixinStandardHelpOptions = true,
        description = {
            "List every product downstream of a lot, recursively, with each one's last known stage and holder (from master).",
            "With --mark or --clear, the organisations that anchored a record of the lot mark it recalled, or clear the mark,"
                    + " with a reason; every trace of a product made from it then shows RECALLED. --history lists the marks."
        })
final class RecallCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Parameters(index = "0", description = "The lot's trace code.")
    String lot;

    /** At most one change or the history; none lists the products. */
    static final class Action {
        @Option(names = "--mark", description = "Mark the lot recalled.")
        boolean mark;

        @Option(names = "--clear", description = "Clear the lot's recall mark (its history stays).")
        boolean clear;

        @Option(names = "--history", description = "Print every mark the lot has had.")
        boolean history;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Action action = new Action();

    @Option(names = "--reason", description = "Why (required with --mark and --clear).")
    String reason;

    @Mixin GenealogyOptions bounds;

    @Mixin JsonOption json;

    @Override
    public Integer call() throws Exception {
        if ((action.mark || action.clear) && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("--reason is required with --mark and --clear");
        }
        try (FabricSession session = root.connect()) {
            if (action.mark || action.clear) {
                JsonObject mark =
                        Output.json(
                                        session.masterContract()
                                                .submitTransaction(
                                                        action.mark
                                                                ? "MarkRecalled"
                                                                : "ClearRecall",
                                                        lot,
                                                        reason))
                                .getAsJsonObject();
                if (!json.printed(mark)) {
                    System.out.printf(
                            "%s %s by %s in master transaction %s: %s%n",
                            lot,
                            mark.get("status").getAsString(),
                            mark.get("byMsp").getAsString(),
                            mark.get("txId").getAsString(),
                            mark.get("reason").getAsString());
                }
                return 0;
            }
            if (action.history) {
                JsonObject h =
                        Output.json(session.masterContract().evaluateTransaction("GetRecall", lot))
                                .getAsJsonObject();
                if (!json.printed(h)) {
                    if (h.getAsJsonArray("history").isEmpty()) {
                        System.out.println(lot + " has never been marked recalled");
                    }
                    for (JsonElement el : h.getAsJsonArray("history")) {
                        JsonObject m = el.getAsJsonObject();
                        System.out.printf(
                                "%s  %-8s by %-18s %s%n",
                                Output.time(m.get("timestamp").getAsLong()),
                                m.get("status").getAsString(),
                                m.get("byMsp").getAsString(),
                                m.get("reason").getAsString());
                    }
                }
                return 0;
            }
            JsonObject walk = bounds.walk(session, "Recall", lot);
            if (json.printed(walk)) {
                return 0;
            }
            System.out.println("Products made from " + lot + ":");
            GenealogyOptions.print(walk);
        }
        return 0;
    }
}
