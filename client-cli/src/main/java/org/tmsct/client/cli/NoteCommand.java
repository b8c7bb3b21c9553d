package org.tmsct.client.cli;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.tmsct.gateway.FabricSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * A plain key/value note on a channel: the network round trip used by the bring-up demo and tests.
 */
@Command(
        name = "note",
        mixinStandardHelpOptions = true,
        description = "Write or read a note on the master or this organisation's slave channel.",
        subcommands = {NoteCommand.Put.class, NoteCommand.Get.class})
final class NoteCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Override
    public Integer call() {
        picocli.CommandLine.usage(this, System.out);
        return TmsctCli.EXIT_USAGE;
    }

    static Contract contract(final FabricSession session, final String channel) {
        return switch (channel) {
            case "master" -> session.masterContract();
            case "slave" -> session.slaveContract();
            default ->
                    throw new IllegalArgumentException(
                            "--channel must be master or slave, got '" + channel + "'");
        };
    }

    @Command(
            name = "put",
            mixinStandardHelpOptions = true,
            description = "Submit a note and wait for it to commit.")
    static final class Put implements Callable<Integer> {
        @ParentCommand NoteCommand note;

        @Option(
                names = "--channel",
                defaultValue = "slave",
                description = "master or slave (default: ${DEFAULT-VALUE}).")
        String channel;

        @Parameters(index = "0", description = "Key.")
        String key;

        @Parameters(index = "1", description = "Value.")
        String value;

        @Override
        public Integer call() throws Exception {
            try (FabricSession session = note.root.connect()) {
                SubmittedTransaction tx =
                        contract(session, channel)
                                .newProposal("PutNote")
                                .addArguments(key, value)
                                .build()
                                .endorse()
                                .submitAsync();
                var status = tx.getStatus();
                if (!status.isSuccessful()) {
                    System.err.println(
                            "error: transaction "
                                    + tx.getTransactionId()
                                    + " failed to commit: "
                                    + status.getCode());
                    return TmsctCli.EXIT_FAILED;
                }
                System.out.printf(
                        "committed %s in block %d of channel %s%n",
                        tx.getTransactionId(),
                        status.getBlockNumber(),
                        channel.equals("master")
                                ? session.org().masterChannel()
                                : session.org().slaveChannel());
            }
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Read a note.")
    static final class Get implements Callable<Integer> {
        @ParentCommand NoteCommand note;

        @Option(
                names = "--channel",
                defaultValue = "slave",
                description = "master or slave (default: ${DEFAULT-VALUE}).")
        String channel;

        @Parameters(index = "0", description = "Key.")
        String key;

        @Override
        public Integer call() throws Exception {
            try (FabricSession session = note.root.connect()) {
                System.out.println(
                        new String(
                                contract(session, channel).evaluateTransaction("GetNote", key),
                                StandardCharsets.UTF_8));
            }
            return 0;
        }
    }
}
