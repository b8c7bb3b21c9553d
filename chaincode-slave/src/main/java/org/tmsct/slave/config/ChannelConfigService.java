package org.tmsct.slave.config;

import com.google.gson.JsonArray;
import java.util.List;
import org.tmsct.chaincode.common.Caller;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.Revision;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.core.record.RawRecord;
import org.tmsct.core.record.RecordFormatException;
import org.tmsct.slave.common.ErrorCodes;

/** Configure / GetConfig: who owns the channel, its stage, and the fields it shares. */
public final class ChannelConfigService {

    /** One simple key: every Configure overwrites it, and the key history keeps every version. */
    public static final String CONFIG_KEY = "config";

    public static final int MAX_KEY_FIELDS = 64;
    public static final int MAX_FIELD_NAME_LENGTH = 128;

    private final StateStore store;

    public ChannelConfigService(StateStore store) {
        this.store = store;
    }

    /**
     * Sets the stage and key-field list. The first call makes the caller's MSP the owner of the
     * channel; every call must come from an admin, and later calls from an admin of the owner.
     */
    public ChannelConfig configure(Tx tx, String stage, String keyFieldsJson) {
        Caller caller = tx.caller();
        if (!caller.admin()) {
            throw new ContractError(
                    ErrorCodes.NOT_ADMIN,
                    "only an organisation admin may configure channel "
                            + tx.channelId()
                            + "; the caller from "
                            + caller.mspId()
                            + " is not an admin");
        }
        ChannelConfig current = current();
        if (current != null && !current.ownerMsp().equals(caller.mspId())) {
            throw new ContractError(
                    ErrorCodes.WRONG_ORG,
                    "channel "
                            + tx.channelId()
                            + " is owned by "
                            + current.ownerMsp()
                            + "; an admin of "
                            + caller.mspId()
                            + " cannot reconfigure it");
        }
        String checkedStage = checkStage(stage);
        List<String> fields =
                Json.distinctStrings(
                        Json.requestValue(keyFieldsJson, "keyFields"),
                        "keyFields",
                        MAX_KEY_FIELDS,
                        MAX_FIELD_NAME_LENGTH);
        ChannelConfig next =
                new ChannelConfig(
                        current == null ? caller.mspId() : current.ownerMsp(),
                        checkedStage,
                        fields,
                        current == null ? 1 : current.version() + 1,
                        tx.txId(),
                        tx.timestampMillis());
        store.put(CONFIG_KEY, Json.bytes(next.toJson()));
        return next;
    }

    /** The configuration, or null before the first Configure. */
    public ChannelConfig current() {
        byte[] bytes = store.get(CONFIG_KEY);
        return bytes == null || bytes.length == 0
                ? null
                : ChannelConfig.fromJson(Json.stored(bytes));
    }

    /** The configuration; refuses with NOT_CONFIGURED before the first Configure. */
    /**
     * The channel's configuration, if the caller belongs to the organisation that owns it; else
     * WRONG_ORG: "only {@code who} of the owner, which owns the channel, may {@code action}".
     */
    public ChannelConfig requireOwner(Tx tx, String who, String action) {
        ChannelConfig cfg = require(tx.channelId());
        String caller = tx.caller().mspId();
        if (!caller.equals(cfg.ownerMsp())) {
            throw new ContractError(
                    ErrorCodes.WRONG_ORG,
                    "only "
                            + who
                            + " of "
                            + cfg.ownerMsp()
                            + ", which owns channel "
                            + tx.channelId()
                            + ", may "
                            + action
                            + "; the caller is from "
                            + caller);
        }
        return cfg;
    }

    public ChannelConfig require(String channelId) {
        ChannelConfig config = current();
        if (config == null) {
            throw new ContractError(
                    ErrorCodes.NOT_CONFIGURED,
                    "channel "
                            + channelId
                            + " is not configured yet; an admin of the owning organisation must call Configure(stage, keyFieldsJson) first");
        }
        return config;
    }

    /** Every version of the configuration, oldest first. */
    public JsonArray history() {
        JsonArray out = new JsonArray();
        for (Revision r : store.history(CONFIG_KEY)) {
            if (!r.deleted()) {
                out.add(Json.stored(r.value()));
            }
        }
        return out;
    }

    private static String checkStage(String stage) {
        try {
            // A record's stage must be able to equal it, so the record rules apply.
            return new RawRecord("config-check", stage, java.util.Map.of()).stage();
        } catch (RecordFormatException e) {
            throw new ContractError(ErrorCodes.BAD_REQUEST, e.getMessage());
        }
    }
}
