package org.tmsct.slave.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.chaincode.fabric.Refusals.assertRefused;
import static org.tmsct.slave.Fixtures.KEY_FIELDS;
import static org.tmsct.slave.Fixtures.OTHER_RELAY;
import static org.tmsct.slave.Fixtures.OWNER_ADMIN;
import static org.tmsct.slave.Fixtures.OWNER_RELAY;
import static org.tmsct.slave.Fixtures.OWNER_USER;
import static org.tmsct.slave.Fixtures.record;
import static org.tmsct.slave.Fixtures.signed;
import static org.tmsct.slave.Fixtures.transientOf;
import static org.tmsct.slave.Fixtures.tx;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.common.Caller;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.MemoryStore;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.core.protocol.Refusal;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.core.record.RawRecord;
import org.tmsct.slave.Fixtures;
import org.tmsct.slave.common.ErrorCodes;
import org.tmsct.slave.config.ChannelConfigService;
import org.tmsct.slave.device.DeviceRegistry;

class RecordServiceTest {

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

    private Map<String, byte[]> lastTransient;

    private StoredRecord submit(Caller caller, RawRecord raw) {
        Tx t = tx(caller);
        lastTransient = signed(raw, "truck-17", truck, SIGNED_AT);
        StoredRecord r = records.record(t, "truck-17", lastTransient);
        store.commit(t.txId(), t.timestampMillis());
        return r;
    }

    private void confirm(String json) {
        Tx t = tx(OWNER_RELAY);
        records.confirmAnchor(t, json);
        store.commit(t.txId(), t.timestampMillis());
    }

    @Test
    void storesKeyDataAndHashButNotTheRawRecord() {
        RawRecord raw = record("TID-1", "LOGISTICS", "Rotterdam");
        StoredRecord r = submit(OWNER_USER, raw);
        assertEquals("TID-1", r.tid());
        assertEquals(Fixtures.rootHex(lastTransient), r.dataHash());
        assertEquals(
                List.of("batch", "location", "temperature"), List.copyOf(r.keyData().keySet()));
        assertEquals(StoredRecord.PENDING, r.status());
        assertEquals(SIGNED_AT, r.deviceTimestamp());
        assertEquals(r, records.getRecord(r.txId(), "logistics"));
        String everything =
                store.keys().stream()
                        .map(k -> new String(store.get(k), StandardCharsets.UTF_8))
                        .reduce("", String::concat);
        assertFalse(
                everything.contains("private: not shared"),
                "a field outside keyFields reached the ledger");
        // what the relay makes of it equals what the master expects for this record
        AnchorEntry entry =
                AnchorEntry.of(r.txId(), raw, List.of("batch", "location", "temperature"));
        assertEquals(entry.keyData(), r.keyData());
    }

    @Test
    void adminsOfTheOwnerMayRecordToo() {
        assertEquals("TID-1", submit(OWNER_ADMIN, record("TID-1", "LOGISTICS", "A")).tid());
    }

    @Test
    void recordsOfATidComeBackInTransactionTimeOrder() {
        StoredRecord a = submit(OWNER_USER, record("TID-1", "LOGISTICS", "A"));
        submit(OWNER_USER, record("TID-2", "LOGISTICS", "A"));
        StoredRecord b = submit(OWNER_USER, record("TID-1", "LOGISTICS", "B"));
        assertEquals(
                List.of(a.txId(), b.txId()),
                records.getRecords("TID-1", "logistics").stream().map(StoredRecord::txId).toList());
        assertTrue(records.getRecords("TID-3", "logistics").isEmpty());
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "invalid tid",
                () -> records.getRecords("has space", "logistics"));
    }

    @Test
    void anotherOrganisationCannotRecord() {
        Tx t = Fixtures.tx(new Caller("ProcessingOrgMSP", false, null));
        assertRefused(
                ErrorCodes.WRONG_ORG,
                "only members of LogisticsOrgMSP",
                () ->
                        records.record(
                                t,
                                "truck-17",
                                signed(
                                        record("T", "LOGISTICS", "A"),
                                        "truck-17",
                                        truck,
                                        SIGNED_AT)));
    }

    @Test
    void missingTransientFieldsAreNamed() {
        byte[] json = record("T", "LOGISTICS", "A").toJson().getBytes(StandardCharsets.UTF_8);
        assertRefused(
                ErrorCodes.MISSING_TRANSIENT,
                "\"record\"",
                () -> records.record(tx(OWNER_USER), "truck-17", transientOf(null, "AAAA", "1")));
        assertRefused(
                ErrorCodes.MISSING_TRANSIENT,
                "\"signature\"",
                () -> records.record(tx(OWNER_USER), "truck-17", transientOf(json, null, "1")));
        assertRefused(
                ErrorCodes.MISSING_TRANSIENT,
                "\"timestamp\"",
                () -> records.record(tx(OWNER_USER), "truck-17", transientOf(json, "AAAA", null)));
        assertRefused(
                ErrorCodes.MISSING_TRANSIENT,
                "\"record\"",
                () -> records.record(tx(OWNER_USER), "truck-17", null));
    }

    @Test
    void oversizedRecordIsRefused() {
        byte[] big =
                ("{\"tid\":\"T\",\"stage\":\"LOGISTICS\",\"fields\":{\"x\":\""
                                + "a".repeat(RawRecord.MAX_BYTES)
                                + "\"}}")
                        .getBytes(StandardCharsets.UTF_8);
        assertRefused(
                ErrorCodes.RECORD_TOO_LARGE,
                "over the limit of 65536 bytes",
                () -> records.record(tx(OWNER_USER), "truck-17", transientOf(big, "AAAA", "1")));
    }

    @Test
    void malformedRecordIsRefusedWithTheParsersWords() {
        assertRefused(
                ErrorCodes.RECORD_MALFORMED,
                "line 1",
                () ->
                        records.record(
                                tx(OWNER_USER),
                                "truck-17",
                                transientOf(
                                        "{\"tid\":".getBytes(StandardCharsets.UTF_8),
                                        "AAAA",
                                        "1")));
        assertRefused(
                ErrorCodes.RECORD_MALFORMED,
                "unknown field \"extra\"",
                () ->
                        records.record(
                                tx(OWNER_USER),
                                "truck-17",
                                transientOf(
                                        "{\"tid\":\"T\",\"stage\":\"S\",\"fields\":{},\"extra\":1}"
                                                .getBytes(StandardCharsets.UTF_8),
                                        "AAAA",
                                        "1")));
    }

    @Test
    void badTimestampAndUnreadableSignatureAreRefused() {
        byte[] json = record("T", "LOGISTICS", "A").toJson().getBytes(StandardCharsets.UTF_8);
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "decimal epoch milliseconds",
                () ->
                        records.record(
                                tx(OWNER_USER),
                                "truck-17",
                                transientOf(json, "AAAA", "2024-01-01")));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "decimal epoch milliseconds",
                () -> records.record(tx(OWNER_USER), "truck-17", transientOf(json, "AAAA", "-5")));
        assertRefused(
                ErrorCodes.BAD_SIGNATURE,
                "not valid base64",
                () -> records.record(tx(OWNER_USER), "truck-17", transientOf(json, "***", "1")));
    }

    @Test
    void unknownAndRevokedDevicesAreRefused() {
        RawRecord raw = record("T", "LOGISTICS", "A");
        assertRefused(
                ErrorCodes.UNKNOWN_DEVICE,
                "device ghost is not registered",
                () ->
                        records.record(
                                tx(OWNER_USER), "ghost", signed(raw, "ghost", truck, SIGNED_AT)));
        Tx t = tx(OWNER_ADMIN);
        devices.revoke(t, "truck-17");
        store.commit(t.txId(), t.timestampMillis());
        assertRefused(
                ErrorCodes.DEVICE_REVOKED,
                "device truck-17 is revoked",
                () ->
                        records.record(
                                tx(OWNER_USER),
                                "truck-17",
                                signed(raw, "truck-17", truck, SIGNED_AT)));
    }

    @Test
    void forgedSignatureIsRefused() {
        KeyPair forger = DeviceSignature.generateKeyPair();
        RawRecord raw = record("T", "LOGISTICS", "A");
        assertRefused(
                ErrorCodes.BAD_SIGNATURE,
                "does not verify with the key of device truck-17",
                () ->
                        records.record(
                                tx(OWNER_USER),
                                "truck-17",
                                signed(raw, "truck-17", forger, SIGNED_AT)));
    }

    @Test
    void recordOrTimestampChangedAfterSigningIsRefused() {
        RawRecord raw = record("T", "LOGISTICS", "A");
        Map<String, byte[]> t = new TreeMap<>(signed(raw, "truck-17", truck, SIGNED_AT));
        t.put("timestamp", Long.toString(SIGNED_AT + 1).getBytes(StandardCharsets.UTF_8));
        assertRefused(
                ErrorCodes.BAD_SIGNATURE,
                "does not verify",
                () -> records.record(tx(OWNER_USER), "truck-17", t));
        Map<String, byte[]> t2 = new TreeMap<>(signed(raw, "truck-17", truck, SIGNED_AT));
        t2.put("record", record("T", "LOGISTICS", "B").toJson().getBytes(StandardCharsets.UTF_8));
        assertRefused(
                ErrorCodes.BAD_SIGNATURE,
                "does not verify",
                () -> records.record(tx(OWNER_USER), "truck-17", t2));
        // signed as another device id
        assertRefused(
                ErrorCodes.BAD_SIGNATURE,
                "does not verify",
                () ->
                        records.record(
                                tx(OWNER_USER),
                                "truck-17",
                                signed(raw, "truck-18", truck, SIGNED_AT)));
    }

    @Test
    void recordOfAnotherStageIsRefused() {
        RawRecord raw = record("T", "PROCESSING", "A");
        assertRefused(
                ErrorCodes.WRONG_STAGE,
                "the record is for stage PROCESSING but channel logistics records stage LOGISTICS",
                () ->
                        records.record(
                                tx(OWNER_USER),
                                "truck-17",
                                signed(raw, "truck-17", truck, SIGNED_AT)));
    }

    @Test
    void theSameRawRecordTwiceIsRefused() {
        RawRecord raw = record("T", "LOGISTICS", "A");
        StoredRecord first = submit(OWNER_USER, raw);
        assertRefused(
                ErrorCodes.DUPLICATE_RECORD,
                "already stored by transaction " + first.txId(),
                () -> records.record(tx(OWNER_USER), "truck-17", lastTransient));
    }

    @Test
    void unconfiguredChannelRefusesRecords() {
        MemoryStore empty = new MemoryStore();
        ChannelConfigService c = new ChannelConfigService(empty);
        RecordService fresh = new RecordService(empty, c, new DeviceRegistry(empty, c));
        assertRefused(
                ErrorCodes.NOT_CONFIGURED,
                "not configured",
                () -> fresh.record(tx(OWNER_USER), "truck-17", Map.of()));
    }

    // --- ConfirmAnchor ---------------------------------------------------------------------------

    private static String confirmation(long slaveBlock, String masterTx, String... txIds) {
        JsonObject o = new JsonObject();
        o.addProperty("slaveBlockNumber", slaveBlock);
        JsonArray ids = new JsonArray();
        for (String id : txIds) {
            ids.add(id);
        }
        o.add("txIds", ids);
        o.addProperty("masterTxId", masterTx);
        o.addProperty("masterBlockNumber", 9);
        return o.toString();
    }

    @Test
    void confirmMarksRecordsAnchoredAndAReplayChangesNothing() {
        StoredRecord a = submit(OWNER_USER, record("T", "LOGISTICS", "A"));
        StoredRecord b = submit(OWNER_USER, record("T", "LOGISTICS", "B"));
        Tx t = tx(OWNER_RELAY);
        JsonObject result = records.confirmAnchor(t, confirmation(5, "m-1", a.txId(), b.txId()));
        store.commit(t.txId(), t.timestampMillis());
        assertEquals(2, result.get("newlyAnchored").getAsInt());
        StoredRecord anchored = records.getRecord(a.txId(), "logistics");
        assertEquals(StoredRecord.ANCHORED, anchored.status());
        assertEquals(5, anchored.anchor().slaveBlockNumber());
        assertEquals("m-1", anchored.anchor().masterTxId());
        assertEquals(9, anchored.anchor().masterBlockNumber());

        Tx replay = tx(OWNER_RELAY);
        JsonObject again =
                records.confirmAnchor(replay, confirmation(5, "m-1", a.txId(), b.txId()));
        assertEquals(0, again.get("newlyAnchored").getAsInt());
        assertEquals(2, again.get("alreadyAnchored").getAsInt());
        assertEquals(0, store.pendingWrites());

        JsonArray history = records.history(a.txId(), "logistics");
        assertEquals(2, history.size());
        assertEquals(
                "PENDING",
                history.get(0)
                        .getAsJsonObject()
                        .getAsJsonObject("value")
                        .get("status")
                        .getAsString());
        assertEquals(
                "ANCHORED",
                history.get(1)
                        .getAsJsonObject()
                        .getAsJsonObject("value")
                        .get("status")
                        .getAsString());
    }

    private static String withRejection(String confirmation, String txId, String code) {
        JsonObject o = com.google.gson.JsonParser.parseString(confirmation).getAsJsonObject();
        JsonObject r = new JsonObject();
        r.addProperty("txId", txId);
        r.addProperty("code", code);
        r.addProperty("reason", "entry 1: stage LOGISTICS of TID " + txId + " needs RAW_MATERIAL");
        JsonArray rejected = new JsonArray();
        rejected.add(r);
        o.add("rejected", rejected);
        return o.toString();
    }

    @Test
    void aRejectedRecordIsMarkedWithItsReasonAndListedAndAReplayChangesNothing() {
        StoredRecord good = submit(OWNER_USER, record("T", "LOGISTICS", "A"));
        StoredRecord bad = submit(OWNER_USER, record("TYPO", "LOGISTICS", "B"));
        String doc =
                withRejection(
                        confirmation(5, "m-1", good.txId()), bad.txId(), "STAGE_OUT_OF_ORDER");
        Tx t = tx(OWNER_RELAY);
        JsonObject result = records.confirmAnchor(t, doc);
        store.commit(t.txId(), t.timestampMillis());
        assertEquals(1, result.get("newlyAnchored").getAsInt());
        assertEquals(1, result.get("newlyRejected").getAsInt());
        assertEquals(StoredRecord.ANCHORED, records.getRecord(good.txId(), "logistics").status());
        StoredRecord rejected = records.getRecord(bad.txId(), "logistics");
        assertEquals(StoredRecord.REJECTED, rejected.status());
        assertEquals("STAGE_OUT_OF_ORDER", rejected.rejection().code());
        assertTrue(rejected.rejection().reason().contains("needs RAW_MATERIAL"));
        assertEquals("m-1", rejected.anchor().masterTxId());
        JsonObject json = rejected.toJson();
        assertEquals("REJECTED", json.get("status").getAsString());
        assertEquals("STAGE_OUT_OF_ORDER", json.get("rejectionCode").getAsString());
        assertEquals(rejected, StoredRecord.fromJson(json));
        assertEquals(
                List.of(bad.txId()),
                records.rejectedRecords("", 10, "logistics").stream()
                        .map(StoredRecord::txId)
                        .toList());
        assertTrue(records.rejectedRecords(bad.txId(), 10, "logistics").isEmpty());

        Tx replay = tx(OWNER_RELAY);
        JsonObject again = records.confirmAnchor(replay, doc);
        assertEquals(2, again.get("alreadyAnchored").getAsInt());
        assertEquals(0, store.pendingWrites());
        // another master transaction may not turn it around
        assertRefused(
                ErrorCodes.ANCHOR_CONFLICT,
                "is already rejected by master transaction m-1",
                () -> records.confirmAnchor(tx(OWNER_RELAY), confirmation(6, "m-2", bad.txId())));
    }

    @Test
    void aConfirmationMayRejectEveryRecordButMustNameOne() {
        StoredRecord bad = submit(OWNER_USER, record("TYPO", "LOGISTICS", "B"));
        JsonObject onlyRejected =
                com.google.gson.JsonParser.parseString(
                                withRejection(
                                        confirmation(5, "m-1"), bad.txId(), "FIELDS_NOT_ALLOWED"))
                        .getAsJsonObject();
        onlyRejected.remove("txIds");
        confirm(onlyRejected.toString());
        assertEquals(StoredRecord.REJECTED, records.getRecord(bad.txId(), "logistics").status());
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "name at least one record",
                () -> records.confirmAnchor(tx(OWNER_RELAY), confirmation(5, "m-1")));
        StoredRecord other = submit(OWNER_USER, record("T", "LOGISTICS", "C"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "is both anchored and rejected",
                () ->
                        records.confirmAnchor(
                                tx(OWNER_RELAY),
                                withRejection(
                                        confirmation(7, "m-3", other.txId()),
                                        other.txId(),
                                        "STAGE_OUT_OF_ORDER")));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "is not a refusal code",
                () ->
                        records.confirmAnchor(
                                tx(OWNER_RELAY),
                                withRejection(confirmation(7, "m-3"), other.txId(), "lower case")));
        assertEquals(0, store.pendingWrites());
    }

    @Test
    void confirmOnlyFromTheOwnersRelay() {
        StoredRecord a = submit(OWNER_USER, record("T", "LOGISTICS", "A"));
        assertRefused(
                ErrorCodes.WRONG_ORG,
                "only the anchor relay of LogisticsOrgMSP",
                () -> records.confirmAnchor(tx(OTHER_RELAY), confirmation(5, "m-1", a.txId())));
        assertRefused(
                ErrorCodes.NOT_RELAY,
                "tmsct.role=relay",
                () -> records.confirmAnchor(tx(OWNER_ADMIN), confirmation(5, "m-1", a.txId())));
        assertRefused(
                ErrorCodes.NOT_RELAY,
                "tmsct.role=relay",
                () ->
                        records.confirmAnchor(
                                tx(new Caller("LogisticsOrgMSP", false, "auditor")),
                                confirmation(5, "m-1", a.txId())));
    }

    @Test
    void unknownTxIdRefusesTheWholeConfirmation() {
        StoredRecord a = submit(OWNER_USER, record("T", "LOGISTICS", "A"));
        Tx t = tx(OWNER_RELAY);
        assertRefused(
                ErrorCodes.UNKNOWN_RECORD,
                "no record was stored by transaction nope on channel logistics",
                () -> records.confirmAnchor(t, confirmation(5, "m-1", a.txId(), "nope")));
        assertEquals(0, store.pendingWrites());
        assertNull(records.getRecord(a.txId(), "logistics").anchor());
    }

    @Test
    void confirmationByAnotherMasterTransactionIsAConflict() {
        StoredRecord a = submit(OWNER_USER, record("T", "LOGISTICS", "A"));
        confirm(confirmation(5, "m-1", a.txId()));
        assertRefused(
                ErrorCodes.ANCHOR_CONFLICT,
                "already anchored by master transaction m-1, not m-2",
                () -> records.confirmAnchor(tx(OWNER_RELAY), confirmation(5, "m-2", a.txId())));
    }

    @Test
    void malformedConfirmationsAreRefused() {
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "anchor confirmation",
                () -> records.confirmAnchor(tx(OWNER_RELAY), "{"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "missing required field \"masterTxId\"",
                () ->
                        records.confirmAnchor(
                                tx(OWNER_RELAY),
                                "{\"slaveBlockNumber\":1,\"txIds\":[],\"masterBlockNumber\":1}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "unknown field \"block\"",
                () -> records.confirmAnchor(tx(OWNER_RELAY), "{\"block\":1}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "\"slaveBlockNumber\" must be between 0",
                () ->
                        records.confirmAnchor(
                                tx(OWNER_RELAY),
                                "{\"slaveBlockNumber\":-1,\"txIds\":[],\"masterTxId\":\"m\",\"masterBlockNumber\":1}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "twice",
                () -> records.confirmAnchor(tx(OWNER_RELAY), confirmation(1, "m", "a", "a")));
    }

    @Test
    void unknownRecordQueries() {
        assertRefused(
                ErrorCodes.UNKNOWN_RECORD,
                "no record was stored by transaction zz",
                () -> records.getRecord("zz", "logistics"));
        assertRefused(
                ErrorCodes.UNKNOWN_RECORD,
                "no record was stored by transaction zz",
                () -> records.history("zz", "logistics"));
    }

    private RecordService askingMaster(String code) {
        return new RecordService(
                store,
                config,
                devices,
                (chain, tid, stage, fields) -> {
                    assertEquals("logistics", chain);
                    return Optional.of(new Refusal(code, "why " + tid));
                });
    }

    @Test
    void whatMasterWouldRefuseWhateverTheTimeIsRefusedAtOnce() {
        for (String code :
                List.of(
                        ErrorCode.FIELDS_NOT_ALLOWED.name(),
                        ErrorCode.STAGE_WRONG_CHAIN.name(),
                        ErrorCode.STAGE_NOT_IN_PROCESS.name())) {
            RecordService asking = askingMaster(code);
            assertRefused(
                    code,
                    "master would reject this record: why T",
                    () ->
                            asking.record(
                                    tx(OWNER_USER),
                                    "truck-17",
                                    signed(
                                            record("T", "LOGISTICS", "A"),
                                            "truck-17",
                                            truck,
                                            SIGNED_AT)));
            assertEquals(0, store.pendingWrites());
        }
    }

    @Test
    void stageOrderIsLeftToMasterSoAFastFollowerIsStored() {
        // master has no earlier stage yet, but it may be anchored before this record is
        RecordService asking = askingMaster(ErrorCode.STAGE_OUT_OF_ORDER.name());
        Tx t = tx(OWNER_USER);
        StoredRecord r =
                asking.record(
                        t,
                        "truck-17",
                        signed(record("T", "LOGISTICS", "A"), "truck-17", truck, SIGNED_AT));
        assertEquals(StoredRecord.PENDING, r.status());
        assertTrue(store.pendingWrites() > 0);
    }
}
