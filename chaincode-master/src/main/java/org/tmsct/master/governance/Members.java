package org.tmsct.master.governance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.TreeSet;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.common.Ids;

/**
 * The member organisations (MSP ids) whose admins decide together (members key; its key history
 * keeps every list). The first list is set once with {@link #init}, by an admin of an MSP on it,
 * right after deployment (scripts/bootstrap.sh does it from network/topology.sh); after that only
 * an approved SET_MEMBERS proposal changes it.
 */
public final class Members {

    static final String KEY = Keys.composite("members");

    public static final int MAX_MEMBERS = 64;

    private final StateStore store;

    public Members(StateStore store) {
        this.store = store;
    }

    /** The current member MSP ids, sorted; empty before {@link #init}. */
    public List<String> list() {
        JsonObject current = current();
        return current == null ? List.of() : Json.strings(current.getAsJsonArray("msps"));
    }

    public boolean isMember(String mspId) {
        return list().contains(mspId);
    }

    /** Approvals needed: strictly more than half of the members. */
    public int majority() {
        return list().size() / 2 + 1;
    }

    /** The stored list {msps, version, setBy, txId, txTimestamp}, or null. */
    public JsonObject current() {
        byte[] bytes = store.get(KEY);
        return bytes == null || bytes.length == 0 ? null : Json.stored(bytes);
    }

    /**
     * Sets the first member list. Setting the same list again writes nothing; a different one is
     * MEMBERS_ALREADY_SET (change it with a SET_MEMBERS proposal).
     */
    public JsonObject init(Tx tx, String mspsJson) {
        if (!tx.caller().admin()) {
            throw new ContractError(
                    ErrorCodes.NOT_ADMIN,
                    "only an organisation admin may set the member list; the caller from "
                            + tx.caller().mspId()
                            + " is not an admin");
        }
        List<String> msps = parse(Json.requestValue(mspsJson, "member list"));
        JsonObject current = current();
        if (current != null) {
            if (list().equals(msps)) {
                return current;
            }
            throw new ContractError(
                    ErrorCodes.MEMBERS_ALREADY_SET,
                    "the member list is already set to "
                            + list()
                            + "; change it with a SET_MEMBERS proposal (ProposeChange)");
        }
        if (!msps.contains(tx.caller().mspId())) {
            throw new ContractError(
                    ErrorCodes.NOT_MEMBER,
                    "the first member list must include the caller's own organisation "
                            + tx.caller().mspId());
        }
        return set(tx, msps);
    }

    /** Writes {@code msps} (already parsed) as the member list. */
    JsonObject set(Tx tx, List<String> msps) {
        JsonObject current = current();
        if (current != null && list().equals(msps)) {
            return current;
        }
        JsonObject o = new JsonObject();
        o.add("msps", Json.array(msps));
        o.addProperty("version", current == null ? 1 : current.get("version").getAsLong() + 1);
        o.addProperty("setBy", tx.caller().mspId());
        o.addProperty("txId", tx.txId());
        o.addProperty("txTimestamp", tx.timestampMillis());
        store.put(KEY, Json.bytes(o));
        return o;
    }

    /** NO_MEMBERS before the list is set, NOT_MEMBER for an MSP not on it. */
    public void requireMember(String mspId, String action) {
        List<String> msps = list();
        if (msps.isEmpty()) {
            throw new ContractError(
                    ErrorCodes.NO_MEMBERS,
                    "no member organisations are set on this channel yet, so nobody may "
                            + action
                            + "; an admin sets them once with InitMembers (scripts/bootstrap.sh)");
        }
        if (!msps.contains(mspId)) {
            throw new ContractError(
                    ErrorCodes.NOT_MEMBER,
                    mspId + " is not a member organisation " + msps + ", so it may not " + action);
        }
    }

    /** A JSON array of 1-64 distinct MSP ids, returned sorted. */
    static List<String> parse(JsonElement value) {
        List<String> msps = Json.distinctStrings(value, "member list", MAX_MEMBERS, 128);
        if (msps.isEmpty()) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST, "member list must name at least one MSP id");
        }
        msps.forEach(Ids::msp);
        return List.copyOf(new TreeSet<>(msps));
    }
}
