package org.tmsct.master.anchor;

import com.google.gson.JsonObject;
import org.tmsct.chaincode.common.Caller;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.core.record.JsonFields;
import org.tmsct.core.record.SignedRecord;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.governance.Members;

/**
 * The devices each organisation has revoked on its slave channel, as it reported them to master
 * (devrev~msp~deviceId): master refuses an entry its device signed at or after the revocation time.
 * Only an admin or the anchor relay of the organisation reports its own devices; a report never
 * moves a revocation later, so nobody can un-revoke a device on master.
 */
public final class DeviceRevocations {

    static final String DEVREV = "devrev";

    private final StateStore store;
    private final Members members;

    public DeviceRevocations(StateStore store, Members members) {
        this.store = store;
        this.members = members;
    }

    /**
     * Records that the caller's organisation revoked {@code deviceId} at {@code revokedAtMillis}
     * (the slave RevokeDevice transaction's timestamp). The same or a later time again writes
     * nothing; an earlier one replaces it.
     */
    public JsonObject report(Tx tx, String deviceId, String revokedAtMillis) {
        Caller caller = tx.caller();
        if (!caller.admin() && !caller.isRelay()) {
            throw new ContractError(
                    ErrorCodes.NOT_ADMIN,
                    "only an admin or the anchor relay of "
                            + caller.mspId()
                            + " may report the revocation of its devices");
        }
        if (!members.isMember(caller.mspId())) {
            throw new ContractError(
                    ErrorCodes.NOT_MEMBER,
                    caller.mspId() + " is not a member organisation of the master channel");
        }
        String id;
        try {
            id = SignedRecord.checkDeviceId(deviceId);
        } catch (IllegalArgumentException e) {
            throw new ContractError(ErrorCodes.BAD_REQUEST, e.getMessage());
        }
        long at = parseMillis(revokedAtMillis);
        if (at > tx.timestampMillis()) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "revokedAt "
                            + at
                            + " is after this transaction ("
                            + tx.timestampMillis()
                            + "); report a revocation once it has happened");
        }
        Long current = revokedAt(caller.mspId(), id);
        if (current != null && current <= at) {
            return find(caller.mspId(), id);
        }
        JsonObject o = new JsonObject();
        o.addProperty("msp", caller.mspId());
        o.addProperty("deviceId", id);
        o.addProperty("revokedAt", at);
        o.addProperty("txId", tx.txId());
        o.addProperty("txTimestamp", tx.timestampMillis());
        store.put(key(caller.mspId(), id), Json.bytes(o));
        return o;
    }

    /** The stored report, or null. */
    public JsonObject find(String mspId, String deviceId) {
        byte[] bytes = store.get(key(mspId, deviceId));
        return bytes == null || bytes.length == 0 ? null : Json.stored(bytes);
    }

    /** When {@code mspId} revoked the device, or null if it has not reported a revocation. */
    public Long revokedAt(String mspId, String deviceId) {
        JsonObject o = find(mspId, deviceId);
        return o == null ? null : o.get("revokedAt").getAsLong();
    }

    private static long parseMillis(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty() || s.length() > 16 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "revokedAt must be the decimal epoch milliseconds of the revocation");
        }
        long millis = Long.parseLong(s);
        if (millis > JsonFields.MAX_SAFE_INTEGER) {
            throw new ContractError(ErrorCodes.BAD_REQUEST, "revokedAt " + s + " is out of range");
        }
        return millis;
    }

    static String key(String mspId, String deviceId) {
        return Keys.composite(DEVREV, mspId, deviceId);
    }
}
