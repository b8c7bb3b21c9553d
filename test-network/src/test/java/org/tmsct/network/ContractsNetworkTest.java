package org.tmsct.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.network.TestNetwork.ORGS;
import static org.tmsct.network.TestNetwork.STAGES;
import static org.tmsct.network.TestNetwork.json;
import static org.tmsct.network.TestNetwork.strings;
import static org.tmsct.network.TestNetwork.submit;
import static org.tmsct.network.TestNetwork.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.tmsct.client.device.DeviceKeys;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.core.commitment.EntryAttestation;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.commitment.SignedCommitment;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.merkle.MerkleProof;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.core.record.RawRecord;
import org.tmsct.network.TestNetwork.Submitted;
import org.tmsct.relay.block.BlockHeaderHash;

/**
 * The two contracts on a real network: devices and signed records on the slave channels, anchoring
 * by the relay identity exactly as the anchor relay does it (real slave blocks, B-Merkle summaries
 * from tmsct-core, ConfirmAnchor), traces and proofs on master, and the refusals that matter, each
 * checked by the message the caller sees.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContractsNetworkTest {

    /** The organisation through whose peer the test reads master. */
    private static final String READER = "DistributorOrg";

    /** The shared key fields, as network/topology.sh declares them (its one home). */
    private static final List<String> KEY_FIELDS = topologyKeyFields();

    private static final String TID = "STEEL-0001";
    private static final String TID_2 = "STEEL-0002";

    private final TestNetwork net = new TestNetwork("contracts", 26000, "raft");

    /** What the first raw-material record and its anchor left behind, for the later tests. */
    private Submitted firstRecord;

    private JsonObject firstAnchorDoc;
    private Submitted firstAnchor;

    @BeforeAll
    void bringUp() {
        // no relays: this test anchors by hand, as the relay would
        net.scripts.run("clean.sh");
        net.scripts.runOk("up.sh");
        net.scripts.runOk("deploy.sh", "all");
        net.scripts.runOk("bootstrap.sh");
    }

    @AfterAll
    void tearDown() {
        net.close();
    }

    // --- the tests, in order ---------------------------------------------------------------------

    @Test
    @Order(1)
    void bootstrapConfiguredEverythingAndIsIdempotent() throws Exception {
        String again = net.scripts.runOk("bootstrap.sh").output();
        assertEquals(
                4, again.lines().filter(l -> l.contains("is already configured")).count(), again);
        assertEquals(
                4,
                again.lines()
                        .filter(
                                l ->
                                        l.contains("slave chain")
                                                && l.contains("is already registered"))
                        .count(),
                again);
        assertEquals(
                1,
                again.lines()
                        .filter(
                                l ->
                                        l.contains("orderer CA of")
                                                && l.contains("already registered"))
                        .count(),
                again);
        assertEquals(
                4,
                again.lines()
                        .filter(l -> l.contains("device CA of") && l.contains("trusted"))
                        .count(),
                again);
        assertTrue(again.contains("process 'default' is already defined"), again);
        assertTrue(again.contains("member organisations of 'master' are already set"), again);
        assertFalse(again.contains("approved by"), "a re-run proposes nothing: " + again);
        JsonObject members = json(master("user1").evaluateTransaction("GetMembers"));
        assertEquals(
                List.of(
                        "DistributorOrgMSP",
                        "LogisticsOrgMSP",
                        "ProcessingOrgMSP",
                        "RawMaterialOrgMSP"),
                strings(members.getAsJsonArray("msps")));
        // each chain, the process, the orderer CA and each organisation's device CA was a proposal
        // that took effect with the approvals of a majority (3 of 4)
        JsonObject proposals =
                json(master("user1").evaluateTransaction("ListProposals", "", "100"));
        assertEquals(10, proposals.getAsJsonArray("proposals").size());
        for (String org : ORGS) {
            JsonObject roots =
                    json(master("user1").evaluateTransaction("GetDeviceCaRoots", org + "MSP"));
            assertEquals(1, roots.getAsJsonArray("certificates").size(), roots.toString());
        }
        for (JsonElement p : proposals.getAsJsonArray("proposals")) {
            assertEquals("EXECUTED", p.getAsJsonObject().get("status").getAsString());
            assertEquals(3, p.getAsJsonObject().getAsJsonObject("approvals").size());
        }
        for (int i = 0; i < ORGS.length; i++) {
            JsonObject config =
                    json(
                            net.session(ORGS[i], "user1")
                                    .slaveContract()
                                    .evaluateTransaction("GetConfig"));
            assertEquals(ORGS[i] + "MSP", config.get("ownerMsp").getAsString());
            assertEquals(STAGES[i], config.get("stage").getAsString());
            assertEquals(KEY_FIELDS, strings(config.getAsJsonArray("keyFields")));
        }
        JsonArray chains =
                JsonParser.parseString(text(master("user1").evaluateTransaction("GetSlaveChains")))
                        .getAsJsonArray();
        assertEquals(4, chains.size());
        JsonObject process = json(master("user1").evaluateTransaction("GetProcess", "default"));
        assertEquals(
                List.of(STAGES),
                process.getAsJsonArray("stages").asList().stream()
                        .map(s -> s.getAsJsonObject().get("name").getAsString())
                        .toList());
    }

    @Test
    @Order(2)
    void aSignedRecordIsStoredWithoutItsRawData() throws Exception {
        net.registerDevice("RawMaterialOrg", "mine-sensor-1");
        RawRecord raw = rawRecord(TID, "RAW_MATERIAL", "Kiruna mine");
        firstRecord =
                net.record("RawMaterialOrg", "mine-sensor-1", raw, net.device("mine-sensor-1"));
        JsonObject stored = firstRecord.json();
        assertEquals("PENDING", stored.get("status").getAsString());
        assertEquals(firstRecord.txId(), stored.get("txId").getAsString());
        // Hash(D) is the root of the device's salted field commitment, not the unsalted hash
        assertFalse(raw.hashHex().equals(stored.get("dataHash").getAsString()));
        JsonObject attestation =
                json(
                        net.session("RawMaterialOrg", "user1")
                                .slaveContract()
                                .evaluateTransaction("GetAttestation", firstRecord.txId()));
        assertEquals(
                stored.get("dataHash").getAsString(),
                attestation.getAsJsonObject("signed").get("commitment").getAsString());
        assertFalse(attestation.toString().contains("supplierPrice"), attestation.toString());
        assertEquals(
                List.of("batch", "location", "product", "quantity", "temperature"),
                List.copyOf(stored.getAsJsonObject("keyData").keySet()));
        assertFalse(
                firstRecord.result().contains("supplierPrice"),
                "a private field reached the ledger");
        JsonArray byTid =
                JsonParser.parseString(
                                text(
                                        net.session("RawMaterialOrg", "user2")
                                                .slaveContract()
                                                .evaluateTransaction("GetRecords", TID)))
                        .getAsJsonArray();
        assertEquals(1, byTid.size());
    }

    @Test
    @Order(3)
    void aForgedSignatureIsRefused() {
        RawRecord raw = rawRecord(TID, "RAW_MATERIAL", "Kiruna mine, shaft 2");
        String message =
                net.failure(
                        "RawMaterialOrg",
                        () ->
                                net.record(
                                        "RawMaterialOrg",
                                        "mine-sensor-1",
                                        raw,
                                        DeviceSignature.generateKeyPair()));
        assertTrue(
                message.contains(
                        "the signature does not verify with the key of device mine-sensor-1"),
                message);
    }

    @Test
    @Order(4)
    void theRelayAnchorsTheRealSlaveBlockAndConfirmsIt() throws Exception {
        JsonObject before = anchorState("raw-material");
        assertEquals(-1, before.get("lastCovered").getAsLong());

        firstAnchorDoc = anchorDoc("RawMaterialOrg", 0, firstRecord.blockNumber());
        assertEquals(1, firstAnchorDoc.getAsJsonArray("entries").size());
        firstAnchor =
                submit(
                        net.session("RawMaterialOrg", "relay").masterContract(),
                        "AnchorBlock",
                        Map.of(),
                        firstAnchorDoc.toString());
        assertEquals("ANCHORED", firstAnchor.json().get("status").getAsString());
        assertEquals(firstAnchor.txId(), firstAnchor.json().get("masterTxId").getAsString());
        net.awaitMasterHeight(firstAnchor.blockNumber());

        JsonObject state = anchorState("raw-material");
        assertEquals(0, state.get("firstCovered").getAsLong());
        assertEquals(firstRecord.blockNumber(), state.get("lastCovered").getAsLong());

        Submitted confirmed =
                confirm(
                        "RawMaterialOrg",
                        firstRecord.blockNumber(),
                        List.of(firstRecord.txId()),
                        firstAnchor);
        assertEquals(1, confirmed.json().get("newlyAnchored").getAsInt());
        JsonObject record =
                json(
                        net.session("RawMaterialOrg", "user1")
                                .slaveContract()
                                .evaluateTransaction("GetRecord", firstRecord.txId()));
        assertEquals("ANCHORED", record.get("status").getAsString());
        assertEquals(firstAnchor.txId(), record.get("masterTxId").getAsString());
        assertEquals(firstAnchor.blockNumber(), record.get("masterBlockNumber").getAsLong());
        JsonArray history =
                JsonParser.parseString(
                                text(
                                        net.session("RawMaterialOrg", "user1")
                                                .slaveContract()
                                                .evaluateTransaction(
                                                        "GetRecordHistory", firstRecord.txId())))
                        .getAsJsonArray();
        assertEquals(
                List.of("PENDING", "ANCHORED"),
                history.asList().stream()
                        .map(
                                h ->
                                        h.getAsJsonObject()
                                                .getAsJsonObject("value")
                                                .get("status")
                                                .getAsString())
                        .toList());

        // the header hash we anchored is the one the next slave block (the confirmation) chains to
        assertEquals(firstRecord.blockNumber() + 1, confirmed.blockNumber());
        Block anchored = net.slaveBlock("RawMaterialOrg", firstRecord.blockNumber());
        Block next = net.slaveBlock("RawMaterialOrg", confirmed.blockNumber());
        assertArrayEquals(
                next.getHeader().getPreviousHash().toByteArray(),
                Hex.decode(BlockHeaderHash.hexOf(anchored.getHeader())));
        assertEquals(
                firstAnchorDoc.get("blockHash").getAsString(),
                BlockHeaderHash.hexOf(anchored.getHeader()));
    }

    @Test
    @Order(5)
    void aReplayIsAlreadyAnchoredAndWritesNothing() throws Exception {
        JsonObject stateBefore = anchorState("raw-material");
        String traceBefore = text(master("user1").evaluateTransaction("Trace", TID));
        Submitted replay =
                submit(
                        net.session("RawMaterialOrg", "relay").masterContract(),
                        "AnchorBlock",
                        Map.of(),
                        firstAnchorDoc.toString());
        assertEquals("ALREADY_ANCHORED", replay.json().get("status").getAsString());
        assertEquals(firstAnchor.txId(), replay.json().get("masterTxId").getAsString());
        net.awaitMasterHeight(replay.blockNumber());
        assertEquals(stateBefore, anchorState("raw-material"));
        assertEquals(traceBefore, text(master("user1").evaluateTransaction("Trace", TID)));
        // a confirmation replayed by the relay changes nothing either
        Submitted again =
                confirm(
                        "RawMaterialOrg",
                        firstRecord.blockNumber(),
                        List.of(firstRecord.txId()),
                        firstAnchor);
        assertEquals(0, again.json().get("newlyAnchored").getAsInt());
        assertEquals(1, again.json().get("alreadyAnchored").getAsInt());
    }

    @Test
    @Order(6)
    void aGapIsRefused() throws Exception {
        long last = anchorState("raw-material").get("lastCovered").getAsLong();
        JsonObject doc = emptyAnchorDoc("raw-material", last + 3, last + 3);
        String message =
                net.failure(
                        "RawMaterialOrg",
                        () ->
                                submit(
                                        net.session("RawMaterialOrg", "relay").masterContract(),
                                        "AnchorBlock",
                                        Map.of(),
                                        doc.toString()));
        assertTrue(
                message.contains(
                        "block " + (last + 1) + " of raw-material expected, got " + (last + 3)),
                message);
    }

    @Test
    @Order(7)
    void anotherOrganisationCannotAnchorOrRecordOnAChain() throws Exception {
        long last = anchorState("raw-material").get("lastCovered").getAsLong();
        JsonObject doc = emptyAnchorDoc("raw-material", last + 1, last + 1);
        String message =
                net.failure(
                        "LogisticsOrg",
                        () ->
                                submit(
                                        net.session("LogisticsOrg", "relay").masterContract(),
                                        "AnchorBlock",
                                        Map.of(),
                                        doc.toString()));
        assertTrue(
                message.contains(
                        "only the anchor relay of RawMaterialOrgMSP may anchor slave chain raw-material; "
                                + "the caller is from LogisticsOrgMSP"),
                message);
        // an ordinary user of the owner cannot anchor either
        String notRelay =
                net.failure(
                        "RawMaterialOrg",
                        () ->
                                submit(
                                        net.session("RawMaterialOrg", "user1").masterContract(),
                                        "AnchorBlock",
                                        Map.of(),
                                        doc.toString()));
        assertTrue(
                notRelay.contains(
                        "only an identity with attribute tmsct.role=relay may anchor blocks"),
                notRelay);
        // nor may a client of the owner register devices
        String notAdmin =
                net.failure(
                        "RawMaterialOrg",
                        () ->
                                submit(
                                        net.session("RawMaterialOrg", "user1").slaveContract(),
                                        "RegisterDevice",
                                        Map.of(),
                                        "mine-sensor-9",
                                        DeviceSignature.toPem(
                                                DeviceSignature.generateKeyPair().getPublic())));
        assertTrue(
                notAdmin.contains("only an admin of RawMaterialOrgMSP may register devices"),
                notAdmin);
    }

    @Test
    @Order(8)
    void aTamperedMerkleRootIsRefusedAndTheHonestAnchorAccepted() throws Exception {
        Submitted second =
                net.record(
                        "RawMaterialOrg",
                        "mine-sensor-1",
                        rawRecord(TID_2, "RAW_MATERIAL", "Kiruna mine"),
                        net.device("mine-sensor-1"));
        long last = anchorState("raw-material").get("lastCovered").getAsLong();
        JsonObject honest = anchorDoc("RawMaterialOrg", last + 1, second.blockNumber());
        JsonObject tampered = honest.deepCopy();
        tampered.addProperty("merkleRoot", Sha256.hex("forged".getBytes(StandardCharsets.UTF_8)));
        String message =
                net.failure(
                        "RawMaterialOrg",
                        () ->
                                submit(
                                        net.session("RawMaterialOrg", "relay").masterContract(),
                                        "AnchorBlock",
                                        Map.of(),
                                        tampered.toString()));
        assertTrue(
                message.contains(
                        "the Merkle root of block "
                                + second.blockNumber()
                                + " of raw-material does not match its 1 entries"),
                message);
        anchorAndConfirm("RawMaterialOrg", second, honest);
        assertTrue(
                json(master("user2").evaluateTransaction("Exists", TID_2))
                        .get("exists")
                        .getAsBoolean());
    }

    @Test
    @Order(10)
    void theWholeLifeIsTracedAcrossAllChainsWithProofs() throws Exception {
        List<Submitted> records = new ArrayList<>();
        records.add(firstRecord);
        for (int i = 1; i < ORGS.length; i++) {
            String device = ORGS[i].toLowerCase() + "-device-1";
            net.registerDevice(ORGS[i], device);
            Submitted r =
                    net.record(
                            ORGS[i],
                            device,
                            rawRecord(TID, STAGES[i], ORGS[i] + " site"),
                            net.device(device));
            long last = anchorState(chainOf(i)).get("lastCovered").getAsLong();
            anchorAndConfirm(
                    ORGS[i], r, anchorDoc(ORGS[i], last < 0 ? 0 : last + 1, r.blockNumber()));
            records.add(r);
        }

        JsonObject trace = json(master("user1").evaluateTransaction("Trace", TID));
        JsonArray entries = trace.getAsJsonArray("entries");
        assertEquals(4, entries.size(), trace.toString());
        for (int i = 0; i < ORGS.length; i++) {
            JsonObject e = entries.get(i).getAsJsonObject();
            assertEquals(STAGES[i], e.get("stage").getAsString());
            assertEquals(chainOf(i), e.get("slaveChainId").getAsString());
            assertEquals(ORGS[i] + "MSP", e.get("ownerMsp").getAsString());
            assertEquals(records.get(i).txId(), e.get("slaveTxId").getAsString());
            assertEquals(records.get(i).blockNumber(), e.get("slaveBlockNumber").getAsLong());
            assertTrue(e.get("txTimestamp").getAsLong() > 0);

            JsonObject proof =
                    json(
                            master("user2")
                                    .evaluateTransaction(
                                            "Proof",
                                            chainOf(i),
                                            Long.toString(records.get(i).blockNumber()),
                                            records.get(i).txId()));
            AnchorEntry entry = AnchorEntry.fromJson(proof.getAsJsonObject("entry"));
            assertEquals(TID, entry.tid());
            assertTrue(
                    BlockSummary.verify(
                            entry,
                            MerkleProof.fromJson(proof.getAsJsonObject("proof")),
                            Hex.decode(proof.get("merkleRoot").getAsString())),
                    "proof of " + chainOf(i) + " does not verify");
            assertEquals(
                    BlockHeaderHash.hexOf(
                            net.slaveBlock(ORGS[i], records.get(i).blockNumber()).getHeader()),
                    proof.get("blockHash").getAsString());
        }
        JsonObject exists = json(master("user1").evaluateTransaction("Exists", TID));
        assertEquals(4, exists.getAsJsonArray("blocks").size());
        JsonObject bits =
                json(
                        master("user1")
                                .evaluateTransaction("FindBlocks", TID, "", "-1", "-1", "true"));
        JsonObject walk =
                json(
                        master("user1")
                                .evaluateTransaction("FindBlocks", TID, "", "-1", "-1", "false"));
        assertEquals(4, bits.getAsJsonArray("confirmed").size(), bits.toString());
        assertEquals(bits.get("confirmed"), walk.get("confirmed"));
        assertEquals("bit-sliced", bits.get("method").getAsString());
    }

    @Test
    @Order(11)
    void aStageOutOfOrderIsRejectedAloneAndMarkedOnItsSlaveChannel() throws Exception {
        // STEEL-0002 has only left the mine; processing it before logistics breaks the process.
        // The slave contract leaves stage order to master (the earlier stage may be anchored
        // first), so the record is stored; master anchors its block but rejects the entry.
        Submitted r =
                net.record(
                        "ProcessingOrg",
                        "processingorg-device-1",
                        rawRecord(TID_2, "PROCESSING", "rolling mill"),
                        net.device("processingorg-device-1"));
        long last = anchorState("processing").get("lastCovered").getAsLong();
        JsonObject doc = anchorDoc("ProcessingOrg", last + 1, r.blockNumber());
        Submitted anchor =
                submit(
                        net.session("ProcessingOrg", "relay").masterContract(),
                        "AnchorBlock",
                        Map.of(),
                        doc.toString());
        assertEquals("ANCHORED", anchor.json().get("status").getAsString(), anchor.result());
        assertEquals(0, anchor.json().get("entryCount").getAsInt(), anchor.result());
        JsonObject rejected = anchor.json().getAsJsonArray("rejected").get(0).getAsJsonObject();
        assertEquals(r.txId(), rejected.get("txId").getAsString());
        assertEquals("STAGE_OUT_OF_ORDER", rejected.get("code").getAsString());
        String reason = rejected.get("reason").getAsString();
        assertTrue(
                reason.contains(
                        "stage PROCESSING of TID "
                                + TID_2
                                + " needs one of [LOGISTICS] first, but the TID has [RAW_MATERIAL]"),
                reason);
        net.awaitMasterHeight(anchor.blockNumber());
        assertEquals(r.blockNumber(), anchorState("processing").get("lastCovered").getAsLong());

        // Not in the trace, and no proof of it.
        JsonArray trace =
                json(master("user1").evaluateTransaction("Trace", TID_2)).getAsJsonArray("entries");
        for (JsonElement e : trace) {
            assertFalse(
                    e.getAsJsonObject().get("slaveTxId").getAsString().equals(r.txId()),
                    trace.toString());
        }
        String noProof =
                net.failure(
                        "ProcessingOrg",
                        () ->
                                master("user1")
                                        .evaluateTransaction(
                                                "Proof",
                                                "processing",
                                                Long.toString(r.blockNumber()),
                                                r.txId()));
        assertTrue(noProof.contains("TX_NOT_IN_BLOCK"), noProof);

        // ConfirmAnchor marks it REJECTED, with master's code and reason, on its slave channel.
        JsonObject c = new JsonObject();
        c.addProperty("slaveBlockNumber", r.blockNumber());
        c.add("txIds", new JsonArray());
        JsonArray refused = new JsonArray();
        JsonObject item = new JsonObject();
        item.addProperty("txId", r.txId());
        item.addProperty("code", "STAGE_OUT_OF_ORDER");
        item.addProperty("reason", reason);
        refused.add(item);
        c.add("rejected", refused);
        c.addProperty("masterTxId", anchor.txId());
        c.addProperty("masterBlockNumber", anchor.blockNumber());
        Submitted confirmed =
                submit(
                        net.session("ProcessingOrg", "relay").slaveContract(),
                        "ConfirmAnchor",
                        Map.of(),
                        c.toString());
        assertEquals(1, confirmed.json().get("newlyRejected").getAsInt(), confirmed.result());
        JsonObject stored = net.storedRecord("ProcessingOrg", r.txId());
        assertEquals("REJECTED", stored.get("status").getAsString(), stored.toString());
        assertEquals("STAGE_OUT_OF_ORDER", stored.get("rejectionCode").getAsString());
        assertEquals(anchor.txId(), stored.get("masterTxId").getAsString());
    }

    @Test
    @Order(12)
    void anUnknownTraceCodeIsRefused() {
        String message =
                net.failure(
                        "DistributorOrg",
                        () -> master("user1").evaluateTransaction("Trace", "NO-SUCH-TID"));
        assertTrue(message.contains("UNKNOWN_TID: unknown trace code NO-SUCH-TID"), message);
        assertEquals(
                "{\"blocks\":[],\"exists\":false,\"tid\":\"NO-SUCH-TID\"}",
                assertDoesNotThrow(
                        () -> text(master("user1").evaluateTransaction("Exists", "NO-SUCH-TID"))));
    }

    @Test
    @Order(13)
    void aSingleAdminCannotReOwnAnAnchoredChain() throws Exception {
        int proposals = proposalCount();
        // raw-material has anchors (order 4): its owner never changes, whoever proposes it
        String message =
                net.failure(
                        "DistributorOrg",
                        () ->
                                propose(
                                        "DistributorOrg",
                                        "REGISTER_CHAIN",
                                        chainChange("raw-material", "DistributorOrgMSP")));
        assertTrue(message.contains("so its owner and channel never change"), message);
        String locked =
                net.failure(
                        "DistributorOrg",
                        () ->
                                propose(
                                        "DistributorOrg",
                                        "CHAIN_OPTIONS",
                                        "{\"id\":\"raw-material\",\"options\":{\"k\":3}}"));
        assertTrue(locked.contains("can no longer change"), locked);
        String notAdmin =
                net.failure(
                        "DistributorOrg",
                        () ->
                                submit(
                                        net.master("DistributorOrg", "user1"),
                                        "ProposeChange",
                                        Map.of(),
                                        "REGISTER_CHAIN",
                                        chainChange("raw-material", "DistributorOrgMSP")));
        assertTrue(notAdmin.contains("only an organisation admin may propose changes"), notAdmin);
        assertEquals(proposals, proposalCount(), "a refused proposal wrote nothing");
        JsonObject chain =
                json(master("user1").evaluateTransaction("GetSlaveChain", "raw-material"));
        assertEquals("RawMaterialOrgMSP", chain.get("ownerMsp").getAsString());
        assertEquals(7, chain.getAsJsonObject("bloomParams").get("k").getAsInt());
    }

    @Test
    @Order(14)
    void oneAdminsChangeIsOnlyAProposalUntilAMajorityApproves() throws Exception {
        // a chain with no anchors yet, registered by majority
        JsonObject extra =
                propose(
                        "LogisticsOrg",
                        "REGISTER_CHAIN",
                        chainChange("gov-extra", "LogisticsOrgMSP"));
        assertEquals("PENDING", extra.get("status").getAsString());
        approve("RawMaterialOrg", extra);
        assertEquals(
                "EXECUTED",
                approve("ProcessingOrg", extra).getAsJsonObject().get("status").getAsString());

        // one admin re-owns it, changes its filter and redefines the default process: no effect
        JsonObject reOwn =
                propose(
                        "DistributorOrg",
                        "REGISTER_CHAIN",
                        chainChange("gov-extra", "DistributorOrgMSP"));
        JsonObject options =
                propose(
                        "DistributorOrg",
                        "CHAIN_OPTIONS",
                        "{\"id\":\"gov-extra\",\"options\":{\"k\":5}}");
        JsonObject process =
                propose(
                        "DistributorOrg",
                        "DEFINE_PROCESS",
                        "{\"productType\":\"default\",\"definition\":{\"stages\":[{\"name\":\"DISTRIBUTION\","
                                + "\"slaveChainId\":\"distribution\",\"keyFields\":[\"batch\"]}]}}");
        for (JsonObject p : List.of(reOwn, options, process)) {
            assertEquals("PENDING", p.get("status").getAsString(), p.toString());
            assertEquals(
                    List.of("DistributorOrgMSP"),
                    List.copyOf(p.getAsJsonObject("approvals").keySet()));
        }
        JsonObject chain = json(master("user1").evaluateTransaction("GetSlaveChain", "gov-extra"));
        assertEquals("LogisticsOrgMSP", chain.get("ownerMsp").getAsString());
        assertEquals(7, chain.getAsJsonObject("bloomParams").get("k").getAsInt());
        assertEquals(
                List.of(STAGES),
                json(master("user1").evaluateTransaction("GetProcess", "default"))
                        .getAsJsonArray("stages")
                        .asList()
                        .stream()
                        .map(st -> st.getAsJsonObject().get("name").getAsString())
                        .toList());
        assertEquals(
                1,
                JsonParser.parseString(
                                text(
                                        master("user1")
                                                .evaluateTransaction(
                                                        "GetProcessHistory", "default")))
                        .getAsJsonArray()
                        .size());

        // an approval must name the content it approves; a second approval changes nothing
        String mismatch =
                net.failure(
                        "LogisticsOrg",
                        () ->
                                submit(
                                        net.master("LogisticsOrg", "admin"),
                                        "ApproveChange",
                                        Map.of(),
                                        options.get("id").getAsString(),
                                        "0".repeat(64)));
        assertTrue(mismatch.contains("read it again with GetProposal"), mismatch);
        assertEquals("PENDING", approve("DistributorOrg", options).get("status").getAsString());

        // with a majority (3 of 4) each takes effect
        approve("LogisticsOrg", options);
        assertEquals("EXECUTED", approve("ProcessingOrg", options).get("status").getAsString());
        approve("RawMaterialOrg", reOwn);
        Submitted last =
                submit(
                        net.master("ProcessingOrg", "admin"),
                        "ApproveChange",
                        Map.of(),
                        reOwn.get("id").getAsString(),
                        reOwn.get("contentHash").getAsString());
        assertEquals("EXECUTED", last.json().get("status").getAsString());
        net.awaitMasterHeight(last.blockNumber());
        chain = json(master("user1").evaluateTransaction("GetSlaveChain", "gov-extra"));
        assertEquals("DistributorOrgMSP", chain.get("ownerMsp").getAsString());
        assertEquals(5, chain.getAsJsonObject("bloomParams").get("k").getAsInt());
        JsonObject shown =
                json(
                        master("user1")
                                .evaluateTransaction("GetProposal", reOwn.get("id").getAsString()));
        assertEquals(
                List.of("DistributorOrgMSP", "ProcessingOrgMSP", "RawMaterialOrgMSP"),
                List.copyOf(shown.getAsJsonObject("approvals").keySet()));
        // the lone process redefinition is still only a proposal
        assertEquals(
                "PENDING",
                json(master("user1")
                                .evaluateTransaction(
                                        "GetProposal", process.get("id").getAsString()))
                        .get("status")
                        .getAsString());
        assertEquals(
                4,
                json(master("user1").evaluateTransaction("GetProcess", "default"))
                        .getAsJsonArray("stages")
                        .size());
    }

    @Test
    @Order(15)
    void notesAreForMembersAndNobodyOverwritesAnothersNote() throws Exception {
        submit(
                net.master("LogisticsOrg", "user1"),
                "PutNote",
                Map.of(),
                "gov-note",
                "logistics' own");
        String message =
                net.failure(
                        "RawMaterialOrg",
                        () ->
                                submit(
                                        net.master("RawMaterialOrg", "user1"),
                                        "PutNote",
                                        Map.of(),
                                        "gov-note",
                                        "overwritten"));
        assertTrue(message.contains("belongs to LogisticsOrgMSP"), message);
        String tooLarge =
                net.failure(
                        "LogisticsOrg",
                        () ->
                                submit(
                                        net.master("LogisticsOrg", "user1"),
                                        "PutNote",
                                        Map.of(),
                                        "gov-big",
                                        "x".repeat(128 * 1024 + 1)));
        assertTrue(tooLarge.contains("more than the maximum"), tooLarge);
        assertEquals(
                "logistics' own",
                text(
                        net.master("LogisticsOrg", "user1")
                                .evaluateTransaction("GetNote", "gov-note")));
    }

    @Test
    @Order(9)
    void aRangeThatRunsAheadOfTheSlaveBlocksIsRefusedAndWritesNothing() throws Exception {
        String org = "RawMaterialOrg";
        String chain = net.slaveChannel(org);
        // a new record, so the range ends with a block that holds one
        Submitted r =
                net.record(
                        org,
                        "mine-sensor-1",
                        rawRecord("STEEL-AHEAD", "RAW_MATERIAL", "Kiruna mine"),
                        net.device("mine-sensor-1"));
        long last = anchorState(chain).get("lastCovered").getAsLong();
        JsonObject honest = anchorDoc(org, last + 1, r.blockNumber());
        JsonObject stateBefore = anchorState(chain);

        // 1. blocks that were never cut: two more headers after the record's block, linked and
        // well formed, but with no orderer signature on the last (the real block's is reused)
        long height = slaveHeight(org);
        JsonObject ahead = honest.deepCopy();
        BlockHeader previous = net.slaveBlock(org, r.blockNumber()).getHeader();
        JsonArray headers = ahead.getAsJsonArray("headers");
        for (long b = r.blockNumber() + 1; b <= height + 1; b++) {
            BlockHeader h =
                    BlockHeader.newBuilder()
                            .setNumber(b)
                            .setPreviousHash(
                                    com.google.protobuf.ByteString.copyFrom(
                                            BlockHeaderHash.of(previous)))
                            .setDataHash(
                                    com.google.protobuf.ByteString.copyFrom(
                                            Sha256.digest(
                                                    ("not cut " + b)
                                                            .getBytes(StandardCharsets.UTF_8))))
                            .build();
            headers.add(Hex.encode(h.toByteArray()));
            previous = h;
        }
        ahead.addProperty("blockNumber", height + 1);
        ahead.addProperty("blockHash", BlockHeaderHash.hexOf(previous));
        String notCut = refusedAnchor(org, ahead);
        assertTrue(
                notCut.contains("ORDERER_SIGNATURE_INVALID")
                        && notCut.contains("does not verify over the header"),
                notCut);

        // 2. headers that do not link to the previous anchor
        JsonObject unlinked = honest.deepCopy();
        BlockHeader first =
                BlockHeader.parseFrom(
                        Hex.decode(unlinked.getAsJsonArray("headers").get(0).getAsString()));
        unlinked.getAsJsonArray("headers")
                .set(
                        0,
                        new JsonPrimitive(
                                Hex.encode(
                                        first.toBuilder()
                                                .setPreviousHash(
                                                        com.google.protobuf.ByteString.copyFrom(
                                                                new byte[32]))
                                                .build()
                                                .toByteArray())));
        String broken = refusedAnchor(org, unlinked);
        assertTrue(broken.contains("HEADER_CHAIN_BROKEN"), broken);

        // 3. the real last header, signed by an identity that is not an orderer of the registered
        // orderer CA (a key and certificate of its own, in the orderer MSP's name)
        JsonObject impostor = honest.deepCopy();
        impostor.addProperty(
                "ordererSignatures",
                Hex.encode(impostorSignature(net.slaveBlock(org, r.blockNumber()).getHeader())));
        String notOrderer = refusedAnchor(org, impostor);
        assertTrue(
                notOrderer.contains("ORDERER_NOT_REGISTERED")
                        && notOrderer.contains("was not issued by a registered CA of OrdererMSP"),
                notOrderer);

        // nothing was written; the honest anchor of the same range is accepted
        assertEquals(stateBefore, anchorState(chain));
        anchorAndConfirm(org, r, honest);
        assertEquals(r.blockNumber(), anchorState(chain).get("lastCovered").getAsLong());
    }

    /** Submits as the relay; the refusal message (the anchor must be refused). */
    private String refusedAnchor(String org, JsonObject doc) {
        return net.failure(
                org,
                () ->
                        submit(
                                net.session(org, "relay").masterContract(),
                                "AnchorBlock",
                                Map.of(),
                                doc.toString()));
    }

    /**
     * A SIGNATURES metadata over {@code header} by a self-made "orderer" (not of OrdererMSP's CA).
     */
    private static byte[] impostorSignature(BlockHeader header) throws Exception {
        java.security.KeyPair keys = DeviceSignature.generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name =
                new org.bouncycastle.asn1.x500.X500Name("CN=orderer1.tmsct.local,OU=orderer");
        java.security.cert.X509Certificate cert =
                new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                        .getCertificate(
                                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                                                name,
                                                java.math.BigInteger.ONE,
                                                new java.util.Date(
                                                        System.currentTimeMillis() - 86_400_000L),
                                                new java.util.Date(
                                                        System.currentTimeMillis() + 86_400_000L),
                                                name,
                                                keys.getPublic())
                                        .build(
                                                new org.bouncycastle.operator.jcajce
                                                                .JcaContentSignerBuilder(
                                                                "SHA256withECDSA")
                                                        .build(keys.getPrivate())));
        String pem =
                "-----BEGIN CERTIFICATE-----\n"
                        + java.util.Base64.getMimeEncoder(
                                        64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(cert.getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
        byte[] signatureHeader =
                org.hyperledger.fabric.protos.common.SignatureHeader.newBuilder()
                        .setCreator(
                                org.hyperledger.fabric.protos.msp.SerializedIdentity.newBuilder()
                                        .setMspid("OrdererMSP")
                                        .setIdBytes(
                                                com.google.protobuf.ByteString.copyFromUtf8(pem))
                                        .build()
                                        .toByteString())
                        .build()
                        .toByteArray();
        java.io.ByteArrayOutputStream signed = new java.io.ByteArrayOutputStream();
        signed.writeBytes(signatureHeader);
        signed.writeBytes(
                org.tmsct.core.block.BlockHeaderBytes.der(
                        header.getNumber(),
                        header.getPreviousHash().toByteArray(),
                        header.getDataHash().toByteArray()));
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
        s.initSign(keys.getPrivate());
        s.update(signed.toByteArray());
        return org.hyperledger.fabric.protos.common.Metadata.newBuilder()
                .addSignatures(
                        org.hyperledger.fabric.protos.common.MetadataSignature.newBuilder()
                                .setSignatureHeader(
                                        com.google.protobuf.ByteString.copyFrom(signatureHeader))
                                .setSignature(com.google.protobuf.ByteString.copyFrom(s.sign())))
                .build()
                .toByteArray();
    }

    // --- governance ------------------------------------------------------------------------------

    private static String chainChange(String id, String owner) {
        return "{\"id\":\""
                + id
                + "\",\"channelName\":\""
                + id
                + "\",\"ownerMsp\":\""
                + owner
                + "\"}";
    }

    /** Proposes as {@code org}'s admin; the proposal, readable through every peer afterwards. */
    private JsonObject propose(String org, String kind, String change) throws Exception {
        Submitted s = submit(net.master(org, "admin"), "ProposeChange", Map.of(), kind, change);
        net.awaitMasterHeight(s.blockNumber());
        return s.json();
    }

    private JsonObject approve(String org, JsonObject proposal) throws Exception {
        Submitted s =
                submit(
                        net.master(org, "admin"),
                        "ApproveChange",
                        Map.of(),
                        proposal.get("id").getAsString(),
                        proposal.get("contentHash").getAsString());
        net.awaitMasterHeight(s.blockNumber());
        return s.json();
    }

    /** Every proposal on master, read a page at a time. */
    private int proposalCount() throws Exception {
        int count = 0;
        String bookmark = "";
        do {
            JsonObject page =
                    json(master("user1").evaluateTransaction("ListProposals", bookmark, "100"));
            count += page.getAsJsonArray("proposals").size();
            bookmark = page.get("bookmark").getAsString();
        } while (!bookmark.isEmpty());
        return count;
    }

    // --- a relay identity anchors what no registered device signed ------------------------------

    private int forgeries;

    /**
     * A real raw-material record and the anchor document of its block, as the relay would send it,
     * for a forgery to change. The record's TID is fresh, so nothing else anchors it.
     */
    private JsonObject honestDocForFreshRecord(String tid) throws Exception {
        Submitted r =
                net.record(
                        "RawMaterialOrg",
                        "mine-sensor-1",
                        rawRecord(tid, "RAW_MATERIAL", "Kiruna mine"),
                        net.device("mine-sensor-1"));
        long last = anchorState("raw-material").get("lastCovered").getAsLong();
        JsonObject doc = anchorDoc("RawMaterialOrg", last + 1, r.blockNumber());
        assertEquals(1, doc.getAsJsonArray("entries").size(), doc.toString());
        return doc;
    }

    /**
     * Replaces entry 0's attestation with one that {@code deviceId} of {@code org} signs at {@code
     * at} over a fresh commitment to {@code raw}, and its Hash(D) with that commitment's root.
     */
    private void resign(JsonObject doc, String org, String deviceId, RawRecord raw, Instant at)
            throws Exception {
        DeviceKeys keys = new DeviceKeys(net.scripts.stateDir(), org);
        if (!Files.exists(keys.certFile(deviceId))) {
            keys.generate(net.org(org), deviceId, "admin");
        }
        FieldCommitment c = FieldCommitment.commit(raw, new SecureRandom());
        SignedCommitment signed = SignedCommitment.sign(c, deviceId, at, keys.privateKey(deviceId));
        JsonObject entry = doc.getAsJsonArray("entries").get(0).getAsJsonObject();
        entry.addProperty("dataHash", c.rootHex());
        EntryAttestation a =
                new EntryAttestation(
                        signed,
                        c.discloseKeyData(entry.getAsJsonObject("keyData").keySet()),
                        Files.readString(keys.certFile(deviceId)));
        doc.getAsJsonArray("attestations").set(0, a.toJsonObject());
        resummarize(doc);
    }

    /**
     * Anchors {@code doc} as RawMaterialOrg's relay and asserts that master rejected its only entry
     * with {@code code} and a reason holding {@code fragment}, and wrote nothing of it: no trace
     * entry, no existence, no proof.
     */
    private void assertForgeryRejected(JsonObject doc, String code, String fragment)
            throws Exception {
        JsonObject entry = doc.getAsJsonArray("entries").get(0).getAsJsonObject();
        String tid = entry.get("tid").getAsString();
        Submitted anchor =
                submit(
                        net.session("RawMaterialOrg", "relay").masterContract(),
                        "AnchorBlock",
                        Map.of(),
                        doc.toString());
        assertEquals("ANCHORED", anchor.json().get("status").getAsString(), anchor.result());
        assertEquals(0, anchor.json().get("entryCount").getAsInt(), anchor.result());
        JsonObject rejected = anchor.json().getAsJsonArray("rejected").get(0).getAsJsonObject();
        assertEquals(code, rejected.get("code").getAsString(), rejected.toString());
        assertTrue(rejected.get("reason").getAsString().contains(fragment), rejected.toString());
        net.awaitMasterHeight(anchor.blockNumber());
        JsonObject exists = json(master("user1").evaluateTransaction("Exists", tid));
        assertFalse(exists.get("exists").getAsBoolean(), exists.toString());
        String noProof =
                net.failure(
                        "RawMaterialOrg",
                        () ->
                                master("user1")
                                        .evaluateTransaction(
                                                "Proof",
                                                "raw-material",
                                                Long.toString(doc.get("blockNumber").getAsLong()),
                                                entry.get("txId").getAsString()));
        assertTrue(noProof.contains("TX_NOT_IN_BLOCK"), noProof);
    }

    private String forgedTid() {
        return "FORGED-" + (++forgeries);
    }

    @Test
    @Order(20)
    void aWellFormedEntryWithNoDeviceSignatureIsRejected() throws Exception {
        JsonObject doc = honestDocForFreshRecord(forgedTid());
        doc.getAsJsonArray("attestations").set(0, com.google.gson.JsonNull.INSTANCE);
        assertForgeryRejected(doc, "DEVICE_SIGNATURE_INVALID", "no device signature");
    }

    @Test
    @Order(21)
    void aDeviceSignedEntryWithOneKeyFieldChangedIsRejected() throws Exception {
        JsonObject doc = honestDocForFreshRecord(forgedTid());
        doc.getAsJsonArray("entries")
                .get(0)
                .getAsJsonObject()
                .getAsJsonObject("keyData")
                .addProperty("location", "a mine the device never saw");
        resummarize(doc);
        assertForgeryRejected(doc, "DISCLOSURE_INVALID", "/fields/location");
    }

    @Test
    @Order(22)
    void anEntrySignedByAnotherOrganisationsDeviceIsRejected() throws Exception {
        String tid = forgedTid();
        JsonObject doc = honestDocForFreshRecord(tid);
        resign(
                doc,
                "LogisticsOrg",
                "forger-truck-1",
                rawRecord(tid, "RAW_MATERIAL", "Kiruna mine"),
                Instant.now());
        assertForgeryRejected(
                doc, "DEVICE_CERT_UNTRUSTED", "not issued by a device CA of RawMaterialOrgMSP");
    }

    @Test
    @Order(23)
    void anEntrySignedByARevokedDeviceIsRejected() throws Exception {
        net.registerDevice("RawMaterialOrg", "mine-sensor-stolen");
        Submitted revoked =
                submit(
                        net.session("RawMaterialOrg", "admin").slaveContract(),
                        "RevokeDevice",
                        Map.of(),
                        "mine-sensor-stolen");
        long revokedAt = revoked.json().get("revokedAt").getAsLong();
        Submitted reported =
                submit(
                        net.session("RawMaterialOrg", "admin").masterContract(),
                        "ReportDeviceRevocation",
                        Map.of(),
                        "mine-sensor-stolen",
                        Long.toString(revokedAt));
        assertEquals(revokedAt, reported.json().get("revokedAt").getAsLong());
        String tid = forgedTid();
        JsonObject doc = honestDocForFreshRecord(tid);
        resign(
                doc,
                "RawMaterialOrg",
                "mine-sensor-stolen",
                rawRecord(tid, "RAW_MATERIAL", "Kiruna mine"),
                Instant.ofEpochMilli(Math.max(revokedAt, System.currentTimeMillis())));
        assertForgeryRejected(
                doc, "DEVICE_REVOKED", "device mine-sensor-stolen of RawMaterialOrgMSP");
    }

    @Test
    @Order(24)
    void anEntrySignedOutsideTheTimeWindowIsRejected() throws Exception {
        String tid = forgedTid();
        JsonObject doc = honestDocForFreshRecord(tid);
        resign(
                doc,
                "RawMaterialOrg",
                "mine-sensor-1",
                rawRecord(tid, "RAW_MATERIAL", "Kiruna mine"),
                Instant.now().minus(EntryAttestation.MAX_AGE).minus(Duration.ofHours(1)));
        assertForgeryRejected(doc, "SIGNING_TIME_OUTSIDE_WINDOW", "outside the window");
    }

    /**
     * The private-data design of the benchmarks: the note lands in the writer's implicit
     * collection, endorsed by its own peer alone; other organisations cannot read it, and the
     * master block that every peer keeps carries only its hash.
     */
    @Test
    @Order(25)
    void aPrivateNoteStaysWithItsWriterAndTheBlockCarriesOnlyItsHash() throws Exception {
        String secret = "furnace log " + UUID.randomUUID();
        Submitted s =
                submit(
                        net.master("LogisticsOrg", "user1"),
                        "PutPrivateNote",
                        Map.of("note", secret.getBytes(StandardCharsets.UTF_8)),
                        "pdc-note");
        net.awaitMasterHeight(s.blockNumber());
        assertEquals(
                secret,
                text(
                        net.master("LogisticsOrg", "user1")
                                .evaluateTransaction("GetPrivateNote", "pdc-note")));
        String other =
                net.failure(
                        "RawMaterialOrg",
                        () ->
                                net.master("RawMaterialOrg", "user1")
                                        .evaluateTransaction("GetPrivateNote", "pdc-note"));
        assertTrue(other.contains("no private note 'pdc-note' of RawMaterialOrgMSP"), other);
        for (String org : TestNetwork.ORGS) {
            byte[] block =
                    net.session(org, "user1")
                            .network("master")
                            .getContract("qscc")
                            .evaluateTransaction(
                                    "GetBlockByNumber", "master", Long.toString(s.blockNumber()));
            String bytes = new String(block, StandardCharsets.ISO_8859_1);
            assertTrue(
                    bytes.contains(s.txId()), "block " + s.blockNumber() + " holds the note's tx");
            assertFalse(bytes.contains(secret), org + "'s copy of the block holds the note itself");
        }
        // no transient note: refused, nothing written
        String missing =
                net.failure(
                        "LogisticsOrg",
                        () ->
                                submit(
                                        net.master("LogisticsOrg", "user1"),
                                        "PutPrivateNote",
                                        Map.of(),
                                        "pdc-none"));
        assertTrue(missing.contains("transient data 'note'"), missing);
    }

    // --- what the relay does ---------------------------------------------------------------------

    /**
     * The anchor document for slave blocks first..last of the org's chain, entries read from block
     * {@code last}.
     */
    private JsonObject anchorDoc(String org, long first, long last) throws Exception {
        Block block = net.slaveBlock(org, last);
        List<AnchorEntry> entries = new ArrayList<>();
        JsonArray attestations = new JsonArray();
        Contract slave = net.session(org, "relay").slaveContract();
        for (String txId : validTxIds(block)) {
            JsonObject record;
            try {
                record = json(slave.evaluateTransaction("GetRecord", txId));
            } catch (GatewayException e) {
                continue; // not a Record transaction (ConfirmAnchor, notes, ...)
            }
            TreeMap<String, JsonElement> keyData = new TreeMap<>();
            record.getAsJsonObject("keyData")
                    .entrySet()
                    .forEach(kv -> keyData.put(kv.getKey(), kv.getValue()));
            entries.add(
                    new AnchorEntry(
                            txId,
                            record.get("tid").getAsString(),
                            record.get("stage").getAsString(),
                            keyData,
                            record.get("dataHash").getAsString()));
            // what the relay takes from the RecordCreated event: the slave contract's attestation
            attestations.add(json(slave.evaluateTransaction("GetAttestation", txId)));
        }
        String chain = net.org(org).slaveChannel();
        BlockSummary summary =
                BlockSummary.build(
                        chain,
                        last,
                        BlockHeaderHash.hexOf(block.getHeader()),
                        entries,
                        BloomParams.DEFAULT);
        JsonArray array = new JsonArray();
        entries.forEach(e -> array.add(e.toJsonObject()));
        JsonObject doc = new JsonObject();
        doc.addProperty("slaveChainId", chain);
        doc.addProperty("productType", "default");
        doc.addProperty("firstBlock", first);
        doc.addProperty("blockNumber", last);
        doc.addProperty("blockHash", summary.blockHash());
        doc.add("entries", array);
        doc.addProperty("merkleRoot", summary.merkleRootHex());
        doc.addProperty("bloomFilter", summary.filter().toBase64());
        // bounded anchors: the headers of first..last and the orderer's signatures on the last
        JsonArray headers = new JsonArray();
        for (long b = first; b <= last; b++) {
            headers.add(Hex.encode(net.slaveBlock(org, b).getHeader().toByteArray()));
        }
        doc.add("headers", headers);
        doc.addProperty("ordererSignatures", Hex.encode(ordererSignatures(block)));
        doc.add("attestations", attestations);
        return doc;
    }

    private static byte[] ordererSignatures(Block block) {
        return block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE).toByteArray();
    }

    /** The height of the org's slave channel (the number of its last block + 1). */
    private long slaveHeight(String org) throws Exception {
        String channel = net.slaveChannel(org);
        return BlockchainInfo.parseFrom(
                        net.session(org, "relay")
                                .network(channel)
                                .getContract("qscc")
                                .evaluateTransaction("GetChainInfo", channel))
                .getHeight();
    }

    /** The Merkle root and filter of {@code doc} rebuilt from its (changed) entries. */
    private static void resummarize(JsonObject doc) {
        List<AnchorEntry> entries = new ArrayList<>();
        doc.getAsJsonArray("entries")
                .forEach(e -> entries.add(AnchorEntry.fromJson(e.getAsJsonObject())));
        BlockSummary summary =
                BlockSummary.build(
                        doc.get("slaveChainId").getAsString(),
                        doc.get("blockNumber").getAsLong(),
                        doc.get("blockHash").getAsString(),
                        entries,
                        BloomParams.DEFAULT);
        doc.addProperty("merkleRoot", summary.merkleRootHex());
        doc.addProperty("bloomFilter", summary.filter().toBase64());
    }

    private static JsonObject emptyAnchorDoc(String chain, long first, long last) {
        BlockSummary summary =
                BlockSummary.build(
                        chain, last, Sha256.hex(new byte[0]), List.of(), BloomParams.DEFAULT);
        JsonObject doc = new JsonObject();
        doc.addProperty("slaveChainId", chain);
        doc.addProperty("firstBlock", first);
        doc.addProperty("blockNumber", last);
        doc.addProperty("blockHash", summary.blockHash());
        doc.add("entries", new JsonArray());
        doc.addProperty("merkleRoot", summary.merkleRootHex());
        doc.addProperty("bloomFilter", summary.filter().toBase64());
        return doc;
    }

    private void anchorAndConfirm(String org, Submitted record, JsonObject doc) throws Exception {
        Submitted anchor =
                submit(
                        net.session(org, "relay").masterContract(),
                        "AnchorBlock",
                        Map.of(),
                        doc.toString());
        assertEquals("ANCHORED", anchor.json().get("status").getAsString(), anchor.result());
        net.awaitMasterHeight(anchor.blockNumber());
        Submitted confirmed = confirm(org, record.blockNumber(), List.of(record.txId()), anchor);
        assertEquals(1, confirmed.json().get("newlyAnchored").getAsInt());
    }

    private Submitted confirm(String org, long slaveBlock, List<String> txIds, Submitted anchor)
            throws Exception {
        JsonObject c = new JsonObject();
        c.addProperty("slaveBlockNumber", slaveBlock);
        JsonArray ids = new JsonArray();
        txIds.forEach(ids::add);
        c.add("txIds", ids);
        c.addProperty("masterTxId", anchor.txId());
        c.addProperty("masterBlockNumber", anchor.blockNumber());
        return submit(
                net.session(org, "relay").slaveContract(), "ConfirmAnchor", Map.of(), c.toString());
    }

    /** Ids of the block's valid endorser transactions, in block order. */
    private static List<String> validTxIds(Block block) throws Exception {
        byte[] filter =
                block.getMetadata()
                        .getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
                        .toByteArray();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            Payload payload =
                    Payload.parseFrom(Envelope.parseFrom(block.getData().getData(i)).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (header.getType() == HeaderType.ENDORSER_TRANSACTION_VALUE && filter[i] == 0) {
                out.add(header.getTxId());
            }
        }
        return out;
    }

    // --- devices and records ---------------------------------------------------------------------

    private static RawRecord rawRecord(String tid, String stage, String location) {
        TreeMap<String, JsonElement> fields = new TreeMap<>();
        fields.put("batch", new JsonPrimitive("HEAT-8812"));
        fields.put("product", new JsonPrimitive("steel coil"));
        fields.put("quantity", new JsonPrimitive(12));
        fields.put("location", new JsonPrimitive(location));
        fields.put("temperature", new JsonPrimitive(21.5));
        fields.put("supplierPrice", new JsonPrimitive(731.25));
        return new RawRecord(tid, stage, fields);
    }

    // --- plumbing --------------------------------------------------------------------------------

    private Contract master(String identity) {
        return net.master(READER, identity);
    }

    private JsonObject anchorState(String chain) throws Exception {
        return json(master("user1").evaluateTransaction("GetAnchorState", chain));
    }

    private String chainOf(int orgIndex) {
        return net.slaveChannel(ORGS[orgIndex]);
    }

    private static List<String> topologyKeyFields() {
        try {
            Process p =
                    new ProcessBuilder(
                                    "bash",
                                    "-c",
                                    "source network/topology.sh && printf '%s' \"$KEY_FIELDS\"")
                            .directory(NetworkScripts.REPO.toFile())
                            .redirectErrorStream(true)
                            .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            return strings(JsonParser.parseString(out).getAsJsonArray());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("cannot read KEY_FIELDS from network/topology.sh", e);
        }
    }
}
