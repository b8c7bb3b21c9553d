package org.tmsct.client.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tmsct.gateway.FabricSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "process",
        mixinStandardHelpOptions = true,
        description =
                "The product process definition on master: stages, owning slave chains, shared key-data fields.",
        subcommands = {ProcessCommand.Show.class, ProcessCommand.Define.class})
final class ProcessCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return TmsctCli.EXIT_USAGE;
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Print a process definition.")
    static final class Show implements Callable<Integer> {
        @ParentCommand ProcessCommand process;

        @Parameters(
                index = "0",
                arity = "0..1",
                defaultValue = "default",
                description = "Product type (default: ${DEFAULT-VALUE}).")
        String productType;

        @Option(names = "--history", description = "Print every change of the definition.")
        boolean history;

        @Override
        public Integer call() throws Exception {
            try (FabricSession session = process.root.connect()) {
                byte[] answer =
                        session.masterContract()
                                .evaluateTransaction(
                                        history ? "GetProcessHistory" : "GetProcess", productType);
                System.out.println(Output.pretty(Output.json(answer)));
            }
            return 0;
        }
    }

    @Command(
            name = "define",
            mixinStandardHelpOptions = true,
            description =
                    "Propose to define or change a product type's process, as this organisation's"
                            + " admin. It takes effect once admins of a majority of the member"
                            + " organisations approve it (tmsct governance approve <id>).")
    static final class Define implements Callable<Integer> {
        @ParentCommand ProcessCommand process;

        @Parameters(index = "0", description = "Product type.")
        String productType;

        @Parameters(
                index = "1",
                description =
                        "JSON file: {stages:[{name, slaveChainId, keyFields}], transitions:[[from,to]], firstStages:[...]}.")
        Path definition;

        @Override
        public Integer call() throws Exception {
            JsonObject change = new JsonObject();
            change.addProperty("productType", productType);
            change.add("definition", JsonParser.parseString(Files.readString(definition)));
            try (FabricSession session = GovernanceCommand.adminSession(process.root)) {
                JsonObject p =
                        Output.json(
                                        session.masterContract()
                                                .submitTransaction(
                                                        "ProposeChange",
                                                        "DEFINE_PROCESS",
                                                        change.toString()))
                                .getAsJsonObject();
                System.out.println(
                        GovernanceCommand.summary(p, session.masterContract())
                                + ("EXECUTED".equals(p.get("status").getAsString())
                                        ? "; process '" + productType + "' defined"
                                        : "; it takes effect once a majority approves"));
            }
            return 0;
        }
    }
}
