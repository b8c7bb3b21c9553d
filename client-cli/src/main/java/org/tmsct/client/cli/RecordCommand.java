package org.tmsct.client.cli;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.tmsct.client.device.DeviceKeys;
import org.tmsct.client.record.BatchRecorder;
import org.tmsct.client.record.RecordSubmitter;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.core.record.RawRecord;
import org.tmsct.gateway.FabricSession;
import org.tmsct.offchain.OffchainRecord;
import org.tmsct.offchain.OffchainStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        description = {
            "Record a raw record {\"tid\",\"stage\",\"fields\"} signed by a device: the raw record is kept in the "
                    + "organisation's off-chain store and sent to its slave channel as transient data (never into a block).",
            "Raw records are limited to " + RawRecord.MAX_BYTES + " bytes of UTF-8 JSON."
        })
final class RecordCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Parameters(
            index = "0",
            arity = "0..1",
            description =
                    "JSON file (one record, or one record per line with --batch); default or '-': stdin.")
    String input;

    @Option(names = "--device", description = "Id of the registered device that signs the record.")
    String deviceId;

    @Option(
            names = "--key",
            description =
                    "The device's private key (PEM); default: the one made by 'device keygen'.")
    Path keyFile;

    @Option(
            names = "--signature",
            description =
                    "A signature made elsewhere (base64 DER ECDSA over the signed commitment's bytes); needs --signed-at and --salts.")
    String signature;

    @Option(
            names = "--salts",
            description =
                    "With --signature: the salts of the record's field commitment, as JSON text or @file"
                            + " ({\"/tid\":\"<64 hex>\",...}); the signature is over that commitment.")
    String salts;

    @Option(
            names = "--signed-at",
            description = "Epoch milliseconds at which the device signed (with --signature).")
    Long signedAt;

    @Option(
            names = "--batch",
            description = "Record one JSON record per line, with a progress bar and a summary.")
    boolean batch;

    @Option(
            names = "--concurrency",
            defaultValue = "8",
            description = "Transactions in flight in batch mode (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--per-tx",
            defaultValue = "50",
            description =
                    "Records per transaction in batch mode: a RecordBatch checks each on its own"
                            + " (1: one Record transaction each; at most 500; default:"
                            + " ${DEFAULT-VALUE}).")
    int perTx;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description =
                    "Records per second to send at most in batch mode, to spread a large import"
                            + " or hold a steady load (default: 0, as fast as the network takes"
                            + " them).")
    double rate;

    @Option(
            names = "--wait-anchored",
            description = "Wait until the relay has anchored the record(s) on master.")
    boolean waitAnchored;

    @Option(
            names = "--timeout",
            defaultValue = "180",
            description = "Seconds to wait with --wait-anchored (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(
            names = "--retry-pending",
            description = "Resubmit the records that are stored off chain but not on the chain.")
    boolean retryPending;

    @Override
    public Integer call() throws Exception {
        try (FabricSession session = root.connect();
                OffchainStore store = root.openOffchain()) {
            RecordSubmitter submitter = new RecordSubmitter(session, store);
            if (retryPending) {
                return retry(submitter, store);
            }
            if (deviceId == null) {
                throw new IllegalArgumentException("--device is required");
            }
            DeviceKeys.validateId(deviceId);
            return batch ? batch(submitter) : single(submitter);
        }
    }

    private int single(final RecordSubmitter submitter) throws Exception {
        String json = readSingle();
        RawRecord record = submitter.parse(json);
        RecordSubmitter.Outcome outcome =
                signature != null
                        ? submitter.record(
                                record,
                                deviceId,
                                decodeSignature(),
                                requireSignedAt(),
                                requireSalts())
                        : submitter.record(record, deviceId, deviceKey());
        if (outcome.alreadyOnChain()) {
            System.out.println(
                    "already recorded: "
                            + record.tid()
                            + " hash "
                            + outcome.row().dataHash()
                            + " in transaction "
                            + outcome.txId());
        } else {
            System.out.printf(
                    "recorded %s (stage %s, hash %s) in transaction %s, block %d of %s%n",
                    record.tid(),
                    record.stage(),
                    record.hashHex(),
                    outcome.txId(),
                    outcome.slaveBlock(),
                    submitter == null ? "" : root.orgConnection().slaveChannel());
        }
        if (waitAnchored) {
            JsonObject anchored = submitter.waitAnchored(outcome.txId(), timeoutSeconds * 1000);
            System.out.printf(
                    "anchored on master in transaction %s, block %d%n",
                    anchored.get("masterTxId").getAsString(),
                    anchored.get("masterBlockNumber").getAsLong());
        }
        return 0;
    }

    private int batch(final RecordSubmitter submitter) throws Exception {
        if (signature != null) {
            throw new IllegalArgumentException(
                    "--signature signs one record; batch mode signs each line with --device's key");
        }
        PrivateKey key = deviceKey();
        if (perTx < 1 || perTx > 500) {
            throw new IllegalArgumentException("--per-tx must be between 1 and 500, got " + perTx);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(
                    "--rate must be 0 or a positive number, got " + rate);
        }
        BatchRecorder recorder = new BatchRecorder(submitter, concurrency, perTx, rate);
        BatchRecorder.Result result = recorder.record(recorder.parse(readLines()), deviceId, key);
        int rejected = 0;
        if (waitAnchored && !result.txIds().isEmpty()) {
            rejected = recorder.awaitAnchored(result, timeoutSeconds * 1000);
        }
        return result.failed() == 0 && rejected == 0 ? 0 : TmsctCli.EXIT_FAILED;
    }

    private int retry(final RecordSubmitter submitter, final OffchainStore store) throws Exception {
        List<OffchainRecord> pending = store.retryable();
        if (pending.isEmpty()) {
            System.out.println("no pending records in " + store.url());
            return 0;
        }
        int ok = 0;
        for (OffchainRecord row : pending) {
            try {
                RecordSubmitter.Outcome outcome = submitter.submit(row);
                ok++;
                System.out.println("recorded " + row.tid() + " in transaction " + outcome.txId());
            } catch (RuntimeException e) {
                System.err.println(row.tid() + ": " + e.getMessage());
            }
        }
        System.out.printf("%d of %d pending records recorded%n", ok, pending.size());
        return ok == pending.size() ? 0 : TmsctCli.EXIT_FAILED;
    }

    private PrivateKey deviceKey() throws IOException {
        if (keyFile != null) {
            return DeviceSignature.privateKeyFromPem(Files.readString(keyFile));
        }
        return new DeviceKeys(root.stateDir, root.orgName()).privateKey(deviceId);
    }

    private byte[] decodeSignature() {
        try {
            return Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--signature is not base64");
        }
    }

    private long requireSignedAt() {
        if (signedAt == null) {
            throw new IllegalArgumentException(
                    "--signature needs --signed-at (epoch milliseconds of the signature)");
        }
        return signedAt;
    }

    private InputStream open() throws IOException {
        if (input == null || input.equals("-")) {
            return System.in;
        }
        Path p = Path.of(input);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no such file: " + input);
        }
        return Files.newInputStream(p);
    }

    /**
     * Reads at most one byte more than the limit, so an oversized input is refused without reading
     * it all.
     */
    private String readSingle() throws IOException {
        try (InputStream in = open()) {
            byte[] bytes = in.readNBytes(RawRecord.MAX_BYTES + 1);
            if (bytes.length > RawRecord.MAX_BYTES) {
                throw new IllegalArgumentException(
                        "record is larger than the limit of " + RawRecord.MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private List<String> readLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(open(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    private com.google.gson.JsonObject requireSalts() throws java.io.IOException {
        if (salts == null) {
            throw new IllegalArgumentException(
                    "--signature needs --salts (the salts of the commitment the device signed)");
        }
        String text =
                salts.startsWith("@")
                        ? java.nio.file.Files.readString(java.nio.file.Path.of(salts.substring(1)))
                        : salts;
        try {
            return com.google.gson.JsonParser.parseString(text).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--salts is not a JSON object: " + e.getMessage());
        }
    }
}
