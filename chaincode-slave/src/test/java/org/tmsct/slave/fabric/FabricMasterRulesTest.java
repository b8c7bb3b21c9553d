package org.tmsct.slave.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;
import org.tmsct.core.protocol.Refusal;

class FabricMasterRulesTest {

    private final ChaincodeStub stub = mock(ChaincodeStub.class);
    private final FabricMasterRules rules =
            new FabricMasterRules(stub, "chaincode-master", "master");

    private void answer(Chaincode.Response.Status status, String payload) {
        when(stub.invokeChaincodeWithStringArgs(anyString(), anyList(), anyString()))
                .thenReturn(
                        new Chaincode.Response(
                                status, "msg", payload.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void asksMastersCheckEntryOnTheMasterChannel() {
        answer(Chaincode.Response.Status.SUCCESS, "{\"allowed\":true,\"productType\":\"default\"}");
        assertTrue(rules.check("logistics", "T-1", "LOGISTICS", Set.of("batch")).isEmpty());
        verify(stub)
                .invokeChaincodeWithStringArgs(
                        "chaincode-master",
                        List.of("CheckEntry", "logistics", "T-1", "LOGISTICS", "[\"batch\"]"),
                        "master");
    }

    @Test
    void returnsMastersRefusal() {
        answer(
                Chaincode.Response.Status.SUCCESS,
                "{\"allowed\":false,\"code\":\"FIELDS_NOT_ALLOWED\",\"productType\":\"default\","
                        + "\"reason\":\"key data field \\\"price\\\" may not be shared\"}");
        Refusal r = rules.check("logistics", "T-1", "LOGISTICS", Set.of("price")).orElseThrow();
        assertEquals("FIELDS_NOT_ALLOWED", r.code());
        assertEquals("key data field \"price\" may not be shared", r.message());
    }

    @Test
    void masterThatCannotBeAskedRefusesNothing() {
        answer(Chaincode.Response.Status.INTERNAL_SERVER_ERROR, "");
        assertTrue(rules.check("logistics", "T-1", "LOGISTICS", Set.of()).isEmpty());
        answer(Chaincode.Response.Status.SUCCESS, "not json");
        assertTrue(rules.check("logistics", "T-1", "LOGISTICS", Set.of()).isEmpty());
        when(stub.invokeChaincodeWithStringArgs(anyString(), anyList(), anyString()))
                .thenThrow(new RuntimeException("chaincode-master not on this peer"));
        assertTrue(rules.check("logistics", "T-1", "LOGISTICS", Set.of()).isEmpty());
        when(stub.invokeChaincodeWithStringArgs(anyString(), any(List.class), anyString()))
                .thenReturn(null);
        assertTrue(rules.check("logistics", "T-1", "LOGISTICS", Set.of()).isEmpty());
    }
}
