package org.tmsct.chaincode.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.function.Executable;
import org.tmsct.chaincode.common.ContractError;

public final class Refusals {

    private Refusals() {}

    /**
     * Asserts that {@code call} is refused with {@code code} and a message containing {@code
     * fragment}.
     */
    public static ContractError assertRefused(String code, String fragment, Executable call) {
        ContractError e = assertThrows(ContractError.class, call);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(
                e.getMessage().contains(fragment),
                "message \"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
        return e;
    }

    /**
     * The same through a contract method: {@code call} is refused with a chaincode error whose
     * payload is {@code code} and whose message contains {@code fragment}.
     */
    public static ChaincodeException assertChaincodeRefused(
            String code, String fragment, Executable call) {
        ChaincodeException e = assertThrows(ChaincodeException.class, call);
        assertEquals(code, new String(e.getPayload(), StandardCharsets.UTF_8), e.getMessage());
        // the code also heads the message, since a gateway client sees only the message
        assertTrue(e.getMessage().startsWith(code + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        return e;
    }
}
