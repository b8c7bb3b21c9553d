package org.tmsct.web.page;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Master's and the slaves' JSON answers, shaped as the chaincode builds them. */
final class Fixtures {

    static final String TID = "LOT-2026-0001";
    static final String PAGE_URL = "http://127.0.0.1:7061/trace?code=LOT-2026-0001";
    static final String[] STAGES = {"HARVESTED", "PROCESSED", "PACKED", "SHIPPED"};
    static final String[] ORGS = {
        "RawMaterialOrgMSP", "FactoryOrgMSP", "FactoryOrgMSP", "LogisticsOrgMSP"
    };
    static final long T0 = 1_767_261_600_000L; // 2026-01-01T10:00:00Z

    private Fixtures() {}

    static String hash(int i) {
        return String.format("%064x", i + 1);
    }

    static String txId(int i) {
        return String.format("%064x", 0xabc00 + i);
    }

    /** One TraceEntry.toJson of master. */
    static JsonObject entry(int i) {
        JsonObject kd = new JsonObject();
        kd.addProperty("lot", TID);
        kd.addProperty("weightKg", 12.5 + i);
        JsonObject e = new JsonObject();
        e.addProperty("tid", TID);
        e.addProperty("seq", i + 1);
        e.addProperty("stage", STAGES[i]);
        e.addProperty("slaveChainId", i == 0 ? "raw-channel" : "factory-channel");
        e.addProperty("ownerMsp", ORGS[i]);
        e.addProperty("productType", "apple-juice");
        e.add("keyData", kd);
        e.addProperty("dataHash", hash(i));
        e.addProperty("slaveBlockNumber", 10 + i);
        e.addProperty("slaveTxId", txId(i));
        e.addProperty("entryIndex", 0);
        e.addProperty("masterTxId", String.format("%064x", 0xfff00 + i));
        e.addProperty("txTimestamp", T0 + i * 3_600_000L);
        return e;
    }

    /** Master's Trace answer with four entries, listed out of order, and no recall. */
    static JsonObject trace() {
        JsonArray entries = new JsonArray();
        for (int i : new int[] {2, 0, 3, 1}) {
            entries.add(entry(i));
        }
        JsonObject recall = new JsonObject();
        recall.addProperty("status", "CLEAR");
        recall.add("lots", new JsonArray());
        JsonObject t = new JsonObject();
        t.addProperty("tid", TID);
        t.addProperty("productType", "apple-juice");
        t.add("entries", entries);
        t.add("recall", recall);
        return t;
    }

    /** A recall mark as master's Recalls.mark writes it. */
    static JsonObject mark(String tid, String byMsp, String reason) {
        JsonObject m = new JsonObject();
        m.addProperty("tid", tid);
        m.addProperty("status", "RECALLED");
        m.addProperty("reason", reason);
        m.addProperty("byMsp", byMsp);
        m.addProperty("txId", txId(99));
        m.addProperty("timestamp", T0 + 86_400_000L);
        return m;
    }

    static JsonObject recalled(JsonObject... marks) {
        JsonObject t = trace();
        JsonArray lots = new JsonArray();
        for (JsonObject m : marks) {
            lots.add(m);
        }
        JsonObject recall = new JsonObject();
        recall.addProperty("status", "RECALLED");
        recall.add("lots", lots);
        t.add("recall", recall);
        return t;
    }

    static Map<String, EntryCheck> allVerified() {
        Map<String, EntryCheck> checks = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            checks.put(txId(i), EntryCheck.ok());
        }
        return checks;
    }

    /** One lot of master's Upstream walk (GenealogyService.describe). */
    static JsonObject lot(String tid, int depth, String via, boolean recalled) {
        JsonObject o = new JsonObject();
        o.addProperty("tid", tid);
        o.addProperty("depth", depth);
        o.addProperty("via", via);
        o.addProperty("relation", "inputs");
        o.addProperty("known", true);
        o.addProperty("lastStage", "SHIPPED");
        o.addProperty("holder", "RawMaterialOrgMSP");
        o.add("entries", new JsonArray());
        o.addProperty("recall", recalled ? "RECALLED" : "CLEAR");
        if (recalled) {
            o.add("recallMark", mark(tid, "RawMaterialOrgMSP", "mould found"));
        }
        return o;
    }

    static JsonObject upstream(JsonObject... lots) {
        JsonArray array = new JsonArray();
        for (JsonObject l : lots) {
            array.add(l);
        }
        JsonObject u = new JsonObject();
        u.addProperty("tid", TID);
        u.addProperty("direction", "upstream");
        u.addProperty("total", lots.length);
        u.addProperty("depthLimited", false);
        u.addProperty("sizeLimited", false);
        u.add("lots", array);
        u.addProperty("bookmark", "");
        return u;
    }
}
