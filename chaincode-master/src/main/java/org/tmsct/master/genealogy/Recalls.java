package org.tmsct.master.genealogy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.KeyValue;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.Revision;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.core.protocol.RecallStatus;
import org.tmsct.master.anchor.AnchorLedger;
import org.tmsct.master.anchor.TraceEntry;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.common.Ids;

/**
 * Recall marks: an organisation that anchored a record of a lot may mark the lot recalled, with a
 * reason, and later clear the mark. The mark's key keeps every change in its history; the active
 * marks are also listed under one prefix, so a trace finds them in one bounded read.
 */
public final class Recalls {

    public static final String RECALLED = RecallStatus.RECALLED.name();
    public static final String CLEARED = RecallStatus.CLEARED.name();
    public static final String CLEAR = RecallStatus.CLEAR.name();

    /** Most lots recalled at once; a trace reads them all. */
    public static final int MAX_ACTIVE = 1_000;

    /** Longest reason, in characters. */
    public static final int MAX_REASON = 1_000;

    private static final String MARK = "recall";
    private static final String ACTIVE = "recall-active";

    private final StateStore store;
    private final AnchorLedger ledger;

    public Recalls(StateStore store, AnchorLedger ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    /** Marks {@code tid} recalled, or ({@code recalled} false) clears its mark. */
    public JsonObject mark(Tx tx, String tid, boolean recalled, String reason) {
        String id = Ids.tid(tid);
        List<TraceEntry> entries = ledger.trace(id);
        if (entries.isEmpty()) {
            throw new ContractError(
                    ErrorCodes.UNKNOWN_TID,
                    "unknown trace code " + id + ": master has no anchored record of it");
        }
        String msp = tx.caller().mspId();
        if (entries.stream().noneMatch(e -> e.ownerMsp().equals(msp))) {
            throw new ContractError(
                    ErrorCodes.NOT_LOT_OWNER,
                    "only an organisation that anchored a record of "
                            + id
                            + " may change its recall mark; "
                            + msp
                            + " anchored none");
        }
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "a reason of 1 to " + MAX_REASON + " characters is required");
        }
        boolean active = LotGraph.present(store.get(Keys.composite(ACTIVE, id)));
        if (recalled && !active && activeCount() >= MAX_ACTIVE) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    MAX_ACTIVE + " lots are recalled already; clear one before marking another");
        }
        JsonObject mark = new JsonObject();
        mark.addProperty("tid", id);
        mark.addProperty("status", recalled ? RECALLED : CLEARED);
        mark.addProperty("reason", reason);
        mark.addProperty("byMsp", msp);
        mark.addProperty("txId", tx.txId());
        mark.addProperty("timestamp", tx.timestampMillis());
        store.put(Keys.composite(MARK, id), Json.bytes(mark));
        if (recalled) {
            store.put(Keys.composite(ACTIVE, id), Json.bytes(mark));
        } else if (active) {
            store.delete(Keys.composite(ACTIVE, id));
        }
        return mark;
    }

    /** {@code {tid, current, history:[marks, oldest first]}}; current is null if never marked. */
    public JsonObject history(String tid) {
        String id = Ids.tid(tid);
        String key = Keys.composite(MARK, id);
        JsonArray history = new JsonArray();
        for (Revision r : store.history(key)) {
            if (!r.deleted()) {
                history.add(Json.stored(r.value()));
            }
        }
        byte[] current = store.get(key);
        JsonObject out = new JsonObject();
        out.addProperty("tid", id);
        out.add("current", LotGraph.present(current) ? Json.stored(current) : null);
        out.add("history", history);
        return out;
    }

    /** The active marks by lot. */
    public Map<String, JsonObject> active() {
        Map<String, JsonObject> out = new TreeMap<>();
        for (KeyValue kv : store.byPrefix(Keys.composite(ACTIVE), MAX_ACTIVE)) {
            JsonObject mark = Json.stored(kv.value());
            out.put(mark.get("tid").getAsString(), mark);
        }
        return out;
    }

    private int activeCount() {
        return new ArrayList<>(store.byPrefix(Keys.composite(ACTIVE), MAX_ACTIVE)).size();
    }
}
