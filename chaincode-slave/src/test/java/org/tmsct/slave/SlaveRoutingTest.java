package org.tmsct.slave;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.fabric.ShimRouting;

/**
 * The shim's router finds the transactions SlaveContract inherits from BaseContract, and runs them.
 */
class SlaveRoutingTest {

    @Test
    void inheritedTransactionsAreRoutedLikeOwnOnes() throws Exception {
        new ShimRouting()
                .assertBaseTransactionsRouted(
                        "slave",
                        "chaincode-slave",
                        "logistics",
                        Set.of("Record", "ConfirmAnchor"),
                        ledger -> {
                            new SlaveContract()
                                    .Configure(
                                            ledger.as(ShimRouting.CALLER_MSP, "admin", null, null),
                                            "LOGISTICS",
                                            "[\"batch\"]");
                            ledger.commit();
                        });
    }
}
