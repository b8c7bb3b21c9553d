package org.tmsct.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tmsct.gateway.FabricSession;

/**
 * The same channels on four SmartBFT orderers (Fabric v3's BFT, the analogue of the paper's PBFT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BftNetworkTest {

    private final NetworkScripts net = new NetworkScripts("bft", 28000, "bft");

    @BeforeAll
    void bringUp() throws Exception {
        net.run("clean.sh");
        net.runOk("up.sh");
        net.runOk("deploy.sh", "chaincode-master");
        // master notes are for its member organisations
        try (FabricSession raw = FabricSession.connect(net.org("RawMaterialOrg"), "admin")) {
            raw.masterContract().submitTransaction("InitMembers", RaftNetworkTest.MEMBERS);
        }
    }

    @AfterAll
    void tearDown() {
        net.downQuietly(true);
    }

    @Test
    void transactionCommitsOnFourBftOrderers() throws Exception {
        Map<String, Long> pids = net.pids();
        for (int n = 1; n <= 4; n++) {
            assertTrue(
                    pids.containsKey("orderer" + n), "orderer" + n + " missing: " + pids.keySet());
        }
        String status = net.runOk("status.sh").output();
        for (String channel :
                new String[] {
                    "master", "raw-material", "logistics", "processing", "distribution"
                }) {
            assertTrue(
                    status.contains(channel),
                    "channel " + channel + " missing from status:\n" + status);
        }
        try (FabricSession raw = FabricSession.connect(net.org("RawMaterialOrg"), "user1")) {
            raw.masterContract().submitTransaction("PutNote", "bft-check", "ordered by SmartBFT");
        }
        try (FabricSession distributor =
                FabricSession.connect(net.org("DistributorOrg"), "user1")) {
            assertEquals(
                    "ordered by SmartBFT",
                    new String(
                            distributor
                                    .masterContract()
                                    .evaluateTransaction("GetNote", "bft-check"),
                            StandardCharsets.UTF_8));
        }
    }
}
