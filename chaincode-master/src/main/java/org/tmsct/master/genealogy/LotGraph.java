package org.tmsct.master.genealogy;

import com.google.gson.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.state.KeyValue;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.core.genealogy.LotLinks;
import org.tmsct.core.protocol.StateKeys;
import org.tmsct.master.common.ErrorCodes;

/**
 * The genealogy edges on master, kept for both directions: {@code gen-down [u, v]} and {@code
 * gen-up [v, u]} for "u went into v". Edges come only from anchored entries, and an edge is
 * accepted only if its upstream lot is known and it closes no cycle, so the graph stays a DAG.
 *
 * <p>A transaction never reads its own writes, so edges added earlier in the same anchor are kept
 * here too and merged into every read.
 */
public final class LotGraph {

    /** Which way a walk goes. */
    public enum Direction {
        /** From a product to what it was made of. */
        UP("gen-up"),
        /** From a lot to what it went into. */
        DOWN(StateKeys.GENEALOGY_DOWN);

        final String objectType;

        Direction(String objectType) {
            this.objectType = objectType;
        }
    }

    /** Where an edge came from: the relation and the anchored entry that declared it. */
    public record EdgeSource(String relation, String slaveChainId, String slaveTxId) {
        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("relation", relation);
            o.addProperty("slaveChainId", slaveChainId);
            o.addProperty("slaveTxId", slaveTxId);
            return o;
        }
    }

    /**
     * Most lots one cycle check may visit in each direction; a record whose check needs more is
     * refused rather than accepted unchecked.
     */
    public static final int CYCLE_CHECK_BUDGET = 20_000;

    private final StateStore store;
    private final Map<String, Set<String>> addedDown = new HashMap<>();
    private final Map<String, Set<String>> addedUp = new HashMap<>();

    public LotGraph(StateStore store) {
        this.store = store;
    }

    /**
     * The refusal of {@code tid}'s links, or null if they may be added.
     *
     * @param known whether master knows a lot (anchored, or accepted earlier in this anchor)
     */
    public ContractError check(String tid, LotLinks.Declared links, Predicate<String> known) {
        for (String lot : links.mustBeKnown()) {
            if (!known.test(lot)) {
                return new ContractError(
                        ErrorCodes.UNKNOWN_INPUT,
                        "lot "
                                + lot
                                + " is named as "
                                + (links.inputs().contains(lot) ? "an input" : "a child")
                                + " of "
                                + tid
                                + " but master has never anchored a record of it");
            }
        }
        Set<String> upstreamSide = new HashSet<>(links.mustBeKnown());
        for (String out : links.outputs()) {
            if (upstreamSide.contains(out)) {
                return cycle(tid, out, "is named both as an input and as an output");
            }
        }
        // Every new edge touches tid, so a new cycle runs through tid: it exists if, with the
        // outputs' edges added, tid reaches one of its inputs or children, or an output reaches
        // tid.
        if (upstreamSide.isEmpty() && links.outputs().isEmpty()) {
            return null;
        }
        List<String> starts = new ArrayList<>(links.outputs());
        starts.add(tid);
        Set<String> below = reach(starts, Direction.DOWN);
        if (below == null) {
            return tooLarge(tid);
        }
        if (below.contains(tid)) {
            return cycle(
                    tid,
                    String.join(", ", links.outputs()),
                    "(or a lot made from it) already went into " + tid);
        }
        below.addAll(links.outputs());
        for (String lot : links.mustBeKnown()) {
            if (below.contains(lot)) {
                return cycle(tid, lot, "is already made from " + tid);
            }
        }
        return null;
    }

    /** Writes {@code tid}'s edges (after {@link #check} accepted them). */
    public void add(String tid, LotLinks.Declared links, String slaveChainId, String slaveTxId) {
        links.inputs().forEach(u -> put(u, tid, LotLinks.INPUTS, slaveChainId, slaveTxId));
        links.children().forEach(u -> put(u, tid, LotLinks.CHILDREN, slaveChainId, slaveTxId));
        links.outputs().forEach(v -> put(tid, v, LotLinks.OUTPUTS, slaveChainId, slaveTxId));
    }

    private void put(String from, String to, String relation, String chainId, String txId) {
        if (addedDown.getOrDefault(from, Set.of()).contains(to)
                || present(store.get(key(Direction.DOWN, from, to)))) {
            return; // declared before: the first source stays
        }
        byte[] value = Json.bytes(new EdgeSource(relation, chainId, txId).toJson());
        store.put(key(Direction.DOWN, from, to), value);
        store.put(key(Direction.UP, to, from), value);
        addedDown.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
        addedUp.computeIfAbsent(to, k -> new TreeSet<>()).add(from);
    }

    /**
     * The lots one step from {@code tid}, sorted, at most {@code limit} of them (the next ones are
     * not read).
     */
    public List<String> next(String tid, Direction direction, int limit) {
        TreeSet<String> out = new TreeSet<>();
        for (KeyValue kv : store.byPrefix(Keys.composite(direction.objectType, tid), limit)) {
            out.add(lastAttribute(kv.key()));
        }
        Map<String, Set<String>> added = direction == Direction.DOWN ? addedDown : addedUp;
        out.addAll(added.getOrDefault(tid, Set.of()));
        List<String> list = new ArrayList<>(out);
        return list.size() > limit ? list.subList(0, limit) : list;
    }

    /** The relation and source of edge {@code from -> to}, or null if there is none. */
    public JsonObject edge(String from, String to) {
        byte[] v = store.get(key(Direction.DOWN, from, to));
        return present(v) ? Json.stored(v) : null;
    }

    /** Every lot reachable from {@code starts} in one direction, or null past the budget. */
    Set<String> reach(List<String> starts, Direction direction) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>(starts);
        while (!queue.isEmpty()) {
            for (String n : next(queue.poll(), direction, CYCLE_CHECK_BUDGET + 1)) {
                if (seen.add(n)) {
                    if (seen.size() > CYCLE_CHECK_BUDGET) {
                        return null;
                    }
                    queue.add(n);
                }
            }
        }
        return seen;
    }

    /** A peer answers a missing key with an empty value, not null. */
    static boolean present(byte[] value) {
        return value != null && value.length > 0;
    }

    static String key(Direction direction, String from, String to) {
        return Keys.composite(direction.objectType, from, to);
    }

    /** The last attribute of a composite key (attributes end with U+0000). */
    private static String lastAttribute(String compositeKey) {
        int end = compositeKey.length() - 1;
        int start = compositeKey.lastIndexOf('\u0000', end - 1) + 1;
        return compositeKey.substring(start, end);
    }

    private static ContractError cycle(String tid, String lot, String why) {
        return new ContractError(
                ErrorCodes.GENEALOGY_CYCLE,
                "linking " + tid + " and " + lot + " would close a cycle: " + lot + " " + why);
    }

    private static ContractError tooLarge(String tid) {
        return new ContractError(
                ErrorCodes.GENEALOGY_TOO_LARGE,
                "the genealogy around "
                        + tid
                        + " has more than "
                        + CYCLE_CHECK_BUDGET
                        + " lots, more than one cycle check may visit");
    }
}
