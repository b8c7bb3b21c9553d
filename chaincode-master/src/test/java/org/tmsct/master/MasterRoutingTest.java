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
                        "master", "chaincode-master", "master", Set.of("AnchorBlock", "Trace"));
    }
}
