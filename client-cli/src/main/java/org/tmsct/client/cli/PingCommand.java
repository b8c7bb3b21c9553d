package org.tmsct.client.cli;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.tmsct.gateway.FabricSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "ping",
        mixinStandardHelpOptions = true,
        description =
                "Check that this organisation reaches both its contracts (master and its slave channel).")
final class PingCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Override
    public Integer call() throws Exception {
        try (FabricSession session = root.connect()) {
            System.out.println(
                    new String(
                            session.masterContract().evaluateTransaction("Ping"),
                            StandardCharsets.UTF_8));
            System.out.println(
                    new String(
                            session.slaveContract().evaluateTransaction("Ping"),
                            StandardCharsets.UTF_8));
        }
        return 0;
    }
}
