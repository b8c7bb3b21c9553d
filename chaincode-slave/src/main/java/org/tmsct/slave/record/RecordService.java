package org.tmsct.slave.record;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tmsct.chaincode.common.Caller;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.KeyValue;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.Revision;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.core.commitment.EntryAttestation;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.commitment.SignedCommitment;
import org.tmsct.core.genealogy.LotLinks;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.core.protocol.RecordIds;
import org.tmsct.core.protocol.Refusal;
import org.tmsct.core.protocol.StateKeys;
import org.tmsct.core.protocol.TransientKeys;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.core.record.JsonFields;
import org.tmsct.core.record.RawRecord;
import org.tmsct.core.record.RecordFormatException;
import org.tmsct.core.record.TraceId;
import org.tmsct.slave.common.ErrorCodes;
import org.tmsct.slave.config.ChannelConfig;
import org.tmsct.slave.config.ChannelConfigService;
import org.tmsct.slave.device.Device;
import org.tmsct.slave.device.DeviceRegistry;

/**
 * Device-signed records on a slave channel: Record checks and stores them (key data and hash only),
 * ConfirmAnchor marks them anchored once the master chain has them, and the queries read them back.
 */
public final class RecordService {

    /** Transient-map keys of a Record call. */
    public static final String TRANSIENT_RECORD = TransientKeys.RECORD;

    public static final String TRANSIENT_SIGNATURE = TransientKeys.SIGNATURE;
    public static final String TRANSIENT_TIMESTAMP = TransientKeys.TIMESTAMP;
    public static final String TRANSIENT_SALTS = TransientKeys.SALTS;

    /**
     * ratt~txId: the record's attestation (signed commitment, disclosures, certificate); the relay
     * reads it from the block's write set, so it is in each block once.
     */
    static final String ATTESTATION = StateKeys.RECORD_ATTESTATION;

    /** record~txId: the stored record. */
    static final String RECORD = "record";

    /** rtid~tid~txTimestamp~txId: the records of a trace code in transaction-time order. */
    static final String BY_TID = "rtid";

    /** rhash~tid~dataHash: refuses the same raw record twice. */
    static final String BY_HASH = "rhash";

    /** rrej/txId (simple key, so it can be read in bounded pages): the records master refused. */
    static final String REJECTED_INDEX = "rrej/";

    private static final String REJECTED_INDEX_END = "rrej0";

    public static final int MAX_CONFIRM_TX_IDS = 10_000;
    public static final int MAX_PAGE = 200;
    private static final int MAX_REASON_CHARS = 2048;
    private static final int MAX_SIGNATURE_BYTES = 1024;
    private static final String CONFIRMATION = "anchor confirmation";

    private final StateStore store;
    private final ChannelConfigService config;
    private final DeviceRegistry devices;
    private final MasterRules master;

    /**
     * The rules master would refuse a record for whatever the time: they depend on the process
     * definition only, so refusing at once is what master would do later. Stage order and the TID's
     * product type depend on what is anchored when, so they are left to master (see
     * docs/contracts.md).
     */
    static final Set<String> REFUSED_AT_ONCE =
            Set.of(
                    ErrorCode.STAGE_NOT_IN_PROCESS.name(),
                    ErrorCode.STAGE_WRONG_CHAIN.name(),
                    ErrorCode.FIELDS_NOT_ALLOWED.name());

    public RecordService(StateStore store, ChannelConfigService config, DeviceRegistry devices) {
        this(store, config, devices, MasterRules.NONE);
    }

    public RecordService(
            StateStore store,
            ChannelConfigService config,
            DeviceRegistry devices,
            MasterRules master) {
        this.store = store;
        this.config = config;
        this.devices = devices;
        this.master = master;
    }

    /**
     * Checks and stores one device-signed record passed as transient data (so the raw record never
     * lands in a block): the caller belongs to the owning organisation, the record parses, the
     * device is registered and active, its signature verifies, the stage is this channel's, and the
     * same raw record was not stored before.
     */
    public StoredRecord record(Tx tx, String deviceId, Map<String, byte[]> transientData) {
        return recordWithAttestation(tx, deviceId, transientData).stored();
    }

    /** A stored record and what the relay sends master for it. */
    public record Recorded(StoredRecord stored, EntryAttestation attestation) {

        /**
         * The RecordCreated event: the stored record JSON. The attestation is not repeated there:
         * the same block carries it once, in the write of ratt~txId.
         */
        public JsonObject eventJson() {
            return stored.toJson();
        }
    }

    /**
     * As {@link #record}, and returns the entry's attestation too: the device's signed commitment,
     * the disclosures of /tid, /stage and the shared key fields, and the device's certificate. The
     * raw record and its salts are never written; the attestation is (under ratt~txId, which the
     * relay reads from the block's write set and sends to master).
     */
    public Recorded recordWithAttestation(
            Tx tx, String deviceId, Map<String, byte[]> transientData) {
        ChannelConfig cfg = config.requireOwner(tx, "members", "record on it");
        String id = DeviceRegistry.checkDeviceId(deviceId);
        byte[] recordBytes = transientValue(transientData, TRANSIENT_RECORD, "the raw record JSON");
        byte[] signatureText =
                transientValue(transientData, TRANSIENT_SIGNATURE, "the base64 DER signature");
        byte[] timestampText =
                transientValue(
                        transientData,
                        TRANSIENT_TIMESTAMP,
                        "the epoch milliseconds the device signed");
        byte[] saltsText =
                transientValue(transientData, TRANSIENT_SALTS, "the salts of the field commitment");
        Checked checked =
                check(
                        tx,
                        cfg,
                        signingDevice(id),
                        new Signed(recordBytes, signatureText, timestampText, saltsText));
        Optional<Refusal> verdict =
                master.check(
                        tx.channelId(),
                        checked.raw().tid(),
                        checked.raw().stage(),
                        checked.keyData().keySet());
        return store(tx, checked, verdict, tx.txId(), new HashMap<>());
    }

    /** One record of a call as the device signed it: the four transient values. */
    record Signed(byte[] record, byte[] signature, byte[] timestamp, byte[] salts) {}

    /** Records per RecordBatch call at most. */
    public static final int MAX_BATCH = 500;

    /** What a RecordBatch call stored, and what it refused, by position in the batch. */
    public record BatchOutcome(
            List<Recorded> recorded, List<Integer> positions, JsonArray refused) {

        /** The RecordsCreated event: {@code {"records":[<RecordCreated payload>...]}}. */
        public JsonObject eventJson() {
            JsonArray array = new JsonArray();
            recorded.forEach(r -> array.add(r.eventJson()));
            JsonObject o = new JsonObject();
            o.add("records", array);
            return o;
        }

        /** {@code {"recorded":[{"index","txId"}],"refused":[{"index","code","reason"}]}}. */
        public JsonObject answer() {
            JsonArray ids = new JsonArray();
            for (int i = 0; i < recorded.size(); i++) {
                JsonObject o = new JsonObject();
                o.addProperty("index", positions.get(i));
                o.addProperty("txId", recorded.get(i).stored().txId());
                ids.add(o);
            }
            JsonObject out = new JsonObject();
            out.add("recorded", ids);
            out.add("refused", refused.deepCopy());
            return out;
        }
    }

    /**
     * Checks and stores up to {@link #MAX_BATCH} records signed by one device in one transaction:
     * transient {@code records} is a JSON array of {@code {"record","signature","timestamp",
     * "salts"}} (the record JSON text and the three values Record takes, as strings). Each is
     * checked on its own, exactly as Record checks one; a refused record is reported with its code
     * and the others are stored. Record i's id is {@code <txId>#i}, and it stands for the record
     * everywhere downstream (anchor entry, proof, confirmation) as a transaction id does for
     * Record. A malformed call (wrong caller, no array, too many records) refuses the whole batch.
     */
    public BatchOutcome recordBatch(Tx tx, String deviceId, Map<String, byte[]> transientData) {
        ChannelConfig cfg = config.requireOwner(tx, "members", "record on it");
        String id = DeviceRegistry.checkDeviceId(deviceId);
        byte[] text =
                transientValue(
                        transientData,
                        TransientKeys.RECORDS,
                        "the JSON array of {record, signature, timestamp, salts}");
        if (text.length > MAX_BATCH * (long) (RawRecord.MAX_BYTES + 4096)) {
            throw new ContractError(
                    ErrorCodes.RECORD_TOO_LARGE,
                    "transient field \"records\" is " + text.length + " bytes, over the limit");
        }
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(new String(text, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "transient field \"records\" is not JSON: " + e.getMessage());
        }
        if (!parsed.isJsonArray()
                || parsed.getAsJsonArray().isEmpty()
                || parsed.getAsJsonArray().size() > MAX_BATCH) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "transient field \"records\" must be a JSON array of 1 to "
                            + MAX_BATCH
                            + " objects {record, signature, timestamp, salts}");
        }
        JsonArray items = parsed.getAsJsonArray();
        TreeMap<Integer, JsonObject> refusals = new TreeMap<>();
        // 1. each record on its own: format, signature, stage (the device is read once)
        SigningDevice device = null;
        ContractError deviceError = null;
        try {
            device = signingDevice(id);
        } catch (ContractError e) {
            deviceError = e;
        }
        List<Integer> checkedAt = new ArrayList<>();
        List<Checked> checked = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                Signed signed = signedItem(items.get(i), i);
                if (deviceError != null) {
                    throw deviceError;
                }
                checked.add(check(tx, cfg, device, signed));
                checkedAt.add(i);
            } catch (ContractError e) {
                refusals.put(i, refusal(i, e));
            }
        }
        // 2. master's verdicts on all of them in one call
        List<Optional<Refusal>> verdicts =
                checked.isEmpty()
                        ? List.of()
                        : master.checkAll(
                                tx.channelId(),
                                checked.stream().map(RecordService::query).toList());
        // 3. duplicates and writes, in batch order
        List<Recorded> recorded = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        Map<String, String> hashesInTx = new HashMap<>();
        for (int j = 0; j < checked.size(); j++) {
            int i = checkedAt.get(j);
            try {
                recorded.add(
                        store(
                                tx,
                                checked.get(j),
                                verdicts.get(j),
                                RecordIds.ofBatch(tx.txId(), i),
                                hashesInTx));
                positions.add(i);
            } catch (ContractError e) {
                refusals.put(i, refusal(i, e));
            }
        }
        JsonArray refused = new JsonArray();
        refusals.values().forEach(refused::add);
        return new BatchOutcome(recorded, positions, refused);
    }

    private static JsonObject refusal(int index, ContractError e) {
        JsonObject r = new JsonObject();
        r.addProperty("index", index);
        r.addProperty("code", e.code());
        r.addProperty("reason", e.getMessage());
        return r;
    }

    private static Signed signedItem(JsonElement item, int index) {
        String what = "records[" + index + "]";
        if (!item.isJsonObject()) {
            throw new ContractError(ErrorCodes.BAD_REQUEST, what + " is not an object");
        }
        JsonObject o = item.getAsJsonObject();
        Json.rejectUnknown(o, what, "record", "signature", "timestamp", "salts");
        return new Signed(
                itemValue(o, TRANSIENT_RECORD, what),
                itemValue(o, TRANSIENT_SIGNATURE, what),
                itemValue(o, TRANSIENT_TIMESTAMP, what),
                itemValue(o, TRANSIENT_SALTS, what));
    }

    private static byte[] itemValue(JsonObject o, String member, String what) {
        JsonElement v = o.get(member);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw new ContractError(
                    ErrorCodes.MISSING_TRANSIENT, what + " has no string \"" + member + "\"");
        }
        return v.getAsString().getBytes(StandardCharsets.UTF_8);
    }

    /** A registered, active device and its public key, read once per call. */
    record SigningDevice(Device device, PublicKey key) {}

    private SigningDevice signingDevice(String id) {
        Device device = devices.requireActive(id);
        return new SigningDevice(device, DeviceSignature.publicKeyFromPem(device.publicKeyPem()));
    }

    /** A record that passed the checks that need nothing but itself, its device and the channel. */
    record Checked(
            RawRecord raw,
            FieldCommitment commitment,
            SignedCommitment signed,
            SigningDevice device,
            SortedMap<String, JsonElement> keyData) {}

    /**
     * Size, format, salts, timestamp, the device's signature and the channel's stage, in that
     * order.
     */
    private Checked check(Tx tx, ChannelConfig cfg, SigningDevice device, Signed signedItem) {
        byte[] recordBytes = signedItem.record();
        if (recordBytes.length > RawRecord.MAX_BYTES) {
            throw new ContractError(
                    ErrorCodes.RECORD_TOO_LARGE,
                    "the record is "
                            + recordBytes.length
                            + " bytes, over the limit of "
                            + RawRecord.MAX_BYTES
                            + " bytes (64 KiB); keep bulky data off chain");
        }
        RawRecord raw;
        try {
            raw = RawRecord.parse(recordBytes);
            LotLinks.of(raw.tid(), raw.fields()); // malformed lot links are refused here, early
        } catch (RecordFormatException e) {
            throw new ContractError(ErrorCodes.RECORD_MALFORMED, e.getMessage());
        }
        FieldCommitment commitment = commitment(raw, signedItem.salts());
        long deviceMillis = parseMillis(signedItem.timestamp());
        byte[] signature = parseSignature(signedItem.signature());
        String id = device.device().deviceId();
        SignedCommitment signed =
                new SignedCommitment(
                        commitment.root(), id, Instant.ofEpochMilli(deviceMillis), signature);
        if (!signed.verify(device.key())) {
            throw new ContractError(
                    ErrorCodes.BAD_SIGNATURE,
                    "the signature does not verify with the key of device "
                            + id
                            + " over the commitment to this record and its salts at timestamp "
                            + deviceMillis
                            + " (wrong key, or record, salts or timestamp changed after signing)");
        }
        if (!raw.stage().equals(cfg.stage())) {
            throw new ContractError(
                    ErrorCodes.WRONG_STAGE,
                    "the record is for stage "
                            + raw.stage()
                            + " but channel "
                            + tx.channelId()
                            + " records stage "
                            + cfg.stage());
        }
        return new Checked(raw, commitment, signed, device, raw.keyData(cfg.keyFields()));
    }

    /** What master is asked about a checked record. */
    private static MasterRules.Query query(Checked c) {
        return new MasterRules.Query(c.raw().tid(), c.raw().stage(), c.keyData().keySet());
    }

    /**
     * Master's verdict, then the duplicate check, then the writes of one record under {@code
     * recordId}. {@code hashesInTx} maps the hash keys this transaction stored already to their
     * records (it cannot read its own writes).
     */
    private Recorded store(
            Tx tx,
            Checked c,
            Optional<Refusal> verdict,
            String recordId,
            Map<String, String> hashesInTx) {
        RawRecord raw = c.raw();
        if (verdict.isPresent() && REFUSED_AT_ONCE.contains(verdict.get().code())) {
            throw new ContractError(
                    verdict.get().code(),
                    "master would reject this record: " + verdict.get().message());
        }
        String dataHash = c.commitment().rootHex();
        String hashKey = Keys.composite(BY_HASH, raw.tid(), dataHash);
        byte[] earlier = store.get(hashKey);
        if (hashesInTx.containsKey(hashKey)) {
            earlier = hashesInTx.get(hashKey).getBytes(StandardCharsets.UTF_8);
        }
        if (earlier != null && earlier.length > 0) {
            throw new ContractError(
                    ErrorCodes.DUPLICATE_RECORD,
                    "this record of "
                            + raw.tid()
                            + " (hash "
                            + dataHash
                            + ") was already stored by transaction "
                            + new String(earlier, StandardCharsets.UTF_8));
        }

        StoredRecord stored =
                new StoredRecord(
                        recordId,
                        raw.tid(),
                        raw.stage(),
                        c.keyData(),
                        dataHash,
                        c.device().device().deviceId(),
                        c.signed().timestamp().toEpochMilli(),
                        tx.timestampMillis(),
                        StoredRecord.PENDING,
                        null,
                        null);
        EntryAttestation attestation =
                new EntryAttestation(
                        c.signed(),
                        c.commitment().discloseKeyData(c.keyData().keySet()),
                        certificateOf(c.device().device()));
        byte[] idBytes = recordId.getBytes(StandardCharsets.UTF_8);
        store.put(recordKey(recordId), Json.bytes(stored.toJson()));
        store.put(Keys.composite(ATTESTATION, recordId), Json.bytes(attestation.toJsonObject()));
        store.put(
                Keys.composite(BY_TID, raw.tid(), Keys.pad(tx.timestampMillis(), 16), recordId),
                idBytes);
        store.put(hashKey, idBytes);
        hashesInTx.put(hashKey, recordId);
        return new Recorded(stored, attestation);
    }

    /** The attestation stored with the record of {@code txId}. */
    public EntryAttestation attestation(String txId, String channelId) {
        getRecord(txId, channelId);
        byte[] bytes = store.get(Keys.composite(ATTESTATION, txId));
        if (bytes == null || bytes.length == 0) {
            throw new ContractError(
                    ErrorCodes.UNKNOWN_RECORD,
                    "record " + txId + " was stored without an attestation");
        }
        return EntryAttestation.fromJson(Json.stored(bytes));
    }

    /** The registered PEM if it is a certificate; empty for a device registered by its bare key. */
    private static String certificateOf(Device device) {
        String pem = device.publicKeyPem();
        return DeviceSignature.holdsCertificate(pem) ? pem : "";
    }

    private static FieldCommitment commitment(RawRecord raw, byte[] saltsText) {
        try {
            JsonObject salts =
                    JsonFields.parseObject(
                            new String(saltsText, StandardCharsets.UTF_8), "transient salts");
            return FieldCommitment.commit(raw, FieldCommitment.saltsFromJson(salts));
        } catch (IllegalArgumentException e) { // includes RecordFormatException
            throw new ContractError(
                    ErrorCodes.RECORD_MALFORMED,
                    "transient field \"salts\" must hold one salt of 64 lowercase hex characters"
                            + " for each member of the record (/tid, /stage, /fields/<name>): "
                            + e.getMessage());
        }
    }

    /**
     * Marks records anchored, as reported by this channel's anchor relay: {@code
     * {"slaveBlockNumber":n,"txIds":[...],"masterTxId":"...","masterBlockNumber":m}}. Records
     * already anchored by the same master transaction are left alone, so a replay changes nothing.
     * Every txId is checked before anything is written.
     *
     * @return {@code {"newlyAnchored":n,"alreadyAnchored":m,...}}
     */
    public JsonObject confirmAnchor(Tx tx, String confirmationJson) {
        config.requireOwner(tx, "the anchor relay", "confirm anchors");
        Caller caller = tx.caller();
        if (!caller.isRelay()) {
            throw new ContractError(
                    ErrorCodes.NOT_RELAY,
                    "only an identity with attribute "
                            + Caller.ROLE_ATTRIBUTE
                            + "="
                            + Caller.RELAY_ROLE
                            + " may confirm anchors; the caller has none");
        }
        JsonObject request = Json.requestObject(confirmationJson, CONFIRMATION);
        Json.rejectUnknown(
                request,
                CONFIRMATION,
                "slaveBlockNumber",
                "txIds",
                "rejected",
                "masterTxId",
                "masterBlockNumber");
        long slaveBlock =
                Json.requireLong(
                        request, "slaveBlockNumber", 0, JsonFields.MAX_SAFE_INTEGER, CONFIRMATION);
        long masterBlock =
                Json.requireLong(
                        request, "masterBlockNumber", 0, JsonFields.MAX_SAFE_INTEGER, CONFIRMATION);
        String masterTxId =
                Json.checkName(
                        Json.requireString(request, "masterTxId", CONFIRMATION), "masterTxId", 256);
        List<String> txIds =
                request.has("txIds")
                        ? Json.distinctStrings(
                                request.get("txIds"),
                                CONFIRMATION + " field \"txIds\"",
                                MAX_CONFIRM_TX_IDS,
                                256)
                        : List.of();
        TreeMap<String, StoredRecord.Rejection> rejections = rejections(request.get("rejected"));
        if (txIds.isEmpty() && rejections.isEmpty()) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    CONFIRMATION + ": name at least one record in \"txIds\" or \"rejected\"");
        }
        for (String txId : txIds) {
            if (rejections.containsKey(txId)) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST,
                        CONFIRMATION + ": record " + txId + " is both anchored and rejected");
            }
        }

        // Read every record before writing any; a replay by the same master transaction is a
        // no-op.
        TreeMap<String, StoredRecord> toMark = new TreeMap<>();
        int already = 0;
        List<String> all = new ArrayList<>(txIds);
        all.addAll(rejections.keySet());
        for (String txId : all) {
            StoredRecord record = getRecord(txId, tx.channelId());
            if (record.anchor() == null) {
                toMark.put(txId, record);
            } else if (record.anchor().masterTxId().equals(masterTxId)) {
                already++;
            } else {
                throw new ContractError(
                        ErrorCodes.ANCHOR_CONFLICT,
                        "record "
                                + txId
                                + " is already "
                                + record.status().toLowerCase(java.util.Locale.ROOT)
                                + " by master transaction "
                                + record.anchor().masterTxId()
                                + ", not "
                                + masterTxId);
            }
        }
        StoredRecord.Anchor where =
                new StoredRecord.Anchor(
                        slaveBlock, masterTxId, masterBlock, tx.txId(), tx.timestampMillis());
        int newlyRejected = 0;
        for (StoredRecord record : toMark.values()) {
            StoredRecord.Rejection why = rejections.get(record.txId());
            if (why == null) {
                store.put(recordKey(record.txId()), Json.bytes(record.anchored(where).toJson()));
            } else {
                store.put(
                        recordKey(record.txId()), Json.bytes(record.rejected(where, why).toJson()));
                store.put(REJECTED_INDEX + record.txId(), new byte[] {1});
                newlyRejected++;
            }
        }
        JsonObject out = new JsonObject();
        out.addProperty("newlyAnchored", toMark.size() - newlyRejected);
        out.addProperty("newlyRejected", newlyRejected);
        out.addProperty("alreadyAnchored", already);
        out.addProperty("slaveBlockNumber", slaveBlock);
        out.addProperty("masterTxId", masterTxId);
        out.addProperty("masterBlockNumber", masterBlock);
        return out;
    }

    /** {@code [{"txId","code","reason"}]}: the records master refused, by txId. */
    private static TreeMap<String, StoredRecord.Rejection> rejections(JsonElement value) {
        TreeMap<String, StoredRecord.Rejection> out = new TreeMap<>();
        if (value == null || value.isJsonNull()) {
            return out;
        }
        String doc = CONFIRMATION + " field \"rejected\"";
        if (!value.isJsonArray() || value.getAsJsonArray().size() > MAX_CONFIRM_TX_IDS) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    doc + " must be an array of at most " + MAX_CONFIRM_TX_IDS + " objects");
        }
        for (JsonElement e : value.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                throw new ContractError(ErrorCodes.BAD_REQUEST, doc + ": each item is an object");
            }
            JsonObject o = e.getAsJsonObject();
            Json.rejectUnknown(o, doc, "txId", "code", "reason");
            String txId = Json.checkName(Json.requireString(o, "txId", doc), "txId", 256);
            String code = Json.requireString(o, "code", doc);
            if (!code.matches("[A-Z][A-Z0-9_]{1,63}")) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST, doc + ": \"" + code + "\" is not a refusal code");
            }
            String reason = Json.requireString(o, "reason", doc);
            if (reason.length() > MAX_REASON_CHARS) {
                reason = reason.substring(0, MAX_REASON_CHARS);
            }
            if (out.put(txId, new StoredRecord.Rejection(code, reason)) != null) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST, doc + ": record " + txId + " appears twice");
            }
        }
        return out;
    }

    /**
     * The records master refused, in txId order: at most {@code limit} after {@code afterTxId} (""
     * from the start), one bounded simple-key range read.
     */
    public List<StoredRecord> rejectedRecords(String afterTxId, int limit, String channelId) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST, "page size must be between 1 and " + MAX_PAGE);
        }
        List<StoredRecord> out = new ArrayList<>();
        String after = afterTxId == null ? "" : afterTxId;
        // txIds never extend one another, so "<after>!" sorts right after the key of <after>.
        String start = after.isEmpty() ? REJECTED_INDEX : REJECTED_INDEX + after + "!";
        for (KeyValue kv : store.byRange(start, REJECTED_INDEX_END, limit)) {
            out.add(getRecord(kv.key().substring(REJECTED_INDEX.length()), channelId));
        }
        return out;
    }

    /** The record stored by slave transaction {@code txId}, or UNKNOWN_RECORD. */
    public StoredRecord getRecord(String txId, String channelId) {
        String id = Json.checkName(txId, "txId", 256);
        byte[] bytes = store.get(recordKey(id));
        if (bytes == null || bytes.length == 0) {
            throw new ContractError(
                    ErrorCodes.UNKNOWN_RECORD,
                    "no record was stored by transaction " + id + " on channel " + channelId);
        }
        return StoredRecord.fromJson(Json.stored(bytes));
    }

    /**
     * Every record of trace code {@code tid} on this channel, in transaction-time order (empty if
     * none).
     */
    public List<StoredRecord> getRecords(String tid, String channelId) {
        String checked;
        try {
            checked = TraceId.validate(tid);
        } catch (RecordFormatException e) {
            throw new ContractError(ErrorCodes.BAD_REQUEST, e.getMessage());
        }
        List<StoredRecord> out = new ArrayList<>();
        for (KeyValue kv : store.byPrefix(Keys.composite(BY_TID, checked))) {
            out.add(getRecord(new String(kv.value(), StandardCharsets.UTF_8), channelId));
        }
        return out;
    }

    /** Every committed version of the record (PENDING, then ANCHORED), oldest first. */
    public JsonArray history(String txId, String channelId) {
        getRecord(txId, channelId);
        JsonArray out = new JsonArray();
        for (Revision r : store.history(recordKey(txId))) {
            JsonObject entry = new JsonObject();
            entry.addProperty("txId", r.txId());
            entry.addProperty("timestamp", r.timestampMillis());
            entry.addProperty("deleted", r.deleted());
            if (!r.deleted()) {
                entry.add("value", Json.stored(r.value()));
            }
            out.add(entry);
        }
        return out;
    }

    private static String recordKey(String txId) {
        return Keys.composite(RECORD, txId);
    }

    private static byte[] transientValue(
            Map<String, byte[]> transientData, String key, String what) {
        byte[] value = transientData == null ? null : transientData.get(key);
        if (value == null || value.length == 0) {
            throw new ContractError(
                    ErrorCodes.MISSING_TRANSIENT,
                    "transient field \""
                            + key
                            + "\" ("
                            + what
                            + ") is missing; Record expects transient fields record, signature, timestamp and salts");
        }
        return value;
    }

    private static long parseMillis(byte[] text) {
        String s = new String(text, StandardCharsets.UTF_8).strip();
        if (s.isEmpty() || s.length() > 16 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "transient field \"timestamp\" must be the decimal epoch milliseconds "
                            + "the device signed, got \""
                            + (s.length() > 40 ? s.substring(0, 40) + "..." : s)
                            + "\"");
        }
        long millis = Long.parseLong(s);
        if (millis > JsonFields.MAX_SAFE_INTEGER) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "transient field \"timestamp\" " + millis + " is out of range");
        }
        return millis;
    }

    private static byte[] parseSignature(byte[] text) {
        String s = new String(text, StandardCharsets.UTF_8).strip();
        byte[] der;
        try {
            der = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new ContractError(
                    ErrorCodes.BAD_SIGNATURE,
                    "transient field \"signature\" is not valid base64: " + e.getMessage());
        }
        if (der.length == 0 || der.length > MAX_SIGNATURE_BYTES) {
            throw new ContractError(
                    ErrorCodes.BAD_SIGNATURE,
                    "transient field \"signature\" must be a DER ECDSA signature, got "
                            + der.length
                            + " bytes");
        }
        return der;
    }

    /** The record list as a JSON array. */
    public static JsonArray toJson(List<StoredRecord> records) {
        JsonArray out = new JsonArray();
        for (StoredRecord r : records) {
            out.add(r.toJson());
        }
        return out;
    }
}
