package org.tmsct.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.tmsct.core.bmerkle.BloomParams;

/**
 * Entry point of benchmarks.jar: runs the JMH benchmarks of the core library with modest settings
 * (1 fork, 2 x 1 s warm-up, 3 x 1 s measurement) and then prints a summary of the figures the
 * B-Merkle design is judged by.
 *
 * <pre>
 * java -jar benchmarks.jar                 all benchmarks, then the summary
 * java -jar benchmarks.jar Search Bloom    only benchmarks whose name matches one of the regexes
 * java -jar benchmarks.jar --quick ...     1 x 1 s warm-up, 1 x 1 s measurement (smoke test)
 * java -jar benchmarks.jar --jmh ARGS      plain JMH command line (no summary)
 * </pre>
 */
public final class BenchMain {

    private static final String SEARCH = SearchBenchmark.class.getName() + ".";
    private static final int HEADLINE_BLOCKS = 100_000;

    private BenchMain() {}

    public static void main(String[] args) throws RunnerException, java.io.IOException {
        if (args.length > 0 && args[0].equals("--jmh")) {
            String[] rest = new String[args.length - 1];
            System.arraycopy(args, 1, rest, 0, rest.length);
            org.openjdk.jmh.Main.main(rest);
            return;
        }
        boolean quick = false;
        List<String> includes = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else {
                includes.add(arg);
            }
        }
        if (includes.isEmpty()) {
            includes.add(BenchMain.class.getPackageName() + "\\..*Benchmark\\..*");
        }
        ChainedOptionsBuilder options =
                new OptionsBuilder()
                        .forks(1)
                        .warmupIterations(quick ? 1 : 2)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(quick ? 1 : 3)
                        .measurementTime(TimeValue.seconds(1))
                        .threads(1)
                        // the 10^5-block search fixture holds 10^6 anchor entries (about 1 GB)
                        .jvmArgsAppend("-Xms2g", "-Xmx3g");
        includes.forEach(options::include);
        Collection<RunResult> results = new Runner(options.build()).run();
        printSummary(results);
    }

    private static void printSummary(Collection<RunResult> results) {
        // blocks -> benchmark method -> score (microseconds per operation)
        TreeMap<Integer, TreeMap<String, double[]>> search = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            if (name.startsWith(SEARCH)) {
                int blocks = Integer.parseInt(r.getParams().getParam("blocks"));
                search.computeIfAbsent(blocks, b -> new TreeMap<>())
                        .put(
                                name.substring(SEARCH.length()),
                                new double[] {
                                    r.getPrimaryResult().getScore(),
                                    r.getPrimaryResult().getScoreError()
                                });
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("\n==== TMSCT core library: summary ====\n");
        if (!search.isEmpty()) {
            out.append("\nSearch for an ABSENT trace code; ")
                    .append(SearchFixture.ENTRIES_PER_BLOCK)
                    .append(" entries per block; per-block filters m=")
                    .append(SearchFixture.PARAMS.mBits())
                    .append(" bits, k=")
                    .append(SearchFixture.PARAMS.k())
                    .append(" (10 entries at 1%).\n");
            out.append(
                    "Average time per query in microseconds (JMH average time; +- is the 99.9% interval).\n\n");
            out.append(String.format(Locale.ROOT, "%-44s", "blocks"));
            for (int blocks : search.keySet()) {
                out.append(String.format(Locale.ROOT, "%22d", blocks));
            }
            out.append('\n');
            row(out, search, "candidatesBitSliced", "candidate blocks, bit-sliced index (a)");
            row(
                    out,
                    search,
                    "candidatesPerBlockScan",
                    "candidate blocks, per-block filter scan (b)");
            row(out, search, "searchBitSliced", "full search, bit-sliced + open candidates");
            row(out, search, "searchPerBlockScan", "full search, per-block scan + open candidates");
            row(
                    out,
                    search,
                    "searchWalkAllEntries",
                    "full search, no filter: walk every entry (c)");
            out.append(
                    String.format(
                            Locale.ROOT, "%-44s", "false-positive blocks per query (average)"));
            for (int blocks : search.keySet()) {
                out.append(
                        String.format(
                                Locale.ROOT,
                                "%22.1f",
                                SearchFixture.averageFalsePositiveBlocks(blocks)));
            }
            out.append("\n\nRatios (how many times faster):\n");
            for (int blocks : search.keySet()) {
                TreeMap<String, double[]> s = search.get(blocks);
                out.append(String.format(Locale.ROOT, "  %,d blocks:%n", blocks));
                ratio(
                        out,
                        s,
                        "candidatesPerBlockScan",
                        "candidatesBitSliced",
                        "bit-sliced vs per-block scan (candidate lookup)",
                        blocks == HEADLINE_BLOCKS ? 10 : 0);
                ratio(
                        out,
                        s,
                        "searchPerBlockScan",
                        "searchBitSliced",
                        "bit-sliced vs per-block scan (full search)",
                        0);
                ratio(
                        out,
                        s,
                        "searchWalkAllEntries",
                        "searchPerBlockScan",
                        "per-block scan vs walking entries (full search)",
                        blocks == HEADLINE_BLOCKS ? 10 : 0);
                ratio(
                        out,
                        s,
                        "searchWalkAllEntries",
                        "candidatesPerBlockScan",
                        "per-block scan (lookup) vs walking entries",
                        0);
                ratio(
                        out,
                        s,
                        "searchWalkAllEntries",
                        "searchBitSliced",
                        "bit-sliced (full search) vs walking entries",
                        0);
            }
        }
        BloomParams block1000 = BloomParams.forExpected(1000, 0.01);
        int bytes = block1000.serializedSize();
        double bitsPerEntry = bytes * 8.0 / 1000;
        double minimum = -Math.log(0.01) / (Math.log(2) * Math.log(2));
        double over = (bitsPerEntry / minimum - 1) * 100;
        out.append(
                String.format(
                        Locale.ROOT,
                        "%nSerialized Bloom filter of a 1000-entry block at 1%%: m=%d bits, k=%d, %d bytes "
                                + "(9-byte header + %d bytes of bits) = %.3f bits/entry;%n"
                                + "  theoretical minimum for a Bloom filter at 1%% is -ln(0.01)/(ln 2)^2 = %.3f bits/entry: "
                                + "+%.2f%% over it (target <= 5%%: %s)%n",
                        block1000.mBits(),
                        block1000.k(),
                        bytes,
                        bytes - 9,
                        bitsPerEntry,
                        minimum,
                        over,
                        over <= 5 ? "met" : "NOT met"));
        System.out.println(out);
    }

    private static void row(
            StringBuilder out,
            TreeMap<Integer, TreeMap<String, double[]>> search,
            String method,
            String label) {
        out.append(String.format(Locale.ROOT, "%-44s", label));
        for (TreeMap<String, double[]> s : search.values()) {
            double[] v = s.get(method);
            out.append(
                    v == null
                            ? String.format(Locale.ROOT, "%22s", "-")
                            : String.format(
                                    Locale.ROOT,
                                    "%22s",
                                    String.format(Locale.ROOT, "%.2f +- %.2f", v[0], v[1])));
        }
        out.append('\n');
    }

    private static void ratio(
            StringBuilder out,
            TreeMap<String, double[]> s,
            String slow,
            String fast,
            String label,
            int target) {
        double[] a = s.get(slow);
        double[] b = s.get(fast);
        if (a == null || b == null) {
            return;
        }
        double r = a[0] / b[0];
        out.append(String.format(Locale.ROOT, "    %-50s %9.1fx", label, r));
        if (target > 0) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "   (target >= %dx: %s)",
                            target,
                            r >= target ? "met" : "NOT met"));
        }
        out.append('\n');
    }
}
