package org.tmsct.client.record;

import java.security.PrivateKey;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.tmsct.core.record.RawRecord;

/**
 * The batch mode of 'tmsct record': many records signed by one device, submitted by a pool of
 * threads with a progress bar on stderr and a throughput summary on stdout. With {@code perTx}
 * above one, each transaction is a RecordBatch of that many records (each still accepted or refused
 * on its own); with one, each record is its own Record transaction.
 */
public final class BatchRecorder {

    /** What a batch left behind: the transactions that committed, and how many records failed. */
    public record Result(List<String> txIds, int failed, long startNanos) {}

    private final RecordSubmitter submitter;
    private final int concurrency;
    private final int perTx;
    private final double rate;

    /**
     * @param concurrency transactions in flight at once (at least one)
     */
    public BatchRecorder(final RecordSubmitter submitter, final int concurrency) {
        this(submitter, concurrency, 1);
    }

    /**
     * @param concurrency transactions in flight at once (at least one)
     * @param perTx records per transaction (1: Record; more: RecordBatch)
     */
    public BatchRecorder(final RecordSubmitter submitter, final int concurrency, final int perTx) {
        this(submitter, concurrency, perTx, 0);
    }

    /**
     * @param rate records per second at most (0: no limit); transaction k is sent no earlier than k
     *     &times; perTx / rate seconds after the first
     */
    public BatchRecorder(
            final RecordSubmitter submitter,
            final int concurrency,
            final int perTx,
            final double rate) {
        this.submitter = submitter;
        this.concurrency = Math.max(1, concurrency);
        this.perTx = Math.max(1, perTx);
        this.rate = rate;
    }

    /**
     * Parses every non-blank line before anything is sent, so one bad line stops the whole batch;
     * each bad line is named on stderr.
     */
    public List<RawRecord> parse(final List<String> lines) {
        List<RawRecord> records = new ArrayList<>();
        int bad = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                records.add(submitter.parse(lines.get(i)));
            } catch (IllegalArgumentException e) {
                bad++;
                System.err.println("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (bad > 0) {
            throw new IllegalArgumentException(
                    bad
                            + " of "
                            + lines.size()
                            + " lines are not valid records; nothing was recorded");
        }
        return records;
    }

    /**
     * Records every record, signed with {@code key}; a failed record is reported and the rest go
     * on.
     */
    public Result record(final List<RawRecord> records, final String deviceId, final PrivateKey key)
            throws Exception {
        Progress progress = new Progress("recording", records.size());
        AtomicInteger failed = new AtomicInteger();
        List<String> txIds = new ArrayList<>();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            long slotNanos = rate > 0 ? (long) (perTx * 1e9 / rate) : 0;
            for (int from = 0, k = 0; from < records.size(); from += perTx, k++) {
                List<RawRecord> group =
                        records.subList(from, Math.min(records.size(), from + perTx));
                long notBefore = start + k * slotNanos;
                results.add(
                        pool.submit(
                                () -> {
                                    sleepUntil(notBefore);
                                    return recordGroup(group, deviceId, key, progress, failed);
                                }));
            }
            for (Future<List<String>> f : results) {
                txIds.addAll(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        progress.done();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "recorded %d of %d records in %.1f s (%.1f records/s), %d failed%n",
                txIds.size(), records.size(), seconds, txIds.size() / seconds, failed.get());
        return new Result(txIds, failed.get(), start);
    }

    private static void sleepUntil(final long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Records one group (one transaction); answers the ids of the records that committed. */
    private List<String> recordGroup(
            final List<RawRecord> group,
            final String deviceId,
            final PrivateKey key,
            final Progress progress,
            final AtomicInteger failed)
            throws SQLException {
        List<String> ids = new ArrayList<>();
        if (perTx == 1) {
            RawRecord record = group.get(0);
            try {
                ids.add(submitter.record(record, deviceId, key).txId());
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                progress.message(record.tid() + ": " + e.getMessage());
            } finally {
                progress.step();
            }
            return ids;
        }
        List<RecordSubmitter.BatchResult> results;
        try {
            results = submitter.recordBatch(group, deviceId, key);
        } catch (RuntimeException e) {
            failed.addAndGet(group.size());
            progress.message(group.size() + " records: " + e.getMessage());
            group.forEach(r -> progress.step());
            return ids;
        }
        for (RecordSubmitter.BatchResult r : results) {
            if (r.outcome() != null) {
                ids.add(r.outcome().txId());
            } else {
                failed.incrementAndGet();
                progress.message(r.record().tid() + ": " + r.failure());
            }
            progress.step();
        }
        return ids;
    }

    /**
     * Waits until the relay has anchored every committed record of the batch, then prints the
     * end-to-end rate; answers how many master rejected (they are named on stderr).
     */
    public int awaitAnchored(final Result batch, final long timeoutMillis) throws Exception {
        List<String> txIds = batch.txIds();
        Progress anchoring = new Progress("anchoring", txIds.size());
        int rejected = 0;
        for (String tx : txIds) {
            try {
                submitter.waitAnchored(tx, timeoutMillis);
            } catch (RecordSubmitter.RefusedException e) {
                rejected++;
                anchoring.message(e.getMessage());
            }
            anchoring.step();
        }
        anchoring.done();
        double total = (System.nanoTime() - batch.startNanos()) / 1e9;
        if (rejected == 0) {
            System.out.printf(
                    "all %d records anchored on master %.1f s after the first submission (%.1f records/s end to end)%n",
                    txIds.size(), total, txIds.size() / total);
        } else {
            System.out.printf(
                    "%d records anchored and %d rejected by master, %.1f s after the first submission%n",
                    txIds.size() - rejected, rejected, total);
        }
        return rejected;
    }
}
