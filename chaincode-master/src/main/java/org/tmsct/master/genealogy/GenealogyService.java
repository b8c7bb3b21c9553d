package org.tmsct.master.genealogy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.master.anchor.AnchorLedger;
import org.tmsct.master.anchor.ChainAnchorState;
import org.tmsct.master.anchor.TidSummary;
import org.tmsct.master.anchor.TraceEntry;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.common.Ids;
import org.tmsct.master.genealogy.LotGraph.Direction;
import org.tmsct.master.governance.SlaveChain;
import org.tmsct.master.governance.SlaveChainRegistry;
import org.tmsct.master.index.BitSlicedStateIndex;

/**
 * Genealogy queries: what a product was made of (upstream), and everything a lot went into
 * (downstream, for a recall). A walk is breadth-first in a fixed order, bounded in depth and in
 * lots, and answered a page at a time; a bookmark is the position of the page's first lot in that
 * order, so every page of one walk is cut from the same sequence.
 */
public final class GenealogyService {

    /** The bounds a caller may ask for, and their defaults. */
    public static final int DEFAULT_DEPTH = 10;

    public static final int MAX_DEPTH = 64;
    public static final int DEFAULT_LOTS = 1_000;
    public static final int MAX_LOTS = 10_000;
    public static final int DEFAULT_PAGE = 100;
    public static final int MAX_PAGE = 1_000;

    /** One lot reached by a walk. */
    record Reached(String tid, int depth, String via) {}

    /** The walk up to the bounds. */
    record Walk(List<Reached> lots, boolean depthLimited, boolean sizeLimited) {}

    private final AnchorLedger ledger;
    private final LotGraph graph;
    private final Recalls recalls;
    private final SlaveChainRegistry chains;

    public GenealogyService(
            AnchorLedger ledger, LotGraph graph, Recalls recalls, SlaveChainRegistry chains) {
        this.ledger = ledger;
        this.graph = graph;
        this.recalls = recalls;
        this.chains = chains;
    }

    /**
     * {@code {tid, direction, maxDepth, maxLots, total, depthLimited, sizeLimited, lots:[...],
     * bookmark, existenceCheck}}: one page of the walk from {@code tid}. Each lot: its depth, the
     * lot it was reached from, the relation, its entries on master (stage, organisation, the block
     * and transaction that prove it), its last stage and holder, and its recall mark.
     *
     * @param bloom "true": each lot of the page is looked up in the chains' bit-sliced Bloom index
     *     first, and only the candidate blocks are compared with its entries; "false": not
     */
    public JsonObject walk(
            String tid,
            Direction direction,
            String maxDepth,
            String maxLots,
            String pageSize,
            String bookmark,
            String bloom) {
        String id = Ids.tid(tid);
        int depth = bound(maxDepth, "maxDepth", DEFAULT_DEPTH, 1, MAX_DEPTH);
        int lots = bound(maxLots, "maxLots", DEFAULT_LOTS, 1, MAX_LOTS);
        int page = bound(pageSize, "pageSize", DEFAULT_PAGE, 1, MAX_PAGE);
        int start = bound(bookmark, "bookmark", 0, 0, MAX_LOTS);
        BloomCheck check = BloomCheck.of(bloom);
        boolean useBloom = check != BloomCheck.NONE;

        BloomStats stats = new BloomStats();
        if ((useBloom && !stats.mayExist(id)) || ledger.tid(id) == null) {
            throw new ContractError(
                    ErrorCodes.UNKNOWN_TID,
                    "unknown trace code " + id + ": master has no anchored record of it");
        }
        Walk walk = walk(id, direction, depth, lots);
        Map<String, JsonObject> marks = recalls.active();
        JsonArray out = new JsonArray();
        int end = Math.min(walk.lots().size(), start + page);
        for (int i = start; i < end; i++) {
            Reached r = walk.lots().get(i);
            out.add(describe(r, direction, marks, check == BloomCheck.EVERY_LOT ? stats : null));
        }
        JsonObject answer = new JsonObject();
        answer.addProperty("tid", id);
        answer.addProperty("direction", direction == Direction.UP ? "upstream" : "downstream");
        answer.addProperty("maxDepth", depth);
        answer.addProperty("maxLots", lots);
        answer.addProperty("total", walk.lots().size());
        answer.addProperty("depthLimited", walk.depthLimited());
        answer.addProperty("sizeLimited", walk.sizeLimited());
        answer.add("lots", out);
        answer.addProperty("bookmark", end < walk.lots().size() ? Integer.toString(end) : "");
        if (useBloom) {
            answer.add("existenceCheck", stats.toJson());
        }
        return answer;
    }

    /**
     * The recall state a trace shows for {@code tid}: {@code {status: RECALLED|CLEAR, lots:[marks
     * of the recalled lots it was made from, itself included]}}. One read when nothing is recalled.
     */
    public JsonObject recallStatus(String tid) {
        Map<String, JsonObject> marks = recalls.active();
        JsonArray hit = new JsonArray();
        if (!marks.isEmpty()) {
            if (marks.containsKey(tid)) {
                hit.add(marks.get(tid));
            }
            for (Reached r : walk(tid, Direction.UP, MAX_DEPTH, MAX_LOTS).lots()) {
                if (marks.containsKey(r.tid())) {
                    hit.add(marks.get(r.tid()));
                }
            }
        }
        JsonObject out = new JsonObject();
        out.addProperty("status", hit.isEmpty() ? Recalls.CLEAR : Recalls.RECALLED);
        out.add("lots", hit);
        return out;
    }

    /** Breadth-first from {@code tid} (excluded), each lot once, neighbours in key order. */
    Walk walk(String tid, Direction direction, int maxDepth, int maxLots) {
        List<Reached> out = new ArrayList<>();
        Set<String> seen = new TreeSet<>(List.of(tid));
        ArrayDeque<Reached> queue = new ArrayDeque<>(List.of(new Reached(tid, 0, null)));
        boolean depthLimited = false;
        while (!queue.isEmpty()) {
            Reached at = queue.poll();
            List<String> next = graph.next(at.tid(), direction, maxLots + 1);
            if (at.depth() == maxDepth) {
                depthLimited |= next.stream().anyMatch(n -> !seen.contains(n));
                continue;
            }
            for (String n : next) {
                if (!seen.add(n)) {
                    continue;
                }
                if (out.size() == maxLots) {
                    return new Walk(out, depthLimited, true);
                }
                Reached r = new Reached(n, at.depth() + 1, at.tid());
                out.add(r);
                queue.add(r);
            }
        }
        return new Walk(out, depthLimited, false);
    }

    private JsonObject describe(
            Reached r, Direction direction, Map<String, JsonObject> marks, BloomStats stats) {
        JsonObject o = new JsonObject();
        o.addProperty("tid", r.tid());
        o.addProperty("depth", r.depth());
        o.addProperty("via", r.via());
        JsonObject edge =
                direction == Direction.UP
                        ? graph.edge(r.tid(), r.via())
                        : graph.edge(r.via(), r.tid());
        o.addProperty("relation", edge == null ? null : edge.get("relation").getAsString());
        TidSummary summary = ledger.tid(r.tid());
        List<TraceEntry> entries = summary == null ? List.of() : ledger.trace(r.tid());
        JsonArray list = new JsonArray();
        for (TraceEntry e : entries) {
            JsonObject x = new JsonObject();
            x.addProperty("stage", e.stage());
            x.addProperty("ownerMsp", e.ownerMsp());
            x.addProperty("slaveChainId", e.slaveChainId());
            x.addProperty("slaveBlockNumber", e.slaveBlockNumber());
            x.addProperty("slaveTxId", e.slaveTxId());
            x.addProperty("dataHash", e.dataHash());
            x.addProperty("masterTxId", e.masterTxId());
            list.add(x);
        }
        o.addProperty("known", !entries.isEmpty());
        if (!entries.isEmpty()) {
            TraceEntry last = entries.get(entries.size() - 1);
            o.addProperty("lastStage", last.stage());
            o.addProperty("holder", last.ownerMsp());
        }
        o.add("entries", list);
        JsonObject mark = marks.get(r.tid());
        o.addProperty("recall", mark == null ? Recalls.CLEAR : Recalls.RECALLED);
        if (mark != null) {
            o.add("recallMark", mark);
        }
        if (stats != null) {
            stats.confirm(r.tid(), entries);
        }
        return o;
    }

    /**
     * The bit-sliced Bloom index over every chain's anchored blocks: which blocks may hold a lot,
     * and how many the index let the search skip.
     */
    private final class BloomStats {
        private final Map<String, ChainAnchorState> states = new HashMap<>();
        private long inRange;
        private long skipped;
        private long falsePositives;
        private long reads;

        /** True if some chain's index may hold {@code tid}. */
        boolean mayExist(String tid) {
            return !candidates(tid).isEmpty();
        }

        void confirm(String tid, List<TraceEntry> entries) {
            Map<String, Set<Long>> candidates = candidates(tid);
            Set<String> held = new TreeSet<>();
            for (TraceEntry e : entries) {
                held.add(e.slaveChainId() + "#" + e.slaveBlockNumber());
                if (!candidates
                        .getOrDefault(e.slaveChainId(), Set.of())
                        .contains(e.slaveBlockNumber())) {
                    throw new IllegalStateException(
                            "the Bloom index of "
                                    + e.slaveChainId()
                                    + " misses block "
                                    + e.slaveBlockNumber()
                                    + " that holds "
                                    + tid);
                }
            }
            for (Map.Entry<String, Set<Long>> c : candidates.entrySet()) {
                for (long b : c.getValue()) {
                    if (!held.contains(c.getKey() + "#" + b)) {
                        falsePositives++;
                    }
                }
            }
        }

        private Map<String, Set<Long>> candidates(String tid) {
            Map<String, Set<Long>> out = new LinkedHashMap<>();
            for (SlaveChain chain : chains.all()) {
                ChainAnchorState state = states.computeIfAbsent(chain.id(), ledger::chainState);
                if (!state.hasAnchors()) {
                    continue;
                }
                BitSlicedStateIndex.Lookup lookup =
                        new BitSlicedStateIndex(
                                        ledger.store(),
                                        chain.id(),
                                        chain.bloomParams(),
                                        chain.sectionSize())
                                .candidates(tid, state.firstCovered(), state.lastCovered());
                reads += lookup.stateReads();
                inRange += lookup.blocksInRange();
                skipped += lookup.blocksInRange() - lookup.candidates().size();
                if (!lookup.candidates().isEmpty()) {
                    out.put(chain.id(), new TreeSet<>(lookup.candidates()));
                }
            }
            return out;
        }

        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("blocksWithEntries", inRange);
            o.addProperty("skippedByFilter", skipped);
            o.addProperty("falsePositives", falsePositives);
            o.addProperty("indexReads", reads);
            return o;
        }
    }

    /**
     * How much of the walk the bit-sliced Bloom index checks. Every listed lot costs k index rows
     * per chain (BENCHMARKS.md: about 44 state reads a lot over 16 chains, a depth-6 recall 17
     * times slower), and a lot's entries are read by key anyway, so the default checks the start
     * only.
     */
    enum BloomCheck {
        /** No index read: the start's summary decides. */
        NONE,
        /** The start TID is looked up in the index before the search ("true", the default). */
        START,
        /** Also every listed lot, reporting the blocks the filters let it skip ("every"). */
        EVERY_LOT;

        static BloomCheck of(String value) {
            if (value == null || value.isEmpty() || value.equals("true")) {
                return START;
            }
            if (value.equals("every")) {
                return EVERY_LOT;
            }
            if (value.equals("false")) {
                return NONE;
            }
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "bloom must be \"true\" (the start), \"every\" (every listed lot) or"
                            + " \"false\", got \""
                            + value
                            + "\"");
        }
    }

    private static int bound(String value, String name, int dflt, int min, int max) {
        if (value == null || value.isEmpty()) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = Integer.MIN_VALUE;
        }
        if (n < min || n > max) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    name
                            + " must be a whole number from "
                            + min
                            + " to "
                            + max
                            + ", got \""
                            + value
                            + "\"");
        }
        return n;
    }
}
