package org.tmsct.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.fabric.MockLedger;
import org.tmsct.chaincode.fabric.ShimRouting;

/**
 * The shim's router finds the transactions MasterContract inherits from BaseContract, and runs
 * them.
 */
class MasterRoutingTest {

    @Test
    void inheritedTransactionsAreRoutedLikeOwnOnes() throws Exception {
        ShimRouting routing = new ShimRouting();
        Set<String> names = routing.transactions("master");
        assertTrue(
                names.containsAll(Set.of("Ping", "PutNote", "GetNote", "AnchorBlock", "Trace")),
                names.toString());

        MockLedger ledger = new MockLedger("master");
        ChaincodeStub stub = ledger.as("RawMaterialOrgMSP", "client", null, null).getStub();
        assertEquals(
                "chaincode-master on master",
                text(routing.invoke(stub, "master", "Ping").getPayload()));
        routing.invoke(stub, "master", "PutNote", "k", "v");
        ledger.commit();
        assertEquals("v", text(routing.invoke(stub, "master", "GetNote", "k").getPayload()));
        // the shim turns the contract's ChaincodeException into an error response, as the peer sees
        // it
        Chaincode.Response missing = routing.invoke(stub, "master", "GetNote", "none");
        assertEquals(Chaincode.Response.Status.INTERNAL_SERVER_ERROR, missing.getStatus());
        assertEquals("no note 'none' on channel master", missing.getMessage());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
