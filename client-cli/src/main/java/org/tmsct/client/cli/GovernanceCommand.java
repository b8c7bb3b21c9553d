package org.tmsct.client.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hyperledger.fabric.client.Contract;
import org.tmsct.gateway.FabricSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Collective governance on master: a change is proposed by one member organisation's admin and
 * takes effect once admins of a strict majority of the member organisations have approved it.
 */
@Command(
        name = "governance",
        mixinStandardHelpOptions = true,
        description = {
            "Propose, approve and read changes to master's shared settings.",
            "A change (slave chain registry, chain filter options, process definitions, device CA"
                    + " roots, the member list) takes effect only once admins of more than half of"
                    + " the member organisations have approved it, each organisation in its own"
                    + " transaction. Proposing counts as the proposer's own approval."
        },
        subcommands = {
            GovernanceCommand.Propose.class,
            GovernanceCommand.Approve.class,
            GovernanceCommand.Show.class
        })
final class GovernanceCommand implements Callable<Integer> {

    static final String KINDS =
            "REGISTER_CHAIN {id, channelName, ownerMsp, options?}, CHAIN_OPTIONS {id, options:"
                    + " {mBits, k, sectionSize}}, DEFINE_PROCESS {productType, definition},"
                    + " DEVICE_CA_ROOTS {msp, certificates: [pem]}, SET_MEMBERS {msps: [...]}";

    @ParentCommand TmsctCli root;

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return TmsctCli.EXIT_USAGE;
    }

    /** Governance acts as the organisation's admin unless another identity was chosen. */
    static FabricSession adminSession(final TmsctCli root) {
        root.identity = root.identity.equals("user1") ? "admin" : root.identity;
        return root.connect();
    }

    /** One line about a proposal: id, kind, status and who approved it out of how many needed. */
    static String summary(final JsonObject p, final Contract master) throws Exception {
        JsonObject members =
                Output.json(master.evaluateTransaction("GetMembers")).getAsJsonObject();
        int n = members.has("msps") ? members.getAsJsonArray("msps").size() : 0;
        return "proposal "
                + p.get("id").getAsString()
                + " ("
                + p.get("kind").getAsString()
                + "): "
                + p.get("status").getAsString()
                + ", approved by "
                + p.getAsJsonObject("approvals").keySet()
                + " ("
                + p.getAsJsonObject("approvals").size()
                + " of the "
                + (n / 2 + 1)
                + " needed from "
                + n
                + " members)";
    }

    @Command(
            name = "propose",
            mixinStandardHelpOptions = true,
            description = {
                "Propose a change as this organisation's admin; prints the proposal id and content"
                        + " hash the other organisations approve.",
                "Kinds and their change documents: " + KINDS + "."
            })
    static final class Propose implements Callable<Integer> {
        @ParentCommand GovernanceCommand governance;

        @Mixin JsonOption json;

        @Parameters(index = "0", description = "Change kind (see above).")
        String kind;

        @Parameters(
                index = "1",
                description = "The change document: JSON text, or @file to read it from a file.")
        String change;

        @Override
        public Integer call() throws Exception {
            String doc =
                    change.startsWith("@")
                            ? Files.readString(Path.of(change.substring(1)))
                            : change;
            try (FabricSession session = adminSession(governance.root)) {
                JsonElement answer =
                        Output.json(
                                session.masterContract()
                                        .submitTransaction("ProposeChange", kind, doc));
                if (!json.printed(answer)) {
                    JsonObject p = answer.getAsJsonObject();
                    System.out.println(summary(p, session.masterContract()));
                    System.out.println("content hash " + p.get("contentHash").getAsString());
                }
            }
            return 0;
        }
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description =
                    "Approve a proposal for this organisation, as its admin (once per organisation;"
                            + " approving again changes nothing).")
    static final class Approve implements Callable<Integer> {
        @ParentCommand GovernanceCommand governance;

        @Mixin JsonOption json;

        @Parameters(index = "0", description = "Proposal id.")
        String id;

        @Option(
                names = "--hash",
                description =
                        "The content hash you reviewed (default: the proposal's current one, printed"
                                + " with its change before approving).")
        String hash;

        @Override
        public Integer call() throws Exception {
            try (FabricSession session = adminSession(governance.root)) {
                Contract master = session.masterContract();
                if (hash == null) {
                    JsonObject p =
                            Output.json(master.evaluateTransaction("GetProposal", id))
                                    .getAsJsonObject();
                    hash = p.get("contentHash").getAsString();
                    if (!json.json) {
                        System.out.println(
                                "approving "
                                        + p.get("kind").getAsString()
                                        + " "
                                        + Output.pretty(p.get("change")));
                    }
                }
                JsonElement answer =
                        Output.json(master.submitTransaction("ApproveChange", id, hash));
                if (!json.printed(answer)) {
                    System.out.println(summary(answer.getAsJsonObject(), master));
                }
            }
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description =
                    "Print one proposal with its approvals, or list the proposals oldest first, a"
                            + " page at a time.")
    static final class Show implements Callable<Integer> {
        @ParentCommand GovernanceCommand governance;

        @Mixin JsonOption json;

        @Parameters(
                index = "0",
                arity = "0..1",
                description = "Proposal id (default: list the proposals).")
        String id;

        @Option(
                names = "--after",
                description = "List the proposals after this id (the bookmark a page prints).")
        String after = "";

        @Option(
                names = "--page-size",
                description = "Proposals per page, 1-100 (default: ${DEFAULT-VALUE}).")
        int pageSize = 20;

        @Override
        public Integer call() throws Exception {
            try (FabricSession session = governance.root.connect()) {
                Contract master = session.masterContract();
                if (id != null) {
                    JsonElement p = Output.json(master.evaluateTransaction("GetProposal", id));
                    System.out.println(Output.pretty(p));
                    return 0;
                }
                JsonObject page =
                        Output.json(
                                        master.evaluateTransaction(
                                                "ListProposals", after, Integer.toString(pageSize)))
                                .getAsJsonObject();
                if (json.printed(page)) {
                    return 0;
                }
                JsonArray proposals = page.getAsJsonArray("proposals");
                for (JsonElement e : proposals) {
                    System.out.println(summary(e.getAsJsonObject(), master));
                }
                if (proposals.isEmpty()) {
                    System.out.println("no proposals");
                }
                String bookmark = page.get("bookmark").getAsString();
                if (!bookmark.isEmpty()) {
                    System.out.println("more: tmsct governance show --after " + bookmark);
                }
            }
            return 0;
        }
    }
}
