package org.tmsct.chaincode.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;
import org.tmsct.chaincode.common.ContractError;

public final class Refusals {

    private Refusals() {
    }

    /** Asserts that {@code call} is refused with {@code code} and a message containing {@code fragment}. */
    public static ContractError assertRefused(String code, String fragment, Executable call) {
        ContractError e = assertThrows(ContractError.class, call);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "message \"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
        return e;
    }
}
