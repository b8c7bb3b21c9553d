package org.tmsct.slave;

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
 * The shim's router finds the transactions SlaveContract inherits from BaseContract, and runs them.
 */
class SlaveRoutingTest {

    @Test
    void inheritedTransactionsAreRoutedLikeOwnOnes() throws Exception {
        ShimRouting routing = new ShimRouting();
        Set<String> names = routing.transactions("slave");
        assertTrue(
                names.containsAll(Set.of("Ping", "PutNote", "GetNote", "Record", "ConfirmAnchor")),
                names.toString());

        MockLedger ledger = new MockLedger("logistics");
        ChaincodeStub stub = ledger.as("RawMaterialOrgMSP", "client", null, null).getStub();
        assertEquals(
                "chaincode-slave on logistics",
                text(routing.invoke(stub, "slave", "Ping").getPayload()));
        routing.invoke(stub, "slave", "PutNote", "k", "v");
        ledger.commit();
        assertEquals("v", text(routing.invoke(stub, "slave", "GetNote", "k").getPayload()));
        // the shim turns the contract's ChaincodeException into an error response, as the peer sees
        // it
        Chaincode.Response missing = routing.invoke(stub, "slave", "GetNote", "none");
        assertEquals(Chaincode.Response.Status.INTERNAL_SERVER_ERROR, missing.getStatus());
        assertEquals("no note 'none' on channel logistics", missing.getMessage());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
