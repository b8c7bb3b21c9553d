package org.tmsct.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wrong settings, a busy port or missing binaries: a clear error and no half-started network. */
class WrongUsageTest {

    private final NetworkScripts net = new NetworkScripts("wrong-usage", 29000, "raft");

    @AfterEach
    void tearDown() {
        net.downQuietly(true);
    }

    @Test
    void unknownConsensusIsRejected() throws Exception {
        var r = new NetworkScripts("wrong-usage", 29000, "pbft").run("up.sh");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("unknown CONSENSUS 'pbft'"), r.output());
        assertTrue(net.pids().isEmpty());
    }

    @Test
    void badBasePortIsRejected() {
        var r = new NetworkScripts("wrong-usage", 80, "raft").run("up.sh");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("BASE_PORT"), r.output());
    }

    @Test
    void busyPortStopsStartUpBeforeAnyNodeStarts() throws Exception {
        int peerPort = 29000 + 220; // ProcessingOrg's peer in this port range
        try (ServerSocket squatter =
                new ServerSocket(peerPort, 1, InetAddress.getLoopbackAddress())) {
            var r = net.run("up.sh");
            assertNotEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("port 127.0.0.1:" + peerPort), r.output());
            assertTrue(r.output().contains("already in use"), r.output());
        }
        Map<String, Long> left = net.pids();
        left.forEach(
                (name, pid) -> assertTrue(!NetworkScripts.alive(pid), name + " was left running"));
    }

    @Test
    void missingBinariesSayHowToGetThem() {
        var r =
                new NetworkScripts("wrong-usage", 29000, "raft")
                        .with("TMSCT_CACHE", "/nonexistent-tmsct-cache")
                        .run("up.sh");
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("make fabric"), r.output());
    }

    @Test
    void changingSettingsOfAnExistingNetworkNeedsClean() {
        net.runOk("generate.sh");
        var r = new NetworkScripts("wrong-usage", 29000, "bft").run("up.sh");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("make clean"), r.output());
    }
}
