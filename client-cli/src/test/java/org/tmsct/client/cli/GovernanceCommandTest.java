package org.tmsct.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The governance commands' shape: what parses and what is a usage error, without a network. */
class GovernanceCommandTest {

    private final CommandLine cli = new CommandLine(new TmsctCli());

    @Test
    void proposeApproveAndShowAreSubcommands() {
        assertEquals(
                Set.of("propose", "approve", "show"),
                cli.getSubcommands().get("governance").getSubcommands().keySet());
    }

    @Test
    void argumentsParseAsDocumented() {
        CommandLine.ParseResult approve =
                cli.parseArgs("governance", "approve", "0001700000000000-abc", "--hash", "ff");
        GovernanceCommand.Approve a =
                (GovernanceCommand.Approve)
                        approve.subcommand().subcommand().commandSpec().userObject();
        assertEquals("0001700000000000-abc", a.id);
        assertEquals("ff", a.hash);
        CommandLine.ParseResult show =
                new CommandLine(new TmsctCli())
                        .parseArgs("governance", "show", "--after", "x", "--page-size", "5");
        GovernanceCommand.Show s =
                (GovernanceCommand.Show) show.subcommand().subcommand().commandSpec().userObject();
        assertEquals(null, s.id);
        assertEquals(5, s.pageSize);
    }

    @Test
    void aProposalNeedsAKindAndAChange() {
        assertEquals(TmsctCli.EXIT_USAGE, TmsctCli.run(new String[] {"governance", "propose"}));
        assertEquals(
                TmsctCli.EXIT_USAGE,
                TmsctCli.run(new String[] {"governance", "propose", "REGISTER_CHAIN"}));
        assertEquals(TmsctCli.EXIT_USAGE, TmsctCli.run(new String[] {"governance"}));
    }
}
