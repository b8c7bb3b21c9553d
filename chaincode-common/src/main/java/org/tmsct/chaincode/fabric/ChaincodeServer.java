package org.tmsct.chaincode.fabric;

import org.hyperledger.fabric.contract.ContractRouter;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Main class of both chaincode jars: the shim's {@link ContractRouter}, with java.util.logging
 * (which the shim logs through) bridged to SLF4J, so its lines and ours go through Logback
 * (logback.xml of this module).
 */
public final class ChaincodeServer {

    private ChaincodeServer() {}

    public static void main(final String[] args) throws Exception {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        LoggerFactory.getLogger(ChaincodeServer.class)
                .info(
                        "starting chaincode server {} on {}",
                        System.getenv("CORE_CHAINCODE_ID_NAME"),
                        System.getenv("CHAINCODE_SERVER_ADDRESS"));
        ContractRouter.main(args);
    }
}
