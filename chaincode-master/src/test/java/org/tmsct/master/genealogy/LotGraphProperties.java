package org.tmsct.master.genealogy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.state.MemoryStore;
import org.tmsct.core.genealogy.LotLinks;
import org.tmsct.master.anchor.AnchorLedger;
import org.tmsct.master.anchor.TidSummary;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.genealogy.LotGraph.Direction;
import org.tmsct.master.governance.SlaveChainRegistry;

/**
 * Random genealogies of up to thousands of lots, built record by record the way anchors build them
 * (several records per transaction), including links that would close a cycle or name an unknown
 * lot. A plain in-memory graph of the accepted edges is the reference.
 */
class LotGraphProperties {

    /** The graph under test and the reference, after building. */
    private static final class Built {
        final MemoryStore store = new MemoryStore();
        final AnchorLedger ledger = new AnchorLedger(store);
        final Map<String, Set<String>> down = new HashMap<>();
        final Map<String, Set<String>> up = new HashMap<>();
        final List<String> lots = new ArrayList<>();
        int refusedCycles;
        int refusedUnknown;

        GenealogyService service() {
            SlaveChainRegistry chains = new SlaveChainRegistry(store, id -> false);
            return new GenealogyService(
                    ledger, new LotGraph(store), new Recalls(store, ledger), chains);
        }
    }

    private static Built build(int n, long seed) {
        Random rnd = new Random(seed);
        Built b = new Built();
        Set<String> known = new HashSet<>();
        LotGraph graph = new LotGraph(b.store);
        Set<String> knownInTx = new HashSet<>();
        for (int j = 0; j < n; j++) {
            String tid = "LOT-" + j;
            // mostly a new lot made of earlier ones; sometimes a later record of an earlier lot,
            // whose links may close a cycle; sometimes an input nobody has seen
            if (j > 3 && rnd.nextInt(5) == 0) {
                tid = "LOT-" + rnd.nextInt(j);
            }
            List<String> inputs = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            int k = b.lots.isEmpty() ? 0 : rnd.nextInt(4);
            for (int i = 0; i < k; i++) {
                String in = b.lots.get(rnd.nextInt(b.lots.size()));
                if (!in.equals(tid) && !inputs.contains(in)) {
                    inputs.add(in);
                }
            }
            if (rnd.nextInt(10) == 0) {
                inputs.add("GHOST-" + j);
            }
            if (!b.lots.isEmpty() && rnd.nextInt(8) == 0) {
                String out = b.lots.get(rnd.nextInt(b.lots.size()));
                if (!out.equals(tid) && !inputs.contains(out)) {
                    outputs.add(out);
                }
            }
            LotLinks.Declared links = new LotLinks.Declared(inputs, outputs, List.of());
            String self = tid;
            ContractError refusal =
                    graph.check(tid, links, lot -> known.contains(lot) || knownInTx.contains(lot));
            boolean closesCycle = closesCycle(b.down, self, links);
            boolean unknown = inputs.stream().anyMatch(in -> in.startsWith("GHOST-"));
            if (unknown) {
                assertEquals(ErrorCodes.UNKNOWN_INPUT, code(refusal));
                b.refusedUnknown++;
            } else if (closesCycle) {
                assertEquals(ErrorCodes.GENEALOGY_CYCLE, code(refusal), tid + " " + links);
                b.refusedCycles++;
            } else {
                assertEquals(null, refusal, tid + " " + links);
                graph.add(tid, links, "chain", "tx-" + j);
                for (LotLinks.Edge e : links.edges(tid)) {
                    b.down.computeIfAbsent(e.from(), x -> new TreeSet<>()).add(e.to());
                    b.up.computeIfAbsent(e.to(), x -> new TreeSet<>()).add(e.from());
                }
                if (!known.contains(tid) && knownInTx.add(tid)) {
                    b.lots.add(tid);
                    b.ledger.putTid(TidSummary.first(tid, "default").plus("RAW_MATERIAL"));
                }
            }
            if (rnd.nextInt(8) == 0 || j == n - 1) { // the transaction commits
                b.store.commit("tx-" + j, j);
                known.addAll(knownInTx);
                knownInTx.clear();
                graph = new LotGraph(b.store);
            }
        }
        return b;
    }

    /** The generator does produce links that would close a cycle or name an unknown lot. */
    @Example
    void theGeneratorTriesCyclesAndUnknownInputs() {
        Built b = build(2000, 42);
        assertTrue(b.refusedCycles > 10, "cycles refused: " + b.refusedCycles);
        assertTrue(b.refusedUnknown > 10, "unknown inputs refused: " + b.refusedUnknown);
        assertTrue(b.lots.size() > 1000, "lots: " + b.lots.size());
    }

    @Property(tries = 25)
    void noCycleIsEverAccepted(@ForAll @IntRange(min = 2, max = 3000) int n, @ForAll long seed) {
        Built b = build(n, seed);
        // Kahn's algorithm over what the store holds removes every lot only if there is no cycle
        Map<String, Integer> indegree = new HashMap<>();
        for (String lot : b.lots) {
            indegree.put(lot, new LotGraph(b.store).next(lot, Direction.UP, 10_000).size());
        }
        ArrayDeque<String> ready = new ArrayDeque<>();
        indegree.forEach(
                (lot, d) -> {
                    if (d == 0) ready.add(lot);
                });
        int removed = 0;
        while (!ready.isEmpty()) {
            String lot = ready.poll();
            removed++;
            for (String next : new LotGraph(b.store).next(lot, Direction.DOWN, 10_000)) {
                if (indegree.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        assertEquals(b.lots.size(), removed, "a cycle survived among " + b.lots.size() + " lots");
    }

    @Property(tries = 15)
    void upstreamContainsYIfAndOnlyIfDownstreamOfYContainsX(
            @ForAll @IntRange(min = 2, max = 2000) int n, @ForAll long seed) {
        Built b = build(n, seed);
        GenealogyService service = b.service();
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        Map<String, Set<String>> upOf = new HashMap<>();
        Map<String, Set<String>> downOf = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            String x = b.lots.get(rnd.nextInt(b.lots.size()));
            String y = b.lots.get(rnd.nextInt(b.lots.size()));
            Set<String> up =
                    upOf.computeIfAbsent(x, t -> lots(service.walk(t, Direction.UP, 64, 10_000)));
            Set<String> down =
                    downOf.computeIfAbsent(
                            y, t -> lots(service.walk(t, Direction.DOWN, 64, 10_000)));
            assertEquals(up.contains(y), down.contains(x), x + " / " + y);
            assertEquals(closure(b.up, x), up, "upstream of " + x);
        }
    }

    @Property(tries = 40)
    void theBoundsHold(
            @ForAll @IntRange(min = 2, max = 1500) int n,
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int maxDepth,
            @ForAll @IntRange(min = 1, max = 60) int maxLots) {
        Built b = build(n, seed);
        GenealogyService service = b.service();
        Random rnd = new Random(seed);
        for (int i = 0; i < 10; i++) {
            String x = b.lots.get(rnd.nextInt(b.lots.size()));
            GenealogyService.Walk walk = service.walk(x, Direction.DOWN, maxDepth, maxLots);
            Map<String, Integer> distance = distances(b.down, x);
            long within = distance.values().stream().filter(d -> d <= maxDepth).count();
            assertTrue(walk.lots().size() <= maxLots);
            assertEquals(Math.min(within, maxLots), walk.lots().size());
            assertEquals(within > maxLots, walk.sizeLimited());
            for (GenealogyService.Reached r : walk.lots()) {
                assertTrue(r.depth() <= maxDepth);
                assertEquals(distance.get(r.tid()), r.depth(), "depth of " + r.tid());
            }
            if (!walk.sizeLimited()) {
                assertEquals(
                        distance.values().stream().anyMatch(d -> d > maxDepth),
                        walk.depthLimited());
            }
        }
    }

    private static Set<String> lots(GenealogyService.Walk walk) {
        Set<String> out = new TreeSet<>();
        walk.lots().forEach(r -> out.add(r.tid()));
        return out;
    }

    /** Adds the record's edges to a copy of the reference and looks for a path tid -> tid. */
    private static boolean closesCycle(
            Map<String, Set<String>> down, String tid, LotLinks.Declared links) {
        Map<String, Set<String>> copy = new HashMap<>();
        down.forEach((k, v) -> copy.put(k, new TreeSet<>(v)));
        for (LotLinks.Edge e : links.edges(tid)) {
            copy.computeIfAbsent(e.from(), x -> new TreeSet<>()).add(e.to());
        }
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(tid));
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            for (String n : copy.getOrDefault(queue.poll(), Set.of())) {
                if (n.equals(tid)) {
                    return true;
                }
                if (seen.add(n)) {
                    queue.add(n);
                }
            }
        }
        return false;
    }

    private static Set<String> closure(Map<String, Set<String>> adj, String from) {
        return new TreeSet<>(distances(adj, from).keySet());
    }

    /** Shortest number of edges from {@code from} to every lot it reaches (itself excluded). */
    private static Map<String, Integer> distances(Map<String, Set<String>> adj, String from) {
        Map<String, Integer> out = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(from));
        Map<String, Integer> seen = new HashMap<>(Map.of(from, 0));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String n : adj.getOrDefault(at, Set.of())) {
                if (!seen.containsKey(n)) {
                    seen.put(n, seen.get(at) + 1);
                    out.put(n, seen.get(at) + 1);
                    queue.add(n);
                }
            }
        }
        return out;
    }

    private static String code(ContractError e) {
        return e == null ? null : e.code();
    }
}
