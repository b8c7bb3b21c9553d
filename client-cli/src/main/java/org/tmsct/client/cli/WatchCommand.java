package org.tmsct.client.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.ChaincodeEventsRequest;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.FileCheckpointer;
import org.tmsct.gateway.FabricSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description =
                "Stream master events (anchored blocks, new trace entries) until interrupted, resuming from a checkpoint file.")
final class WatchCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Option(
            names = "--checkpoint",
            description = "Checkpoint file (default: <state>/orgs/<org>/watch.checkpoint).")
    Path checkpoint;

    @Option(
            names = "--from-block",
            defaultValue = "0",
            description =
                    "Master block to start from when there is no checkpoint yet (default: ${DEFAULT-VALUE}).")
    long fromBlock;

    @Option(
            names = "--count",
            defaultValue = "0",
            description = "Stop after this many events (default: run until interrupted).")
    long count;

    @Override
    public Integer call() throws Exception {
        Path file =
                checkpoint != null
                        ? checkpoint
                        : root.stateDir
                                .resolve("orgs")
                                .resolve(root.orgName())
                                .resolve("watch.checkpoint");
        Files.createDirectories(file.toAbsolutePath().getParent());
        long seen = 0;
        try (FabricSession session = root.connect();
                FileCheckpointer checkpointer = new FileCheckpointer(file)) {
            ChaincodeEventsRequest request =
                    session.network(session.org().masterChannel())
                            .newChaincodeEventsRequest(session.org().chaincodes().master())
                            .checkpoint(checkpointer)
                            .startBlock(fromBlock)
                            .build();
            System.err.println(
                    "watching "
                            + session.org().chaincodes().master()
                            + " events on "
                            + session.org().masterChannel()
                            + " (checkpoint "
                            + file
                            + "; Ctrl-C to stop)");
            try (CloseableIterator<ChaincodeEvent> events = request.getEvents()) {
                while (events.hasNext()) {
                    ChaincodeEvent event = events.next();
                    System.out.printf(
                            "block %d  tx %s  %s  %s%n",
                            event.getBlockNumber(),
                            event.getTransactionId(),
                            event.getEventName(),
                            new String(event.getPayload(), StandardCharsets.UTF_8));
                    System.out.flush();
                    checkpointer.checkpointChaincodeEvent(event);
                    if (count > 0 && ++seen >= count) {
                        break;
                    }
                }
            }
        }
        return 0;
    }
}
