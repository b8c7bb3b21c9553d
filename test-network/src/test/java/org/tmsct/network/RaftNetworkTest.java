package org.tmsct.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.network.TestNetwork.text;

import java.util.Map;
import java.util.UUID;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.tmsct.gateway.FabricSession;
import org.tmsct.gateway.GatewayErrors;
import org.tmsct.gateway.config.OrgConnection;

/**
 * The default network (one Raft orderer, four orgs, master + four slave channels) brought up from
 * nothing by the scripts, with both chaincodes deployed by the peer lifecycle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RaftNetworkTest {

    private final NetworkScripts net = new NetworkScripts("raft", 27000, "raft");
    private final String masterKey = "master-" + UUID.randomUUID();

    @BeforeAll
    void bringUp() throws Exception {
        net.run("clean.sh");
        net.runOk("up.sh");
        net.runOk("deploy.sh", "all");
        // notes are for members: the master's member organisations, a slave channel's owner (the
        // part of bootstrap.sh these tests need, without the relays a bootstrapped up starts)
        try (FabricSession raw = FabricSession.connect(net.org("RawMaterialOrg"), "admin")) {
            raw.masterContract().submitTransaction("InitMembers", MEMBERS);
            raw.slaveContract().submitTransaction("Configure", "RAW_MATERIAL", "[\"batch\"]");
        }
    }

    static final String MEMBERS =
            "[\"RawMaterialOrgMSP\",\"LogisticsOrgMSP\",\"ProcessingOrgMSP\",\"DistributorOrgMSP\"]";

    @AfterAll
    void tearDown() {
        net.downQuietly(true);
    }

    @Test
    @Order(1)
    void secondUpLeavesTheSameHealthyNetwork() throws Exception {
        Map<String, Long> before = net.pids();
        assertEquals(
                1 + 4 + 8 + 5,
                before.size(),
                "1 orderer, 4 peers, 8 chaincode servers, 5 Fabric CAs: " + before.keySet());
        net.runOk("up.sh");
        assertEquals(before, net.pids(), "a second 'up' must not start or replace any process");
        before.forEach(
                (name, pid) -> assertTrue(NetworkScripts.alive(pid), name + " is not running"));
        String status = net.runOk("status.sh").output();
        assertTrue(status.contains("chaincode-master v1 seq 1"), status);
        assertTrue(status.contains("chaincode-slave v1 seq 1"), status);
    }

    @Test
    @Order(2)
    void slaveChannelRoundTrip() throws Exception {
        try (FabricSession raw = FabricSession.connect(net.org("RawMaterialOrg"), "user1")) {
            raw.slaveContract().submitTransaction("PutNote", "batch-7", "steel coil 7");
            assertEquals(
                    "steel coil 7",
                    text(raw.slaveContract().evaluateTransaction("GetNote", "batch-7")));
        }
    }

    @Test
    @Order(3)
    void masterChannelRoundTripAcrossOrganisations() throws Exception {
        try (FabricSession logistics = FabricSession.connect(net.org("LogisticsOrg"), "user1")) {
            logistics
                    .masterContract()
                    .submitTransaction("PutNote", masterKey, "shared by logistics");
        }
        try (FabricSession distributor =
                FabricSession.connect(net.org("DistributorOrg"), "user1")) {
            assertEquals(
                    "shared by logistics",
                    text(
                            TestNetwork.evaluateOnceCommitted(
                                    distributor.masterContract(), "GetNote", masterKey)));
        }
    }

    @Test
    @Order(4)
    void organisationOutsideASlaveChannelCannotReadIt() throws Exception {
        OrgConnection raw = net.org("RawMaterialOrg");
        OrgConnection logistics = net.org("LogisticsOrg");
        // Through its own peer, which never joined raw-material.
        try (FabricSession s = FabricSession.connect(logistics, "user1")) {
            GatewayException e =
                    assertThrows(
                            GatewayException.class,
                            () ->
                                    s.network(raw.slaveChannel())
                                            .getContract("chaincode-slave")
                                            .evaluateTransaction("GetNote", "batch-7"));
            String message = GatewayErrors.describe(e, logistics.peer().endpoint());
            assertTrue(
                    message.contains(
                            "channel 'raw-material' is not on the peer at "
                                    + logistics.peer().endpoint()),
                    message);
        }
        // Through the raw-material organisation's own peer: the channel's Readers policy refuses
        // it,
        // while the same identity through the same peer can still read master.
        try (FabricSession s = FabricSession.connect(logistics, "user1", raw.peer())) {
            assertEquals(
                    "shared by logistics",
                    text(s.masterContract().evaluateTransaction("GetNote", masterKey)));
            GatewayException e =
                    assertThrows(
                            GatewayException.class,
                            () ->
                                    s.network(raw.slaveChannel())
                                            .getContract("chaincode-slave")
                                            .evaluateTransaction("GetNote", "batch-7"));
            String message = GatewayErrors.describe(e, raw.peer().endpoint());
            assertTrue(message.contains("access denied"), message);
            assertFalse(message.contains("steel coil"), message);
        }
    }

    @Test
    @Order(5)
    void downStopsEverythingAndUpResumesTheSameLedgers() throws Exception {
        long heightBefore = masterHeight();
        Map<String, Long> pids = net.pids();
        // the Fabric CAs (CRYPTO=ca) are processes of the network like the nodes
        for (String org : new String[] {"OrdererOrg", "RawMaterialOrg", "DistributorOrg"}) {
            assertTrue(pids.containsKey("ca-" + org), "ca-" + org + " missing: " + pids.keySet());
        }
        java.nio.file.Path caCert = net.stateDir().resolve("ca/RawMaterialOrg/server/ca-cert.pem");
        String caBefore = java.nio.file.Files.readString(caCert);
        net.runOk("down.sh");
        pids.forEach(
                (name, pid) ->
                        assertFalse(
                                NetworkScripts.alive(pid),
                                name + " (pid " + pid + ") survived 'down'"));
        assertTrue(net.pids().isEmpty(), "pid files left: " + net.pids().keySet());

        String up = net.runOk("up.sh").output();
        assertTrue(masterHeight() >= heightBefore, "master lost blocks across down/up");
        // the CA state is reused: same CA certificate, nothing enrolled again
        assertEquals(caBefore, java.nio.file.Files.readString(caCert));
        assertTrue(up.contains("crypto material already in"), up);
        assertTrue(net.pids().containsKey("ca-RawMaterialOrg"), net.pids().keySet().toString());
        try (FabricSession processing = FabricSession.connect(net.org("ProcessingOrg"), "user1")) {
            assertEquals(
                    "shared by logistics",
                    text(processing.masterContract().evaluateTransaction("GetNote", masterKey)));
            processing
                    .masterContract()
                    .submitTransaction("PutNote", masterKey + "-after", "still writable");
        }
        // The gateway waited for ProcessingOrg's peer only; RawMaterialOrg's peer gets the block
        // from the orderer a moment later.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (masterHeight() <= heightBefore && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(masterHeight() > heightBefore, "RawMaterialOrg's peer never saw the new block");
    }

    @Test
    @Order(6)
    void upgradeIsOneCommandAndKeepsState() throws Exception {
        String out = net.runOk("deploy.sh", "--upgrade", "chaincode-master").output();
        assertTrue(out.contains("sequence 2"), out);
        assertTrue(net.runOk("status.sh").output().contains("chaincode-master v2 seq 2"));
        try (FabricSession raw = FabricSession.connect(net.org("RawMaterialOrg"), "user1")) {
            assertEquals(
                    "shared by logistics",
                    text(raw.masterContract().evaluateTransaction("GetNote", masterKey)));
        }
        // Deploying an unchanged jar again changes nothing.
        assertTrue(
                net.runOk("deploy.sh", "chaincode-master")
                        .output()
                        .contains("up to date (sequence 2)"));
    }

    private long masterHeight() throws Exception {
        try (FabricSession s = FabricSession.connect(net.org("RawMaterialOrg"), "admin")) {
            byte[] info =
                    s.network("master")
                            .getContract("qscc")
                            .evaluateTransaction("GetChainInfo", "master");
            return BlockchainInfo.parseFrom(info).getHeight();
        }
    }
}
