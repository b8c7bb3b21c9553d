package org.tmsct.master.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.chaincode.fabric.Refusals.assertRefused;
import static org.tmsct.master.World.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.common.Caller;
import org.tmsct.chaincode.common.Json;
import org.tmsct.master.World;
import org.tmsct.master.common.ErrorCodes;

class ProposalsTest {

    private static final String RAW = "RawMaterialOrgMSP";
    private static final String LOG = "LogisticsOrgMSP";
    private static final String PRO = "ProcessingOrgMSP";
    private static final String DIS = "DistributorOrgMSP";
    private static final String ALL =
            "[\"" + RAW + "\",\"" + LOG + "\",\"" + PRO + "\",\"" + DIS + "\"]";

    private final World w = new World();
    private final Members members = new Members(w.store);
    private final DeviceCaRoots cas = new DeviceCaRoots(w.store);
    private final Proposals proposals = new Proposals(w.store, members, w.chains, w.processes, cas);

    private void initMembers(String json) {
        w.commit(w.tx(admin(RAW)), t -> members.init(t, json));
    }

    private Proposal propose(String msp, String kind, String change) {
        return w.commit(w.tx(admin(msp)), t -> proposals.propose(t, kind, change));
    }

    private Proposal approve(String msp, Proposal p) {
        return w.commit(w.tx(admin(msp)), t -> proposals.approve(t, p.id(), p.contentHash()));
    }

    private static String chain(String id, String owner) {
        return "{\"id\":\""
                + id
                + "\",\"channelName\":\""
                + id
                + "\",\"ownerMsp\":\""
                + owner
                + "\"}";
    }

    @Test
    void aChangeTakesEffectOnlyWithAStrictMajority() {
        initMembers(ALL);
        Proposal p = propose(DIS, "REGISTER_CHAIN", chain("raw-material", RAW));
        assertEquals(Proposal.PENDING, p.status());
        assertEquals(List.of(DIS), List.copyOf(p.approvals().keySet()));
        assertEquals(null, w.chains.find("raw-material"));
        p = approve(LOG, p);
        assertEquals(Proposal.PENDING, p.status(), "2 of 4 is not a majority");
        assertEquals(null, w.chains.find("raw-material"));
        p = approve(PRO, p);
        assertEquals(Proposal.EXECUTED, p.status());
        SlaveChain c = w.chains.require("raw-material");
        assertEquals(RAW, c.ownerMsp());
        assertEquals(DIS, c.registeredBy(), "made in the name of the proposer");
        assertEquals(p.executedTxId(), c.txId());
        assertEquals(p, proposals.require(p.id()));
    }

    @Test
    void approvalsAreIdempotentPerOrganisation() {
        initMembers(ALL);
        Proposal p = propose(DIS, "REGISTER_CHAIN", chain("raw-material", RAW));
        int writes = w.store.totalWrites();
        assertEquals(p, approve(DIS, p));
        assertEquals(writes, w.store.totalWrites(), "a second approval writes nothing");
        // proposing the same change again joins the pending proposal as an approval
        Proposal again = propose(LOG, "REGISTER_CHAIN", chain("raw-material", RAW));
        assertEquals(p.id(), again.id());
        assertEquals(List.of(DIS, LOG), List.copyOf(again.approvals().keySet()));
        Proposal done = approve(RAW, again);
        assertTrue(done.executed());
        writes = w.store.totalWrites();
        assertEquals(done, approve(PRO, done), "approving an executed proposal changes nothing");
        assertEquals(writes, w.store.totalWrites());
    }

    @Test
    void approvalsBindToTheContentHash() {
        initMembers(ALL);
        Proposal p = propose(DIS, "REGISTER_CHAIN", chain("raw-material", RAW));
        assertRefused(
                ErrorCodes.PROPOSAL_MISMATCH,
                "has content hash " + p.contentHash(),
                () -> proposals.approve(w.tx(admin(LOG)), p.id(), "0".repeat(64)));
        assertEquals(64, p.contentHash().length());
        assertFalse(
                p.contentHash()
                        .equals(
                                Proposals.contentHash(
                                        ChangeKind.REGISTER_CHAIN,
                                        Json.requestObject(chain("raw-material", DIS), "c"))));
    }

    @Test
    void onlyAdminsOfMembersTakePart() {
        assertRefused(
                ErrorCodes.NO_MEMBERS,
                "InitMembers",
                () -> proposals.propose(w.tx(admin(RAW)), "REGISTER_CHAIN", chain("a", RAW)));
        initMembers(ALL);
        Proposal p = propose(DIS, "REGISTER_CHAIN", chain("raw-material", RAW));
        assertRefused(
                ErrorCodes.NOT_ADMIN,
                "only an organisation admin may approve changes",
                () ->
                        proposals.approve(
                                w.tx(new Caller(LOG, false, null)), p.id(), p.contentHash()));
        assertRefused(
                ErrorCodes.NOT_MEMBER,
                "OutsiderMSP is not a member",
                () -> proposals.approve(w.tx(admin("OutsiderMSP")), p.id(), p.contentHash()));
        assertRefused(
                ErrorCodes.NOT_MEMBER,
                "OutsiderMSP is not a member",
                () ->
                        proposals.propose(
                                w.tx(admin("OutsiderMSP")), "REGISTER_CHAIN", chain("o", RAW)));
        assertEquals(List.of(DIS), List.copyOf(proposals.require(p.id()).approvals().keySet()));
    }

    @Test
    void unknownProposalsAndKindsAreRefused() {
        initMembers(ALL);
        assertRefused(
                ErrorCodes.UNKNOWN_PROPOSAL,
                "there is no proposal 0000000000000001-abc",
                () -> proposals.approve(w.tx(admin(LOG)), "0000000000000001-abc", "x"));
        assertRefused(
                ErrorCodes.UNKNOWN_PROPOSAL,
                "is not a proposal id",
                () -> proposals.require("../chain"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "unknown change kind \"STEAL\"",
                () -> proposals.propose(w.tx(admin(LOG)), "STEAL", "{}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "\"ownerMsp\" is required",
                () ->
                        proposals.propose(
                                w.tx(admin(LOG)),
                                "REGISTER_CHAIN",
                                "{\"id\":\"a\",\"channelName\":\"a\"}"));
        assertEquals(0, proposals.list("", "").getAsJsonArray("proposals").size());
    }

    @Test
    void anAnchoredChainIsNeverReOwned() {
        initMembers(ALL);
        w.withConsortium();
        w.anchor("raw-material", 0, 1, World.entry("t1", "TID-1", "RAW_MATERIAL", "mine"));
        assertRefused(
                ErrorCodes.OWNER_LOCKED,
                "owned by RawMaterialOrgMSP, so its owner and channel never change",
                () ->
                        proposals.propose(
                                w.tx(admin(DIS)), "REGISTER_CHAIN", chain("raw-material", DIS)));
        // a chain without anchors may still move, by majority
        Proposal p = propose(DIS, "REGISTER_CHAIN", chain("logistics", DIS));
        approve(RAW, approve(PRO, p));
        assertEquals(DIS, w.chains.require("logistics").ownerMsp());
    }

    @Test
    void aProposalThatCanNoLongerApplyIsRefusedAtTheDecidingApproval() {
        initMembers(ALL);
        w.withConsortium();
        Proposal p = propose(DIS, "REGISTER_CHAIN", chain("raw-material", DIS));
        approve(LOG, p);
        w.anchor("raw-material", 0, 1, World.entry("t1", "TID-1", "RAW_MATERIAL", "mine"));
        assertRefused(
                ErrorCodes.OWNER_LOCKED,
                "never change",
                () -> proposals.approve(w.tx(admin(PRO)), p.id(), p.contentHash()));
        assertEquals(RAW, w.chains.require("raw-material").ownerMsp());
    }

    @Test
    void processRedefinitionsKeepTheirHistory() {
        initMembers(ALL);
        w.withConsortium();
        String shorter =
                "{\"productType\":\"default\",\"definition\":{\"stages\":[{\"name\":\"RAW_MATERIAL\","
                        + "\"slaveChainId\":\"raw-material\",\"keyFields\":[\"batch\"]}]}}";
        Proposal p = propose(LOG, "DEFINE_PROCESS", shorter);
        assertEquals(4, w.processes.require("default").stages().size(), "no effect yet");
        approve(RAW, approve(DIS, p));
        assertEquals(1, w.processes.require("default").stages().size());
        JsonArray history = w.processes.history("default");
        assertEquals(2, history.size());
        assertEquals(LOG, history.get(1).getAsJsonObject().get("definedBy").getAsString());
    }

    @Test
    void filterOptionsChangeByMajority() {
        initMembers(ALL);
        w.withConsortium();
        Proposal p = propose(PRO, "CHAIN_OPTIONS", "{\"id\":\"processing\",\"options\":{\"k\":5}}");
        assertEquals(7, w.chains.require("processing").bloomParams().k());
        approve(LOG, approve(DIS, p));
        assertEquals(5, w.chains.require("processing").bloomParams().k());
        assertRefused(
                ErrorCodes.UNKNOWN_CHAIN,
                "mars",
                () ->
                        proposals.propose(
                                w.tx(admin(PRO)),
                                "CHAIN_OPTIONS",
                                "{\"id\":\"mars\",\"options\":{\"k\":5}}"));
    }

    @Test
    void deviceCaRootsAreStoredPerMember() throws IOException {
        initMembers(ALL);
        String ca = pem("device-ca.pem");
        JsonObject change = new JsonObject();
        change.addProperty("msp", RAW);
        JsonArray certs = new JsonArray();
        certs.add(ca);
        change.add("certificates", certs);
        assertRefused(ErrorCodes.NO_DEVICE_CA, "RawMaterialOrgMSP", () -> cas.require(RAW));
        Proposal p = propose(RAW, "DEVICE_CA_ROOTS", change.toString());
        approve(LOG, approve(PRO, p));
        JsonObject roots = cas.require(RAW);
        assertEquals(List.of(ca), Json.strings(roots.getAsJsonArray("certificates")));
        assertEquals(64, roots.getAsJsonArray("fingerprints").get(0).getAsString().length());

        certs.set(0, new JsonPrimitive(pem("leaf.pem")));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "is not a CA certificate",
                () -> proposals.propose(w.tx(admin(RAW)), "DEVICE_CA_ROOTS", change.toString()));
        certs.set(0, new JsonPrimitive("not a pem"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "is not a PEM certificate",
                () -> proposals.propose(w.tx(admin(RAW)), "DEVICE_CA_ROOTS", change.toString()));
        change.addProperty("msp", "OutsiderMSP");
        certs.set(0, new JsonPrimitive(ca));
        assertRefused(
                ErrorCodes.NOT_MEMBER,
                "OutsiderMSP is not a member",
                () -> proposals.propose(w.tx(admin(RAW)), "DEVICE_CA_ROOTS", change.toString()));
    }

    @Test
    void membersAreSetOnceThenOnlyByProposal() {
        assertRefused(
                ErrorCodes.NOT_MEMBER,
                "must include the caller's own organisation",
                () -> members.init(w.tx(admin("OutsiderMSP")), ALL));
        initMembers(ALL);
        assertEquals(3, members.majority());
        int writes = w.store.totalWrites();
        initMembers(ALL);
        assertEquals(writes, w.store.totalWrites(), "the same list again writes nothing");
        assertRefused(
                ErrorCodes.MEMBERS_ALREADY_SET,
                "SET_MEMBERS",
                () -> members.init(w.tx(admin(DIS)), "[\"" + DIS + "\"]"));
        Proposal p =
                propose(
                        RAW,
                        "SET_MEMBERS",
                        "{\"msps\":[\"" + RAW + "\",\"" + LOG + "\",\"NewMSP\"]}");
        approve(LOG, approve(PRO, p));
        assertEquals(List.of(LOG, "NewMSP", RAW), members.list());
        assertEquals(2, members.majority());
    }

    @Test
    void proposalsAreListedInPagesOldestFirst() {
        initMembers(ALL);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(propose(LOG, "REGISTER_CHAIN", chain("c" + i, LOG)).id());
        }
        JsonObject first = proposals.list("", "2");
        assertEquals(2, first.getAsJsonArray("proposals").size());
        assertEquals(ids.get(1), first.get("bookmark").getAsString());
        JsonObject rest = proposals.list(first.get("bookmark").getAsString(), "10");
        assertEquals(3, rest.getAsJsonArray("proposals").size());
        assertEquals(
                ids.get(2),
                rest.getAsJsonArray("proposals").get(0).getAsJsonObject().get("id").getAsString());
        assertEquals("", rest.get("bookmark").getAsString());
        assertRefused(ErrorCodes.BAD_REQUEST, "page size", () -> proposals.list("", "101"));
    }

    /**
     * Exhaustively, for 1 to 5 members: a change takes effect exactly when the distinct member
     * organisations that approved it (the proposer included) are strictly more than half.
     */
    @Test
    void takesEffectIffAStrictMajorityOfDistinctMembersApproved() {
        for (int n = 1; n <= 5; n++) {
            List<String> msps = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                msps.add("Org" + i + "MSP");
            }
            // every sequence of approvers: proposer 0, then a mask of others, with a repeat
            for (int mask = 0; mask < (1 << n); mask++) {
                World world = new World();
                Members m = new Members(world.store);
                Proposals ps =
                        new Proposals(
                                world.store,
                                m,
                                world.chains,
                                world.processes,
                                new DeviceCaRoots(world.store));
                world.commit(
                        world.tx(admin("Org0MSP")), t -> m.init(t, Json.array(msps).toString()));
                Proposal p =
                        world.commit(
                                world.tx(admin("Org0MSP")),
                                t -> ps.propose(t, "REGISTER_CHAIN", chain("c", "Org0MSP")));
                int distinct = 1;
                for (int i = 1; i < n; i++) {
                    if ((mask & (1 << i)) != 0) {
                        distinct++;
                        for (int repeat = 0; repeat < 2; repeat++) {
                            Proposal q = p;
                            String msp = msps.get(i);
                            p =
                                    world.commit(
                                            world.tx(admin(msp)),
                                            t -> ps.approve(t, q.id(), q.contentHash()));
                        }
                    }
                }
                boolean majority = 2 * distinct > n;
                assertEquals(majority, p.executed(), "n=" + n + " approvals=" + distinct);
                assertEquals(
                        majority,
                        world.chains.find("c") != null,
                        "n=" + n + " approvals=" + distinct);
            }
        }
    }

    private static String pem(String name) throws IOException {
        try (InputStream in = ProposalsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
