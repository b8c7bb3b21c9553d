package org.tmsct.chaincode.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hyperledger.fabric.contract.execution.ExecutionFactory;
import org.hyperledger.fabric.contract.execution.ExecutionService;
import org.hyperledger.fabric.contract.execution.InvocationRequest;
import org.hyperledger.fabric.contract.routing.RoutingRegistry;
import org.hyperledger.fabric.contract.routing.TxFunction;
import org.hyperledger.fabric.contract.routing.TypeRegistry;
import org.hyperledger.fabric.contract.routing.impl.RoutingRegistryImpl;
import org.hyperledger.fabric.contract.routing.impl.SerializerRegistryImpl;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The shim's own contract routing, as ContractRouter sets it up on a chaincode server: the
 * classpath scan for {@code @Contract} classes, the request parsing, and the execution service. It
 * lets a test prove that a transaction name reaches the method it should, inherited ones included.
 */
public final class ShimRouting {

    private final RoutingRegistry registry = new RoutingRegistryImpl();
    private final ExecutionService executor;

    public ShimRouting() throws ReflectiveOperationException {
        registry.findAndSetContracts(TypeRegistry.getRegistry());
        SerializerRegistryImpl serializers = new SerializerRegistryImpl();
        serializers.findAndSetContents();
        executor = ExecutionFactory.getInstance().createExecutionService(serializers);
    }

    /** The transaction names the router knows for one contract. */
    public Set<String> transactions(final String contract) {
        Set<String> names = new TreeSet<>();
        registry.getContract(contract).getTxFunctions().forEach(f -> names.add(f.getName()));
        return names;
    }

    /**
     * Invokes "contract:function" with string arguments on {@code stub} (a MockLedger stub) as the
     * peer would; the caller's certificate is a fixed test certificate.
     */
    public Chaincode.Response invoke(
            final ChaincodeStub stub,
            final String contract,
            final String function,
            final String... args)
            throws IOException {
        List<byte[]> all = new ArrayList<>();
        all.add((contract + ":" + function).getBytes(StandardCharsets.UTF_8));
        for (String a : args) {
            all.add(a.getBytes(StandardCharsets.UTF_8));
        }
        when(stub.getArgs()).thenReturn(all);
        when(stub.getCreator()).thenReturn(creator());
        InvocationRequest request = ExecutionFactory.getInstance().createRequest(stub);
        if (!registry.containsRoute(request)) {
            throw new AssertionError("no route for " + contract + ":" + function);
        }
        TxFunction fn = registry.getTxFn(request);
        return executor.executeRequest(fn, request, stub);
    }

    /**
     * Checks, through the router, that {@code contract} has the transactions it inherits from
     * BaseContract next to {@code own} ones, and that Ping and the notes run on {@code channel}: a
     * note is refused until {@code makeMember} has made the caller's MSP ({@link #CALLER_MSP}) a
     * member of the channel.
     */
    public void assertBaseTransactionsRouted(
            final String contract,
            final String chaincode,
            final String channel,
            final Set<String> own,
            final java.util.function.Consumer<MockLedger> makeMember)
            throws IOException {
        Set<String> names = transactions(contract);
        assertTrue(
                names.containsAll(
                        Set.of("Ping", "PutNote", "GetNote", "PutPrivateNote", "GetPrivateNote")),
                names.toString());
        assertTrue(names.containsAll(own), names.toString());

        MockLedger ledger = new MockLedger(channel);
        ChaincodeStub stub = ledger.as("RawMaterialOrgMSP", "client", null, null).getStub();
        assertEquals(chaincode + " on " + channel, text(invoke(stub, contract, "Ping")));
        Chaincode.Response refused = invoke(stub, contract, "PutNote", "k", "v");
        assertEquals(Chaincode.Response.Status.INTERNAL_SERVER_ERROR, refused.getStatus());
        assertEquals("NOT_MEMBER", new String(refused.getPayload(), StandardCharsets.UTF_8));
        ledger.rollback();
        makeMember.accept(ledger);
        stub = ledger.as("RawMaterialOrgMSP", "client", null, null).getStub();
        invoke(stub, contract, "PutNote", "k", "v");
        ledger.commit();
        assertEquals("v", text(invoke(stub, contract, "GetNote", "k")));
        // the shim turns the contract's ChaincodeException into an error response, as a peer sees
        // it
        Chaincode.Response missing = invoke(stub, contract, "GetNote", "none");
        assertEquals(Chaincode.Response.Status.INTERNAL_SERVER_ERROR, missing.getStatus());
        assertEquals("no note 'none' on channel " + channel, missing.getMessage());
    }

    /** The MSP of the identity every routed call is made by. */
    public static final String CALLER_MSP = "RoutingTestMSP";

    private static String text(final Chaincode.Response response) {
        return new String(response.getPayload(), StandardCharsets.UTF_8);
    }

    private static byte[] creator() throws IOException {
        try (InputStream pem = ShimRouting.class.getResourceAsStream("caller.pem")) {
            return SerializedIdentity.newBuilder()
                    .setMspid(CALLER_MSP)
                    .setIdBytes(ByteString.readFrom(pem))
                    .build()
                    .toByteArray();
        }
    }
}
