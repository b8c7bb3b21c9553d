package org.tmsct.web.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperledger.fabric.client.Contract;
import org.tmsct.gateway.FabricSession;
import org.tmsct.gateway.config.OrgConnection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The trace query made straight through the gateway, for comparison with the trace server under wrk
 * in the same run: N threads evaluate master's Trace back to back for a fixed time, on one Gateway
 * (as the server does). Prints one JSON line: rate, errors and latency percentiles.
 */
@Command(
        name = "gateway-trace-load",
        mixinStandardHelpOptions = true,
        description = "Evaluate master's Trace in a closed loop; print rate and latency as JSON.")
public final class GatewayTraceLoad implements Callable<Integer> {

    @Option(names = "--state-dir", defaultValue = "state")
    Path stateDir;

    @Option(names = "--org", required = true)
    String org;

    @Option(names = "--identity", defaultValue = "user1")
    String identity;

    @Option(names = "--tid", required = true)
    String tid;

    @Option(names = "--threads", defaultValue = "4")
    int threads;

    @Option(names = "--seconds", defaultValue = "20")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "3")
    int warmupSeconds;

    public static void main(final String[] args) {
        System.exit(new CommandLine(new GatewayTraceLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (FabricSession session =
                FabricSession.connect(OrgConnection.load(stateDir, org), identity)) {
            Contract master = session.masterContract();
            run(master, warmupSeconds, null);
            long[][] perThread = new long[threads][];
            AtomicLong errors = new AtomicLong();
            long elapsed = run(master, seconds, new Result(perThread, errors));
            long[] all = Arrays.stream(perThread).flatMapToLong(Arrays::stream).sorted().toArray();
            System.out.printf(
                    "{\"threads\":%d,\"seconds\":%.1f,\"requests\":%d,\"errors\":%d,"
                            + "\"rate\":%.1f,\"p50ms\":%.1f,\"p99ms\":%.1f,\"avgms\":%.1f}%n",
                    threads,
                    elapsed / 1e9,
                    all.length,
                    errors.get(),
                    all.length / (elapsed / 1e9),
                    percentile(all, 0.50),
                    percentile(all, 0.99),
                    Arrays.stream(all).average().orElse(0) / 1e6);
        }
        return 0;
    }

    private record Result(long[][] latencies, AtomicLong errors) {}

    /** Runs the loop for {@code secs}; fills {@code into} unless warming up. Wall time in ns. */
    private long run(final Contract master, final int secs, final Result into)
            throws InterruptedException {
        long end = System.nanoTime() + secs * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker =
                    new Thread(
                            () -> {
                                long[] lat = new long[1024];
                                int n = 0;
                                while (System.nanoTime() < end) {
                                    long t0 = System.nanoTime();
                                    try {
                                        master.evaluateTransaction("Trace", tid);
                                        if (n == lat.length) {
                                            lat = Arrays.copyOf(lat, n * 2);
                                        }
                                        lat[n++] = System.nanoTime() - t0;
                                    } catch (Exception e) {
                                        if (into != null) {
                                            into.errors().incrementAndGet();
                                        }
                                    }
                                }
                                if (into != null) {
                                    into.latencies()[index] = Arrays.copyOf(lat, n);
                                }
                                done.countDown();
                            });
            worker.start();
        }
        done.await();
        return System.nanoTime() - start;
    }

    private static double percentile(final long[] sorted, final double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
