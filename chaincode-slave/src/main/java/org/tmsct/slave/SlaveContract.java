package org.tmsct.slave;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.fabric.BaseContract;
import org.tmsct.chaincode.fabric.ContractCalls;
import org.tmsct.chaincode.fabric.FabricStateStore;
import org.tmsct.core.protocol.EventNames;
import org.tmsct.slave.common.ErrorCodes;
import org.tmsct.slave.config.ChannelConfig;
import org.tmsct.slave.config.ChannelConfigService;
import org.tmsct.slave.device.Device;
import org.tmsct.slave.device.DeviceRegistry;
import org.tmsct.slave.fabric.FabricMasterRules;
import org.tmsct.slave.record.RecordService;

/**
 * The slave-channel contract: one organisation's private stage of the supply chain. It binds the
 * channel to its owner and stage, keeps the device registry, checks and stores device-signed
 * records (key data and hash only; the raw record arrives as transient data), and records which
 * master transaction anchored them.
 *
 * <p>This class only converts Fabric types and errors; the rules live in the domain packages. Every
 * answer is canonical JSON, so all endorsers return identical bytes.
 */
@Contract(name = "slave", info = @Info(title = "TMSCT slave contract", version = "0.2.0"))
@Default
public final class SlaveContract extends BaseContract {

    /**
     * Event emitted by Record, with the stored record JSON as payload: what the anchor relay reads.
     */
    public static final String RECORD_CREATED = EventNames.RECORD_CREATED;

    /** Event emitted by RecordBatch: {@code {"records":[...]}}, each a RecordCreated payload. */
    public static final String RECORDS_CREATED = EventNames.RECORDS_CREATED;

    public SlaveContract() {
        super("chaincode-slave");
    }

    // --- configuration ---------------------------------------------------------------------------

    /**
     * Binds the channel to the caller's organisation (first call) and sets its stage and shared
     * fields.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String Configure(final Context ctx, final String stage, final String keyFieldsJson) {
        return run(
                ctx,
                d -> Json.canonical(d.config.configure(tx(ctx), stage, keyFieldsJson).toJson()));
    }

    /** {ownerMsp, stage, keyFields, version, txId, txTimestamp}. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetConfig(final Context ctx) {
        return run(
                ctx, d -> Json.canonical(d.config.require(ctx.getStub().getChannelId()).toJson()));
    }

    /** Every version of the configuration, oldest first. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetConfigHistory(final Context ctx) {
        return run(ctx, d -> Json.canonical(d.config.history()));
    }

    // --- devices ---------------------------------------------------------------------------------

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RegisterDevice(final Context ctx, final String deviceId, final String pem) {
        return run(ctx, d -> Json.canonical(d.devices.register(tx(ctx), deviceId, pem).toJson()));
    }

    /** Sets the organisation's device CAs (a JSON array of PEM certificates); owner admins. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String SetDeviceCaRoots(final Context ctx, final String pemsJson) {
        return run(
                ctx,
                d -> {
                    JsonElement value = Json.requestValue(pemsJson, "device CA certificates");
                    if (!value.isJsonArray()) {
                        throw new ContractError(
                                ErrorCodes.BAD_REQUEST,
                                "device CA certificates must be a JSON array of PEM texts");
                    }
                    List<String> pems = new ArrayList<>();
                    for (JsonElement e : value.getAsJsonArray()) {
                        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                            throw new ContractError(
                                    ErrorCodes.BAD_REQUEST,
                                    "device CA certificates must hold only PEM texts");
                        }
                        pems.add(e.getAsString());
                    }
                    return Json.canonical(Json.array(d.devices.setCaRoots(tx(ctx), pems)));
                });
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetDeviceCaRoots(final Context ctx) {
        return run(ctx, d -> Json.canonical(Json.array(d.devices.caRoots())));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RevokeDevice(final Context ctx, final String deviceId) {
        return run(ctx, d -> Json.canonical(d.devices.revoke(tx(ctx), deviceId).toJson()));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetDevice(final Context ctx, final String deviceId) {
        return run(ctx, d -> Json.canonical(d.devices.get(deviceId).toJson()));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String ListDevices(final Context ctx) {
        return run(
                ctx,
                d -> {
                    JsonArray out = new JsonArray();
                    for (Device device : d.devices.list()) {
                        out.add(device.toJson());
                    }
                    return Json.canonical(out);
                });
    }

    // --- records ---------------------------------------------------------------------------------

    /**
     * Stores one device-signed record. Transient data: {@code record} (raw record JSON), {@code
     * signature} (base64 DER ECDSA over SignedCommitment's signing bytes), {@code timestamp}
     * (decimal epoch milliseconds the device signed), {@code salts} (the field commitment's salts).
     * Emits {@link #RECORD_CREATED} with the stored record, which it also answers; the entry's
     * attestation is written under ratt~txId (GetAttestation).
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String Record(final Context ctx, final String deviceId) {
        return run(
                ctx,
                d -> {
                    RecordService.Recorded recorded =
                            d.records.recordWithAttestation(
                                    tx(ctx), deviceId, ctx.getStub().getTransient());
                    byte[] json = Json.bytes(recorded.eventJson());
                    ctx.getStub().setEvent(RECORD_CREATED, json);
                    return new String(json, StandardCharsets.UTF_8);
                });
    }

    /**
     * Stores up to 500 records signed by one device in one transaction (transient {@code records}:
     * see {@link RecordService#recordBatch}); each is checked on its own and a refused one does not
     * hold up the others. Emits {@link #RECORDS_CREATED} with what it stored. Answers {@code
     * {"recorded":[{"index","txId"}],"refused":[{"index","code","reason"}]}}, where a record's txId
     * is its id, {@code <transaction id>#<index>}.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RecordBatch(final Context ctx, final String deviceId) {
        return run(
                ctx,
                d -> {
                    RecordService.BatchOutcome outcome =
                            d.records.recordBatch(tx(ctx), deviceId, ctx.getStub().getTransient());
                    if (!outcome.recorded().isEmpty()) {
                        ctx.getStub().setEvent(RECORDS_CREATED, Json.bytes(outcome.eventJson()));
                    }
                    return Json.canonical(outcome.answer());
                });
    }

    /**
     * {"slaveBlockNumber":n,"txIds":[...],"rejected":[{"txId","code","reason"}],"masterTxId":"...",
     * "masterBlockNumber":m}, from the channel's relay only: txIds become ANCHORED, rejected ones
     * REJECTED with master's code and reason.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String ConfirmAnchor(final Context ctx, final String confirmationJson) {
        return run(ctx, d -> Json.canonical(d.records.confirmAnchor(tx(ctx), confirmationJson)));
    }

    /**
     * What master checks the record of {@code txId} by: the device's signed commitment, the
     * disclosures of /tid, /stage and the key fields, and the device certificate.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetAttestation(final Context ctx, final String txId) {
        return run(
                ctx,
                d ->
                        Json.canonical(
                                d.records
                                        .attestation(txId, ctx.getStub().getChannelId())
                                        .toJsonObject()));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetRecords(final Context ctx, final String tid) {
        return run(
                ctx,
                d ->
                        Json.canonical(
                                RecordService.toJson(
                                        d.records.getRecords(tid, ctx.getStub().getChannelId()))));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetRecord(final Context ctx, final String txId) {
        return run(
                ctx,
                d ->
                        Json.canonical(
                                d.records.getRecord(txId, ctx.getStub().getChannelId()).toJson()));
    }

    /** The records master refused, in txId order: up to {@code limit} after {@code afterTxId}. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetRejectedRecords(
            final Context ctx, final String afterTxId, final String limit) {
        return run(
                ctx,
                d ->
                        Json.canonical(
                                RecordService.toJson(
                                        d.records.rejectedRecords(
                                                afterTxId,
                                                pageSize(limit),
                                                ctx.getStub().getChannelId()))));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetRecordHistory(final Context ctx, final String txId) {
        return run(ctx, d -> Json.canonical(d.records.history(txId, ctx.getStub().getChannelId())));
    }

    private static int pageSize(final String limit) {
        try {
            return Integer.parseInt(limit == null ? "" : limit.strip());
        } catch (NumberFormatException e) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST, "limit must be a whole number, got \"" + limit + "\"");
        }
    }

    // --- plumbing --------------------------------------------------------------------------------

    /** The domain services over this transaction's state. */
    /** A slave channel's notes are its owner's: before Configure nobody may write one. */
    @Override
    protected boolean isMember(final ChaincodeStub stub, final String mspId) {
        ChannelConfig config = new ChannelConfigService(new FabricStateStore(stub)).current();
        return config != null && config.ownerMsp().equals(mspId);
    }

    private record Domain(
            ChannelConfigService config, DeviceRegistry devices, RecordService records) {
        static Domain over(ChaincodeStub stub) {
            FabricStateStore store = new FabricStateStore(stub);
            ChannelConfigService config = new ChannelConfigService(store);
            DeviceRegistry devices = new DeviceRegistry(store, config);
            return new Domain(
                    config,
                    devices,
                    new RecordService(store, config, devices, FabricMasterRules.of(stub)));
        }
    }

    private static Tx tx(final Context ctx) {
        return ContractCalls.tx(ctx);
    }

    private static String run(final Context ctx, final Function<Domain, String> call) {
        return ContractCalls.run(ctx, "slave", Domain::over, call);
    }
}
