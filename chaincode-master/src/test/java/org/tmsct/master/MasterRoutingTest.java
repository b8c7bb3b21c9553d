package org.tmsct.master;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.fabric.ShimRouting;

/**
 * The shim's router finds the transactions MasterContract inherits from BaseContract, and runs
 * them.
 */
class MasterRoutingTest {

    @Test
    void inheritedTransactionsAreRoutedLikeOwnOnes() throws Exception {
        new ShimRouting()
                .assertBaseTransactionsRouted(
                        "master",
                        "chaincode-master",
                        "master",
                        Set.of("AnchorBlock", "Trace", "ProposeChange", "ApproveChange"),
                        ledger -> {
                            new MasterContract()
                                    .InitMembers(
                                            ledger.as(ShimRouting.CALLER_MSP, "admin", null, null),
                                            "[\"" + ShimRouting.CALLER_MSP + "\"]");
                            ledger.commit();
                        });
    }
}
