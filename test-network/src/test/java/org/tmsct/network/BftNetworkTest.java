package org.tmsct.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tmsct.core.record.RawRecord;
import org.tmsct.relay.block.ConsenterIdentities;

/**
 * The same channels on four SmartBFT orderers (Fabric v3's BFT, the analogue of the paper's PBFT),
 * started the way `make demo` starts a network, relays included. A BFT consenter signs a block with
 * its consenter id only, so this is where the relay must add the consenters' identities for master
 * to check the orderer signature on an anchor's last header.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BftNetworkTest {

    private static final String RAW = "RawMaterialOrg";
    private static final Duration ANCHOR_TIMEOUT = Duration.ofSeconds(60);

    private final TestNetwork net = new TestNetwork("bft", 28000, "bft");

    @BeforeAll
    void bringUp() {
        // the one end-to-end network on cryptogen identities (CRYPTO=cryptogen, the setting kept
        // beside the default Fabric CA): devices enrolled at CA servers on cryptogen's CA keys
        net.scripts.with("CRYPTO", "cryptogen");
        net.startFromScratch();
    }

    @AfterAll
    void tearDown() {
        net.close();
    }

    @Test
    void transactionCommitsOnFourBftOrderers() throws Exception {
        Map<String, Long> pids = net.scripts.pids();
        for (int n = 1; n <= 4; n++) {
            assertTrue(
                    pids.containsKey("orderer" + n), "orderer" + n + " missing: " + pids.keySet());
        }
        String status = net.scripts.runOk("status.sh").output();
        for (String channel :
                new String[] {
                    "master", "raw-material", "logistics", "processing", "distribution"
                }) {
            assertTrue(
                    status.contains(channel),
                    "channel " + channel + " missing from status:\n" + status);
        }
        net.master(RAW, "user1").submitTransaction("PutNote", "bft-check", "ordered by SmartBFT");
        // submit waits for the commit on RawMaterialOrg's peer only: the distributor's peer may
        // take a moment longer to receive the block from the orderers
        assertEquals(
                "ordered by SmartBFT",
                new String(onDistributorPeer("GetNote", "bft-check"), StandardCharsets.UTF_8));
    }

    private byte[] onDistributorPeer(String function, String arg) throws Exception {
        return TestNetwork.evaluateOnceCommitted(
                net.master("DistributorOrg", "user1"), function, arg);
    }

    @Test
    void aRecordIsAnchoredWithTheConsentersSignatureCheckedOnMaster() throws Exception {
        KeyPair device = net.registerDevice(RAW, "bft-sensor");
        TreeMap<String, JsonElement> fields = new TreeMap<>();
        fields.put("batch", new JsonPrimitive("BFT-1"));
        fields.put("product", new JsonPrimitive("iron ore"));
        fields.put("location", new JsonPrimitive("Kiruna mine"));
        TestNetwork.Submitted made =
                net.record(
                        RAW,
                        "bft-sensor",
                        new RawRecord("BFT-TRACE-1", "RAW_MATERIAL", fields),
                        device);

        // the record's block is signed by consenter ids alone: nothing in it names the signer
        Block block = net.slaveBlock(RAW, made.blockNumber());
        byte[] signatures =
                block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE).toByteArray();
        assertTrue(
                !ConsenterIdentities.unnamedSigners(signatures).isEmpty(),
                "a SmartBFT block is signed with identifier headers");

        JsonObject stored = awaitAnchored(made.txId());
        assertTrue(stored.has("masterTxId"), stored.toString());
        // the relay saw the anchor commit on its own org's peer; the distributor's may lag a little
        JsonObject trace = TestNetwork.json(onDistributorPeer("Trace", "BFT-TRACE-1"));
        assertEquals(
                List.of(made.txId()),
                trace.getAsJsonArray("entries").asList().stream()
                        .map(e -> e.getAsJsonObject().get("slaveTxId").getAsString())
                        .toList(),
                trace.toString());
    }

    private JsonObject awaitAnchored(String txId) throws Exception {
        Instant deadline = Instant.now().plus(ANCHOR_TIMEOUT);
        while (true) {
            JsonObject r = net.storedRecord(RAW, txId);
            if ("ANCHORED".equals(r.get("status").getAsString())) {
                return r;
            }
            if (Instant.now().isAfter(deadline)) {
                List<String> log =
                        Files.readAllLines(
                                net.scripts.stateDir().resolve("logs/relay-" + RAW + ".log"));
                throw new AssertionError(
                        "record "
                                + txId
                                + " is still "
                                + r
                                + " after "
                                + ANCHOR_TIMEOUT.toSeconds()
                                + " s; relay log:\n"
                                + String.join(
                                        "\n",
                                        log.subList(Math.max(0, log.size() - 20), log.size())));
            }
            Thread.sleep(500);
        }
    }
}
