package org.tmsct.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.tmsct.chaincode.fabric.Refusals.assertChaincodeRefused;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.tmsct.chaincode.fabric.MockLedger;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.merkle.MerkleProof;
import org.tmsct.core.record.AnchorEntry;

class MasterContractTest {

    private final MasterContract contract = new MasterContract();
    private final MockLedger ledger = new MockLedger("master");

    private <T> T tx(ThrowingSupplier<T> call) throws Throwable {
        try {
            T out = call.get();
            ledger.commit();
            return out;
        } catch (Throwable t) {
            ledger.rollback();
            throw t;
        }
    }

    private Context admin(String msp) {
        return ledger.as(msp, "admin", null, null);
    }

    private Context relay(String msp) {
        return ledger.as(msp, "client", "relay", null);
    }

    private Context user() {
        return ledger.as("DistributorOrgMSP", "client", null, null);
    }

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    private static final String MEMBERS =
            "[\"RawMaterialOrgMSP\",\"LogisticsOrgMSP\",\"ProcessingOrgMSP\",\"DistributorOrgMSP\"]";

    /** Proposed by the first organisation, approved by the next two: 3 of 4 is a majority. */
    private JsonObject govern(String kind, String change) throws Throwable {
        JsonObject p =
                json(tx(() -> contract.ProposeChange(admin(World.ORGS[0][0]), kind, change)));
        String id = p.get("id").getAsString();
        String hash = p.get("contentHash").getAsString();
        for (int i = 1; i <= 2; i++) {
            String msp = World.ORGS[i][0];
            p = json(tx(() -> contract.ApproveChange(admin(msp), id, hash)));
        }
        return p;
    }

    private static String chainChange(String id, String owner) {
        return "{\"id\":\""
                + id
                + "\",\"channelName\":\""
                + id
                + "\",\"ownerMsp\":\""
                + owner
                + "\"}";
    }

    private void consortium() throws Throwable {
        tx(() -> contract.InitMembers(admin("RawMaterialOrgMSP"), MEMBERS));
        for (String[] o : World.ORGS) {
            govern("REGISTER_CHAIN", chainChange(o[1], o[0]));
        }
        govern(
                "DEFINE_PROCESS",
                "{\"productType\":\"default\",\"definition\":" + World.defaultProcess() + "}");
        govern("ORDERER_CA_ROOTS", ordererChange());
        for (String[] o : World.ORGS) {
            govern("DEVICE_CA_ROOTS", deviceCaChange(o[0]));
        }
    }

    /** The test orderer's CA, which signs the slave block headers of World's anchors. */
    static String ordererChange() {
        JsonObject c = new JsonObject();
        c.addProperty("msp", TestOrderer.MSP);
        JsonArray certs = new JsonArray();
        certs.add(TestOrderer.DEFAULT.caPem());
        c.add("certificates", certs);
        return c.toString();
    }

    private static String deviceCaChange(String msp) {
        JsonObject change = new JsonObject();
        change.addProperty("msp", msp);
        JsonArray certs = new JsonArray();
        certs.add(Devices.pem(Devices.ca(msp).cert()));
        change.add("certificates", certs);
        return change.toString();
    }

    @Test
    void privateNotesGoIntoTheCallersImplicitCollectionOnly() throws Throwable {
        Map<String, byte[]> note = Map.of("note", "raw record".getBytes(StandardCharsets.UTF_8));
        assertChaincodeRefused(
                "NOT_MEMBER",
                "may not write notes",
                () ->
                        contract.PutPrivateNote(
                                ledger.as("LogisticsOrgMSP", "client", null, note), "k"));
        tx(() -> contract.InitMembers(admin("RawMaterialOrgMSP"), MEMBERS));
        assertChaincodeRefused(
                "BAD_REQUEST",
                "transient data 'note'",
                () ->
                        contract.PutPrivateNote(
                                ledger.as("LogisticsOrgMSP", "client", null, null), "k"));
        tx(
                () -> {
                    contract.PutPrivateNote(
                            ledger.as("LogisticsOrgMSP", "client", null, note), "k");
                    return null;
                });
        assertEquals(
                "raw record",
                contract.GetPrivateNote(ledger.as("LogisticsOrgMSP", "client", null, null), "k"));
        // nothing public, and nothing in another organisation's collection
        assertThrows(ChaincodeException.class, () -> contract.GetNote(user(), "k"));
        assertThrows(ChaincodeException.class, () -> contract.GetPrivateNote(user(), "k"));
        assertEquals(
                Set.of("_implicit_org_LogisticsOrgMSP"),
                ledger.collections.keySet().stream()
                        .filter(c -> ledger.collection(c).get("note~k").length > 0)
                        .collect(Collectors.toSet()));
    }

    @Test
    void notesAreForMembersAndOwnedByTheirWriter() throws Throwable {
        assertChaincodeRefused(
                "NOT_MEMBER",
                "may not write notes",
                () -> contract.PutNote(admin("LogisticsOrgMSP"), "k", "v"));
        tx(() -> contract.InitMembers(admin("RawMaterialOrgMSP"), MEMBERS));
        assertEquals("chaincode-master on master", contract.Ping(user()));
        tx(
                () -> {
                    contract.PutNote(admin("LogisticsOrgMSP"), "k", "v");
                    return null;
                });
        assertEquals("v", contract.GetNote(user(), "k"));
        assertChaincodeRefused(
                "NOTE_OWNED",
                "belongs to LogisticsOrgMSP",
                () -> contract.PutNote(user(), "k", "w"));
        assertChaincodeRefused(
                "NOT_MEMBER",
                "OutsiderMSP is not a member",
                () -> contract.PutNote(ledger.as("OutsiderMSP", "client", null, null), "o", "v"));
        assertChaincodeRefused(
                "NOTE_TOO_LARGE",
                "more than the maximum",
                () -> contract.PutNote(user(), "big", "x".repeat(128 * 1024 + 1)));
        assertThrows(ChaincodeException.class, () -> contract.GetNote(user(), "missing"));
        assertEquals("v", contract.GetNote(user(), "k"));
    }

    @Test
    void governanceThroughTheContract() throws Throwable {
        consortium();
        assertEquals(
                4, JsonParser.parseString(contract.GetSlaveChains(user())).getAsJsonArray().size());
        assertEquals(
                "LogisticsOrgMSP",
                json(contract.GetSlaveChain(user(), "logistics")).get("ownerMsp").getAsString());
        assertEquals(
                4, json(contract.GetProcess(user(), "default")).getAsJsonArray("stages").size());
        assertEquals(
                1,
                JsonParser.parseString(contract.GetProcessHistory(user(), "default"))
                        .getAsJsonArray()
                        .size());
        // one admin alone: a proposal, no effect
        JsonObject hijack =
                json(
                        tx(
                                () ->
                                        contract.ProposeChange(
                                                admin("DistributorOrgMSP"),
                                                "REGISTER_CHAIN",
                                                chainChange("raw-material", "DistributorOrgMSP"))));
        assertEquals("PENDING", hijack.get("status").getAsString());
        assertEquals(
                "RawMaterialOrgMSP",
                json(contract.GetSlaveChain(user(), "raw-material")).get("ownerMsp").getAsString());
        JsonObject options =
                govern(
                        "CHAIN_OPTIONS",
                        "{\"id\":\"logistics\",\"options\":{\"mBits\":1024,\"k\":4}}");
        assertEquals("EXECUTED", options.get("status").getAsString());
        assertEquals(
                1024,
                json(contract.GetSlaveChain(user(), "logistics"))
                        .getAsJsonObject("bloomParams")
                        .get("mBits")
                        .getAsInt());
        // one more than before bounded anchors: the orderer CA of consortium()
        JsonObject listed = json(contract.ListProposals(user(), "", "100"));
        assertEquals(12, listed.getAsJsonArray("proposals").size());
        assertEquals(hijack, json(contract.GetProposal(user(), hijack.get("id").getAsString())));
        assertChaincodeRefused(
                "NOT_ADMIN",
                "only an organisation admin",
                () -> contract.ProposeChange(user(), "REGISTER_CHAIN", chainChange("x", "XMSP")));
        assertChaincodeRefused(
                "NOT_MEMBER",
                "is not a member",
                () ->
                        contract.ApproveChange(
                                admin("OutsiderMSP"),
                                hijack.get("id").getAsString(),
                                hijack.get("contentHash").getAsString()));
        assertChaincodeRefused(
                "UNKNOWN_PRODUCT_TYPE", "bikes", () -> contract.GetProcess(user(), "bikes"));
    }

    @Test
    void anchorTraceAndProveThroughTheContract() throws Throwable {
        consortium();
        AnchorEntry e = World.entry("slave-tx-1", "TID-1", "RAW_MATERIAL", "mine");
        String doc = World.anchorJson("raw-material", 0, 5, List.of(e)).toString();
        JsonObject anchored = json(tx(() -> contract.AnchorBlock(relay("RawMaterialOrgMSP"), doc)));
        assertEquals("ANCHORED", anchored.get("status").getAsString());
        assertEquals(anchored.get("masterTxId").getAsString(), ledger.lastTxId());
        assertEquals(
                "raw-material",
                json(new String(ledger.events.get("BlockAnchored"), StandardCharsets.UTF_8))
                        .get("slaveChainId")
                        .getAsString());

        // replay: success, nothing written, no event
        ledger.events.clear();
        JsonObject replay = json(contract.AnchorBlock(relay("RawMaterialOrgMSP"), doc));
        assertEquals("ALREADY_ANCHORED", replay.get("status").getAsString());
        assertEquals(0, ledger.store.pendingWrites());
        assertTrue(ledger.events.isEmpty());
        ledger.rollback();

        JsonObject trace = json(contract.Trace(user(), "TID-1"));
        assertEquals(1, trace.getAsJsonArray("entries").size());
        assertTrue(json(contract.Exists(user(), "TID-1")).get("exists").getAsBoolean());
        assertFalse(json(contract.Exists(user(), "TID-2")).get("exists").getAsBoolean());
        assertEquals(
                1,
                json(contract.FindBlocks(user(), "TID-1", "", "-1", "-1", "true"))
                        .getAsJsonArray("confirmed")
                        .size());
        assertEquals(
                1,
                json(contract.FindBlocks(user(), "TID-1", "raw-material", "0", "10", "false"))
                        .getAsJsonArray("confirmed")
                        .size());
        JsonObject proof = json(contract.Proof(user(), "raw-material", "5", "slave-tx-1"));
        assertTrue(
                BlockSummary.verify(
                        AnchorEntry.fromJson(proof.getAsJsonObject("entry")),
                        MerkleProof.fromJson(proof.getAsJsonObject("proof")),
                        Hex.decode(proof.get("merkleRoot").getAsString())));
        assertEquals(
                5,
                json(contract.GetAnchor(user(), "raw-material", "3"))
                        .get("blockNumber")
                        .getAsLong());
        assertEquals(
                5,
                json(contract.GetAnchorState(user(), "raw-material"))
                        .get("lastCovered")
                        .getAsLong());
    }

    @Test
    void refusalsCarryTheirCodes() throws Throwable {
        consortium();
        String doc =
                World.anchorJson(
                                "raw-material",
                                0,
                                5,
                                List.of(World.entry("t", "TID-1", "RAW_MATERIAL", "mine")))
                        .toString();
        assertChaincodeRefused(
                "WRONG_ORG",
                "only the anchor relay of RawMaterialOrgMSP",
                () -> contract.AnchorBlock(relay("LogisticsOrgMSP"), doc));
        assertChaincodeRefused(
                "NOT_RELAY",
                "tmsct.role=relay",
                () -> contract.AnchorBlock(admin("RawMaterialOrgMSP"), doc));
        tx(() -> contract.AnchorBlock(relay("RawMaterialOrgMSP"), doc));
        String gap = World.anchorJson("raw-material", 9, 9, List.of()).toString();
        assertChaincodeRefused(
                "BLOCK_GAP",
                "block 6 of raw-material expected, got 9",
                () -> contract.AnchorBlock(relay("RawMaterialOrgMSP"), gap));
        assertChaincodeRefused(
                "UNKNOWN_TID", "unknown trace code TID-9", () -> contract.Trace(user(), "TID-9"));
        assertChaincodeRefused(
                "BAD_REQUEST",
                "anchor",
                () -> contract.AnchorBlock(relay("RawMaterialOrgMSP"), "not json"));
        String out =
                World.anchorJson(
                                "processing",
                                0,
                                1,
                                List.of(World.entry("p", "TID-2", "PROCESSING", "plant")))
                        .toString();
        // an entry out of order is rejected alone: the anchor goes through and says why
        JsonObject answer =
                JsonParser.parseString(contract.AnchorBlock(relay("ProcessingOrgMSP"), out))
                        .getAsJsonObject();
        JsonObject rejected = answer.getAsJsonArray("rejected").get(0).getAsJsonObject();
        assertEquals("STAGE_OUT_OF_ORDER", rejected.get("code").getAsString());
        assertTrue(rejected.get("reason").getAsString().contains("needs one of [LOGISTICS] first"));
    }

    @Test
    void endorsersComputeIdenticalAnswersAndWrites() throws Throwable {
        // Two peers executing the same proposal on the same state must agree byte for byte.
        MockLedger a = new MockLedger("master");
        MockLedger b = new MockLedger("master");
        String[] answers = new String[2];
        int i = 0;
        List<AnchorEntry> entries =
                List.of(
                        World.entry("z", "TID-Z", "RAW_MATERIAL", "m"),
                        World.entry("y", "TID-Y", "RAW_MATERIAL", "m"),
                        World.entry("x", "TID-X", "RAW_MATERIAL", "m"));
        String anchor = World.anchorJson("raw-material", 0, 2, entries).toString();
        for (MockLedger l : List.of(a, b)) {
            contract.InitMembers(
                    l.as("RawMaterialOrgMSP", "admin", null, null), "[\"RawMaterialOrgMSP\"]");
            l.commit();
            for (String[] o : World.ORGS) {
                contract.ProposeChange(
                        l.as("RawMaterialOrgMSP", "admin", null, null),
                        "REGISTER_CHAIN",
                        chainChange(o[1], o[0]));
                l.commit();
            }
            contract.ProposeChange(
                    l.as("RawMaterialOrgMSP", "admin", null, null),
                    "DEFINE_PROCESS",
                    "{\"productType\":\"default\",\"definition\":" + World.defaultProcess() + "}");
            l.commit();
            contract.ProposeChange(
                    l.as("RawMaterialOrgMSP", "admin", null, null),
                    "ORDERER_CA_ROOTS",
                    ordererChange());
            l.commit();
            contract.ProposeChange(
                    l.as("RawMaterialOrgMSP", "admin", null, null),
                    "DEVICE_CA_ROOTS",
                    deviceCaChange("RawMaterialOrgMSP"));
            l.commit();
            answers[i++] =
                    contract.AnchorBlock(
                            l.as("RawMaterialOrgMSP", "client", "relay", null), anchor);
        }
        assertEquals(answers[0], answers[1]);
        assertEquals(a.store.pendingSnapshot(), b.store.pendingSnapshot());
        assertTrue(a.store.pendingWrites() > 10);
    }

    @Test
    void unexpectedFailuresBecomeAnInternalError() {
        Context ctx = mock(Context.class);
        ChaincodeStub stub = mock(ChaincodeStub.class);
        when(ctx.getStub()).thenReturn(stub);
        when(stub.getStateByPartialCompositeKey(org.mockito.ArgumentMatchers.anyString()))
                .thenThrow(new IllegalStateException("peer went away"));
        assertChaincodeRefused("INTERNAL", "peer went away", () -> contract.GetSlaveChains(ctx));
    }
}
