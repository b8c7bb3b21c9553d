package org.tmsct.slave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.tmsct.chaincode.fabric.Refusals.assertChaincodeRefused;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.tmsct.chaincode.fabric.MockLedger;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.core.record.RawRecord;

class SlaveContractTest {

    private static final String OWNER = "LogisticsOrgMSP";

    private final SlaveContract contract = new SlaveContract();
    private final MockLedger ledger = new MockLedger("logistics");
    private final KeyPair truck = DeviceSignature.generateKeyPair();

    /** Runs one transaction and commits it; a refusal rolls it back and is rethrown. */
    private <T> T tx(ThrowingSupplier<T> call) throws Throwable {
        try {
            T out = call.get();
            ledger.commit();
            return out;
        } catch (Throwable t) {
            ledger.rollback();
            throw t;
        }
    }

    private Context admin() {
        return ledger.as(OWNER, "admin", null, null);
    }

    private void setUpChannel() throws Throwable {
        tx(() -> contract.Configure(admin(), "LOGISTICS", "[\"batch\",\"location\"]"));
        tx(
                () ->
                        contract.RegisterDevice(
                                admin(), "truck-17", DeviceSignature.toPem(truck.getPublic())));
    }

    @Test
    void notesAreTheOwnersOnly() throws Throwable {
        Context ctx = ledger.as(OWNER, "client", null, null);
        assertEquals("chaincode-slave on logistics", contract.Ping(ctx));
        // before Configure the channel has no owner, so nobody is a member
        assertChaincodeRefused(
                "NOT_MEMBER", "may not write notes", () -> contract.PutNote(ctx, "k", "v"));
        tx(() -> contract.Configure(admin(), "LOGISTICS", "[\"batch\"]"));
        tx(
                () -> {
                    contract.PutNote(ledger.as(OWNER, "client", null, null), "k", "v");
                    return null;
                });
        assertEquals("v", contract.GetNote(ctx, "k"));
        assertThrows(ChaincodeException.class, () -> contract.GetNote(ctx, "missing"));
        assertChaincodeRefused(
                "BAD_REQUEST", "must not be empty", () -> contract.PutNote(ctx, " ", "v"));
        assertChaincodeRefused(
                "NOT_MEMBER",
                "ProcessingOrgMSP is not a member",
                () ->
                        contract.PutNote(
                                ledger.as("ProcessingOrgMSP", "admin", null, null), "x", "v"));
    }

    @Test
    void configureBindsTheAdminsOrganisation() throws Throwable {
        String out = tx(() -> contract.Configure(admin(), "LOGISTICS", "[\"batch\"]"));
        JsonObject config = JsonParser.parseString(out).getAsJsonObject();
        assertEquals(OWNER, config.get("ownerMsp").getAsString());
        JsonObject read =
                JsonParser.parseString(contract.GetConfig(ledger.as(OWNER, "client", null, null)))
                        .getAsJsonObject();
        assertEquals("LOGISTICS", read.get("stage").getAsString());
        assertEquals(
                1,
                JsonParser.parseString(contract.GetConfigHistory(admin())).getAsJsonArray().size());
    }

    @Test
    void configureByAClientIsRefusedWithItsCode() {
        assertChaincodeRefused(
                "NOT_ADMIN",
                "not an admin",
                () ->
                        contract.Configure(
                                ledger.as(OWNER, "client", null, null), "LOGISTICS", "[]"));
        assertChaincodeRefused(
                "NOT_CONFIGURED", "not configured", () -> contract.GetConfig(admin()));
    }

    @Test
    void configureByAnotherOrganisationsAdminIsRefused() throws Throwable {
        tx(() -> contract.Configure(admin(), "LOGISTICS", "[]"));
        assertChaincodeRefused(
                "WRONG_ORG",
                "owned by LogisticsOrgMSP",
                () ->
                        contract.Configure(
                                ledger.as("ProcessingOrgMSP", "admin", null, null),
                                "PROCESSING",
                                "[]"));
    }

    @Test
    void deviceLifecycleThroughTheContract() throws Throwable {
        setUpChannel();
        JsonObject device =
                JsonParser.parseString(contract.GetDevice(admin(), "truck-17")).getAsJsonObject();
        assertEquals("ACTIVE", device.get("status").getAsString());
        assertEquals(
                1, JsonParser.parseString(contract.ListDevices(admin())).getAsJsonArray().size());
        tx(() -> contract.RevokeDevice(admin(), "truck-17"));
        assertEquals(
                "REVOKED",
                JsonParser.parseString(contract.GetDevice(admin(), "truck-17"))
                        .getAsJsonObject()
                        .get("status")
                        .getAsString());
        assertChaincodeRefused(
                "UNKNOWN_DEVICE",
                "device ghost is not registered",
                () -> contract.GetDevice(admin(), "ghost"));
        assertChaincodeRefused(
                "NOT_ADMIN",
                "not an admin",
                () ->
                        contract.RegisterDevice(
                                ledger.as(OWNER, "client", null, null),
                                "d2",
                                DeviceSignature.toPem(truck.getPublic())));
        assertChaincodeRefused(
                "BAD_KEY",
                "cannot register device d2",
                () -> contract.RegisterDevice(admin(), "d2", "not a pem"));
        assertChaincodeRefused(
                "DEVICE_REVOKED",
                "is revoked",
                () ->
                        contract.RegisterDevice(
                                admin(), "truck-17", DeviceSignature.toPem(truck.getPublic())));
        assertChaincodeRefused(
                "WRONG_ORG",
                "only admins of LogisticsOrgMSP",
                () ->
                        contract.RevokeDevice(
                                ledger.as("ProcessingOrgMSP", "admin", null, null), "truck-17"));
    }

    @Test
    void recordStoresEmitsAnEventAndIsAnchoredByTheRelay() throws Throwable {
        setUpChannel();
        RawRecord raw = Fixtures.record("TID-9", "LOGISTICS", "Antwerp");
        Map<String, byte[]> t = Fixtures.signed(raw, "truck-17", truck, 1_700_000_000_500L);
        String stored = tx(() -> contract.Record(ledger.as(OWNER, "client", null, t), "truck-17"));
        String txId = ledger.lastTxId();
        assertArrayEquals(
                stored.getBytes(StandardCharsets.UTF_8), ledger.events.get("RecordCreated"));
        assertFalse(stored.contains("attestation"), "the answer and event stay short: " + stored);
        JsonObject attestation =
                JsonParser.parseString(contract.GetAttestation(admin(), txId)).getAsJsonObject();
        assertEquals(
                Fixtures.rootHex(t),
                attestation.getAsJsonObject("signed").get("commitment").getAsString());
        assertEquals(4, attestation.getAsJsonArray("disclosures").size()); // tid, stage, 2 fields
        JsonObject record = JsonParser.parseString(stored).getAsJsonObject();
        assertEquals("PENDING", record.get("status").getAsString());
        assertEquals(Fixtures.rootHex(t), record.get("dataHash").getAsString());
        assertEquals(
                1_700_000_000_000L + 3 * 1000L,
                record.get("txTimestamp").getAsLong(),
                "the tx timestamp, not a clock");
        assertEquals(2, record.getAsJsonObject("keyData").size());

        JsonArray byTid =
                JsonParser.parseString(contract.GetRecords(admin(), "TID-9")).getAsJsonArray();
        assertEquals(1, byTid.size());

        String confirmation =
                "{\"slaveBlockNumber\":6,\"txIds\":[\""
                        + txId
                        + "\"],\"masterTxId\":\"m1\",\"masterBlockNumber\":3}";
        assertChaincodeRefused(
                "NOT_RELAY",
                "tmsct.role=relay",
                () -> contract.ConfirmAnchor(admin(), confirmation));
        assertChaincodeRefused(
                "WRONG_ORG",
                "only the anchor relay of LogisticsOrgMSP",
                () ->
                        contract.ConfirmAnchor(
                                ledger.as("ProcessingOrgMSP", "client", "relay", null),
                                confirmation));
        String result =
                tx(
                        () ->
                                contract.ConfirmAnchor(
                                        ledger.as(OWNER, "client", "relay", null), confirmation));
        assertEquals(
                1,
                JsonParser.parseString(result).getAsJsonObject().get("newlyAnchored").getAsInt());
        String replay =
                tx(
                        () ->
                                contract.ConfirmAnchor(
                                        ledger.as(OWNER, "client", "relay", null), confirmation));
        assertEquals(
                0,
                JsonParser.parseString(replay).getAsJsonObject().get("newlyAnchored").getAsInt());

        assertEquals(
                "ANCHORED",
                JsonParser.parseString(contract.GetRecord(admin(), txId))
                        .getAsJsonObject()
                        .get("status")
                        .getAsString());
        JsonArray history =
                JsonParser.parseString(contract.GetRecordHistory(admin(), txId)).getAsJsonArray();
        assertEquals(2, history.size());
        assertEquals(
                "PENDING",
                history.get(0)
                        .getAsJsonObject()
                        .getAsJsonObject("value")
                        .get("status")
                        .getAsString());
        assertChaincodeRefused(
                "UNKNOWN_RECORD",
                "no record was stored by transaction nope",
                () -> contract.GetRecord(admin(), "nope"));
    }

    @Test
    void recordRefusalsCarryTheirCodes() throws Throwable {
        setUpChannel();
        RawRecord raw = Fixtures.record("TID-9", "LOGISTICS", "Antwerp");
        KeyPair forger = DeviceSignature.generateKeyPair();
        assertChaincodeRefused(
                "BAD_SIGNATURE",
                "does not verify",
                () ->
                        contract.Record(
                                ledger.as(
                                        OWNER,
                                        "client",
                                        null,
                                        Fixtures.signed(raw, "truck-17", forger, 1L)),
                                "truck-17"));
        assertChaincodeRefused(
                "WRONG_ORG",
                "only members of LogisticsOrgMSP",
                () ->
                        contract.Record(
                                ledger.as(
                                        "ProcessingOrgMSP",
                                        "client",
                                        null,
                                        Fixtures.signed(raw, "truck-17", truck, 1L)),
                                "truck-17"));
        assertChaincodeRefused(
                "MISSING_TRANSIENT",
                "\"record\"",
                () -> contract.Record(ledger.as(OWNER, "client", null, Map.of()), "truck-17"));
        RawRecord other = Fixtures.record("TID-9", "DISTRIBUTION", "Antwerp");
        assertChaincodeRefused(
                "WRONG_STAGE",
                "stage DISTRIBUTION",
                () ->
                        contract.Record(
                                ledger.as(
                                        OWNER,
                                        "client",
                                        null,
                                        Fixtures.signed(other, "truck-17", truck, 1L)),
                                "truck-17"));
        assertChaincodeRefused(
                "UNKNOWN_DEVICE",
                "device nobody is not registered",
                () ->
                        contract.Record(
                                ledger.as(
                                        OWNER,
                                        "client",
                                        null,
                                        Fixtures.signed(raw, "nobody", truck, 1L)),
                                "nobody"));
        Map<String, byte[]> once = Fixtures.signed(raw, "truck-17", truck, 1L);
        tx(() -> contract.Record(ledger.as(OWNER, "client", null, once), "truck-17"));
        assertChaincodeRefused(
                "DUPLICATE_RECORD",
                "already stored",
                () -> contract.Record(ledger.as(OWNER, "client", null, once), "truck-17"));
        assertChaincodeRefused(
                "RECORD_MALFORMED",
                "raw record",
                () ->
                        contract.Record(
                                ledger.as(
                                        OWNER,
                                        "client",
                                        null,
                                        Fixtures.transientOf(
                                                "[]".getBytes(StandardCharsets.UTF_8),
                                                "AA==",
                                                "1")),
                                "truck-17"));
        assertChaincodeRefused(
                "BAD_REQUEST", "invalid tid", () -> contract.GetRecords(admin(), ""));
    }

    @Test
    void unexpectedFailuresBecomeAnInternalError() {
        Context ctx = mock(Context.class);
        ChaincodeStub stub = mock(ChaincodeStub.class);
        when(ctx.getStub()).thenReturn(stub);
        when(stub.getState("config")).thenThrow(new IllegalStateException("peer went away"));
        assertChaincodeRefused("INTERNAL", "peer went away", () -> contract.GetConfig(ctx));
    }
}
