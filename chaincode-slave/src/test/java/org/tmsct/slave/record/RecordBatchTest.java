package org.tmsct.slave.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.chaincode.fabric.Refusals.assertRefused;
import static org.tmsct.slave.Fixtures.KEY_FIELDS;
import static org.tmsct.slave.Fixtures.OTHER_RELAY;
import static org.tmsct.slave.Fixtures.OWNER_ADMIN;
import static org.tmsct.slave.Fixtures.OWNER_RELAY;
import static org.tmsct.slave.Fixtures.OWNER_USER;
import static org.tmsct.slave.Fixtures.record;
import static org.tmsct.slave.Fixtures.signed;
import static org.tmsct.slave.Fixtures.tx;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.MemoryStore;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.core.protocol.StateKeys;
import org.tmsct.core.protocol.TransientKeys;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.core.record.RawRecord;
import org.tmsct.slave.common.ErrorCodes;
import org.tmsct.slave.config.ChannelConfigService;
import org.tmsct.slave.device.DeviceRegistry;

/** RecordBatch: many device-signed records in one transaction, each accepted or refused alone. */
class RecordBatchTest {

    private static final long SIGNED_AT = 1_700_000_123_456L;

    private final MemoryStore store = new MemoryStore();
    private final ChannelConfigService config = new ChannelConfigService(store);
    private final DeviceRegistry devices = new DeviceRegistry(store, config);
    private final RecordService records = new RecordService(store, config, devices);
    private final KeyPair truck = DeviceSignature.generateKeyPair();

    @BeforeEach
    void channelWithOneDevice() {
        Tx t = tx(OWNER_ADMIN);
        config.configure(t, "LOGISTICS", KEY_FIELDS);
        store.commit(t.txId(), t.timestampMillis());
        t = tx(OWNER_ADMIN);
        devices.register(t, "truck-17", DeviceSignature.toPem(truck.getPublic()));
        store.commit(t.txId(), t.timestampMillis());
    }

    /** The batch item of a Record call's transient map. */
    private static JsonObject item(Map<String, byte[]> single) {
        JsonObject o = new JsonObject();
        single.forEach((k, v) -> o.addProperty(k, new String(v, StandardCharsets.UTF_8)));
        return o;
    }

    private JsonObject signedItem(RawRecord raw) {
        return item(signed(raw, "truck-17", truck, SIGNED_AT));
    }

    private static Map<String, byte[]> batch(JsonObject... items) {
        JsonArray array = new JsonArray();
        for (JsonObject i : items) {
            array.add(i);
        }
        return Map.of(TransientKeys.RECORDS, array.toString().getBytes(StandardCharsets.UTF_8));
    }

    private RecordService.BatchOutcome submit(Tx t, Map<String, byte[]> transientData) {
        RecordService.BatchOutcome outcome = records.recordBatch(t, "truck-17", transientData);
        store.commit(t.txId(), t.timestampMillis());
        return outcome;
    }

    @Test
    void eachRecordIsStoredUnderItsOwnIdAndOneBadRecordIsRefusedAlone() {
        JsonObject forged = signedItem(record("TID-2", "LOGISTICS", "Hamburg"));
        forged.addProperty(
                "record",
                record("TID-2", "LOGISTICS", "Antwerp").toJson()); // changed after signing
        Tx t = tx(OWNER_USER);
        RecordService.BatchOutcome outcome =
                submit(
                        t,
                        batch(
                                signedItem(record("TID-1", "LOGISTICS", "Rotterdam")),
                                forged,
                                signedItem(record("TID-3", "PROCESSING", "Gdansk")),
                                signedItem(record("TID-4", "LOGISTICS", "Bremen"))));

        JsonObject answer = outcome.answer();
        JsonArray recorded = answer.getAsJsonArray("recorded");
        assertEquals(2, recorded.size(), answer.toString());
        assertEquals(0, recorded.get(0).getAsJsonObject().get("index").getAsInt());
        assertEquals(t.txId() + "#0", recorded.get(0).getAsJsonObject().get("txId").getAsString());
        assertEquals(3, recorded.get(1).getAsJsonObject().get("index").getAsInt());
        assertEquals(t.txId() + "#3", recorded.get(1).getAsJsonObject().get("txId").getAsString());
        JsonArray refused = answer.getAsJsonArray("refused");
        assertEquals(2, refused.size());
        assertEquals(ErrorCode.BAD_SIGNATURE.name(), code(refused, 0));
        assertEquals(ErrorCode.WRONG_STAGE.name(), code(refused, 1));

        // each stored record stands on its own: by id, by trace code, with its attestation
        StoredRecord first = records.getRecord(t.txId() + "#0", "logistics");
        assertEquals("TID-1", first.tid());
        assertEquals(StoredRecord.PENDING, first.status());
        assertEquals(List.of(first), records.getRecords("TID-1", "logistics"));
        assertEquals("TID-4", records.getRecord(t.txId() + "#3", "logistics").tid());
        assertEquals(
                "truck-17", records.attestation(t.txId() + "#3", "logistics").signed().deviceId());
        assertRefused(
                ErrorCodes.UNKNOWN_RECORD,
                "no record was stored by transaction " + t.txId() + "#1",
                () -> records.getRecord(t.txId() + "#1", "logistics"));
        // the event carries exactly the stored ones, in order
        JsonArray event = outcome.eventJson().getAsJsonArray("records");
        assertEquals(2, event.size());
        assertEquals(t.txId() + "#0", event.get(0).getAsJsonObject().get("txId").getAsString());
        // each attestation is in the block once, as the write the relay reads
        assertFalse(event.get(1).getAsJsonObject().has("attestation"));
        assertEquals(
                records.attestation(t.txId() + "#3", "logistics").toJsonObject(),
                JsonParser.parseString(
                                new String(
                                        store.get(StateKeys.recordAttestation(t.txId() + "#3")),
                                        StandardCharsets.UTF_8))
                        .getAsJsonObject());
    }

    @Test
    void theSameRecordTwiceInOneBatchIsRefusedTheSecondTime() {
        JsonObject once = signedItem(record("TID-1", "LOGISTICS", "Rotterdam"));
        Tx t = tx(OWNER_USER);
        JsonObject answer = submit(t, batch(once, once.deepCopy())).answer();
        assertEquals(1, answer.getAsJsonArray("recorded").size());
        JsonObject refused = answer.getAsJsonArray("refused").get(0).getAsJsonObject();
        assertEquals(1, refused.get("index").getAsInt());
        assertEquals(ErrorCode.DUPLICATE_RECORD.name(), refused.get("code").getAsString());
        assertTrue(refused.get("reason").getAsString().contains(t.txId() + "#0"));
        // and again in a later transaction
        JsonObject later = submit(tx(OWNER_USER), batch(once.deepCopy())).answer();
        assertEquals(0, later.getAsJsonArray("recorded").size());
        assertEquals(ErrorCode.DUPLICATE_RECORD.name(), code(later.getAsJsonArray("refused"), 0));
    }

    @Test
    void batchRecordsAreConfirmedByTheirIds() {
        Tx t = tx(OWNER_USER);
        submit(
                t,
                batch(
                        signedItem(record("TID-1", "LOGISTICS", "Rotterdam")),
                        signedItem(record("TID-2", "LOGISTICS", "Hamburg"))));
        Tx c = tx(OWNER_RELAY);
        records.confirmAnchor(
                c,
                "{\"slaveBlockNumber\":5,\"txIds\":[\""
                        + t.txId()
                        + "#0\",\""
                        + t.txId()
                        + "#1\"],\"masterTxId\":\"m1\",\"masterBlockNumber\":9}");
        store.commit(c.txId(), c.timestampMillis());
        assertEquals(
                StoredRecord.ANCHORED, records.getRecord(t.txId() + "#1", "logistics").status());
    }

    @Test
    void aMalformedCallRefusesTheWholeBatch() {
        JsonObject good = signedItem(record("TID-1", "LOGISTICS", "Rotterdam"));
        assertRefused(
                ErrorCodes.WRONG_ORG,
                "may record on it",
                () -> records.recordBatch(tx(OTHER_RELAY), "truck-17", batch(good)));
        assertRefused(
                ErrorCodes.MISSING_TRANSIENT,
                "transient field \"records\"",
                () -> records.recordBatch(tx(OWNER_USER), "truck-17", Map.of()));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "is not JSON",
                () ->
                        records.recordBatch(
                                tx(OWNER_USER),
                                "truck-17",
                                Map.of(
                                        TransientKeys.RECORDS,
                                        "{not json".getBytes(StandardCharsets.UTF_8))));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "1 to 500 objects",
                () -> records.recordBatch(tx(OWNER_USER), "truck-17", batch()));
        JsonObject[] tooMany = new JsonObject[RecordService.MAX_BATCH + 1];
        java.util.Arrays.fill(tooMany, good);
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "1 to 500 objects",
                () -> records.recordBatch(tx(OWNER_USER), "truck-17", batch(tooMany)));
        // an item that is not even an object is refused alone
        JsonArray mixed = new JsonArray();
        mixed.add(good);
        mixed.add("not an object");
        JsonObject answer =
                submit(
                                tx(OWNER_USER),
                                Map.of(
                                        TransientKeys.RECORDS,
                                        mixed.toString().getBytes(StandardCharsets.UTF_8)))
                        .answer();
        assertEquals(1, answer.getAsJsonArray("recorded").size());
        assertEquals(ErrorCode.BAD_REQUEST.name(), code(answer.getAsJsonArray("refused"), 0));
    }

    private static String code(JsonArray refused, int i) {
        return refused.get(i).getAsJsonObject().get("code").getAsString();
    }

    @Test
    void masterIsAskedOnceForTheWholeBatchAndItsRefusalFallsOnThatRecordAlone() {
        int[] calls = {0};
        MasterRules master =
                new MasterRules() {
                    @Override
                    public java.util.Optional<org.tmsct.core.protocol.Refusal> check(
                            String chain, String tid, String stage, java.util.Set<String> fields) {
                        throw new AssertionError("a batch asks master once, with checkAll");
                    }

                    @Override
                    public List<java.util.Optional<org.tmsct.core.protocol.Refusal>> checkAll(
                            String chain, List<Query> queries) {
                        calls[0]++;
                        assertEquals("logistics", chain);
                        return queries.stream()
                                .map(
                                        q ->
                                                q.tid().equals("TID-2")
                                                        ? java.util.Optional.of(
                                                                new org.tmsct.core.protocol.Refusal(
                                                                        ErrorCode.FIELDS_NOT_ALLOWED
                                                                                .name(),
                                                                        "no such field"))
                                                        : java.util.Optional
                                                                .<org.tmsct.core.protocol.Refusal>
                                                                        empty())
                                .toList();
                    }
                };
        RecordService asking = new RecordService(store, config, devices, master);
        Tx t = tx(OWNER_USER);
        JsonObject answer =
                asking.recordBatch(
                                t,
                                "truck-17",
                                batch(
                                        signedItem(record("TID-1", "LOGISTICS", "Rotterdam")),
                                        signedItem(record("TID-2", "LOGISTICS", "Hamburg")),
                                        signedItem(record("TID-3", "LOGISTICS", "Bremen"))))
                        .answer();
        assertEquals(1, calls[0]);
        assertEquals(2, answer.getAsJsonArray("recorded").size());
        JsonObject refused = answer.getAsJsonArray("refused").get(0).getAsJsonObject();
        assertEquals(1, refused.get("index").getAsInt());
        assertEquals(ErrorCode.FIELDS_NOT_ALLOWED.name(), refused.get("code").getAsString());
    }
}
