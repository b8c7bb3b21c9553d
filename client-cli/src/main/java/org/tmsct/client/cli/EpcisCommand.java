package org.tmsct.client.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.hyperledger.fabric.client.GatewayException;
import org.tmsct.client.device.DeviceKeys;
import org.tmsct.client.record.RecordSubmitter;
import org.tmsct.core.epcis.BizStepStages;
import org.tmsct.core.epcis.EpcisCapture;
import org.tmsct.core.epcis.EpcisDocument;
import org.tmsct.core.epcis.EpcisEvent;
import org.tmsct.core.epcis.EpcisExport;
import org.tmsct.core.epcis.EpcisFormatException;
import org.tmsct.core.epcis.EpcisSchema;
import org.tmsct.core.genealogy.LotLinks;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.core.record.RawRecord;
import org.tmsct.gateway.FabricSession;
import org.tmsct.gateway.GatewayErrors;
import org.tmsct.offchain.OffchainRecord;
import org.tmsct.offchain.OffchainStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "epcis",
        mixinStandardHelpOptions = true,
        description = "GS1 EPCIS 2.0 JSON-LD documents in and out (docs/epcis.md).",
        subcommands = {EpcisCommand.Capture.class, EpcisCommand.Export.class})
final class EpcisCommand {

    @ParentCommand TmsctCli root;

    /** Exit code of a document refused before anything was written. */
    static final int EXIT_REFUSED = TmsctCli.EXIT_FAILED;

    @Command(
            name = "capture",
            mixinStandardHelpOptions = true,
            description = {
                "Record each event of an EPCIS 2.0 document as this organisation's device-signed records: the business step"
                        + " selects the stage, identifiers become trace codes, inputs and children become lot links.",
                "The whole document is checked first (and against --schema if given); a problem refuses it with its JSON path"
                        + " and nothing is written. Events already on master (same eventID) are reported as already recorded."
            })
    static final class Capture implements Callable<Integer> {

        @ParentCommand EpcisCommand parent;

        @Parameters(index = "0", description = "The EPCIS document (JSON-LD); '-' for stdin.")
        String file;

        @Option(
                names = "--device",
                required = true,
                description = "Id of the device that signs the records.")
        String deviceId;

        @Option(
                names = "--schema",
                description = "Also validate against this EPCIS 2.0 JSON Schema file.")
        Path schema;

        @Option(
                names = "--timeout",
                defaultValue = "180",
                description =
                        "Seconds to wait for each record to be anchored (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            TmsctCli root = parent.root;
            String text = read(file);
            EpcisDocument document;
            try {
                if (schema != null) {
                    EpcisSchema.load(schema).check(text);
                }
                document = EpcisDocument.parse(text);
            } catch (EpcisFormatException e) {
                return refuse(e.getMessage());
            }
            try (FabricSession session = root.connect();
                    OffchainStore store = root.openOffchain()) {
                String ownStage = session.org().stage();
                MasterView master = new MasterView(session);
                List<RawRecord> toRecord = new ArrayList<>();
                Set<String> madeHere = new LinkedHashSet<>();
                int already = 0;
                // 1. every event checked and mapped before anything is written
                try {
                    for (EpcisEvent event : document.checkedEvents()) {
                        String stage = BizStepStages.stageOf(event.bizStep(), event.at("bizStep"));
                        List<RawRecord> records =
                                EpcisCapture.records(event, stage, document.namespaces());
                        if (records.isEmpty()) {
                            throw new EpcisFormatException(
                                    event.path(),
                                    "the event names no object (no EPC, class or parent), so"
                                            + " there is no trace code to record it under");
                        }
                        String eventId = records.get(0).fields().get("eventID").getAsString();
                        if (records.stream().allMatch(r -> master.holds(r.tid(), eventId))) {
                            System.out.println("already recorded: event " + eventId);
                            already++;
                            continue;
                        }
                        if (!stage.equals(ownStage)) {
                            EpcisCapture.records(event, ownStage, document.namespaces()); // throws
                        }
                        for (RawRecord r : records) {
                            LotLinks.Declared links = LotLinks.of(r.tid(), r.fields());
                            for (String lot : links.mustBeKnown()) {
                                if (!madeHere.contains(lot) && !master.exists(lot)) {
                                    throw new EpcisFormatException(
                                            pathOf(event, lot),
                                            "input lot "
                                                    + lot
                                                    + " is unknown on master: record it first");
                                }
                            }
                            madeHere.add(r.tid());
                            toRecord.add(r);
                        }
                    }
                } catch (EpcisFormatException e) {
                    return refuse(e.getMessage());
                }
                // 2. recorded one by one and waited for, so a later event's inputs are on master
                RecordSubmitter submitter = new RecordSubmitter(session, store);
                PrivateKey key = new DeviceKeys(root.stateDir, root.orgName()).privateKey(deviceId);
                for (int i = 0; i < toRecord.size(); i++) {
                    RawRecord r = toRecord.get(i);
                    RecordSubmitter.Outcome outcome = submitter.record(r, deviceId, key);
                    submitter.waitAnchored(outcome.txId(), timeoutSeconds * 1000);
                    System.out.printf(
                            "%s %s (event %s, %d of %d) in transaction %s, anchored%n",
                            outcome.alreadyOnChain() ? "already recorded" : "recorded",
                            r.tid(),
                            r.fields().get("eventID").getAsString(),
                            i + 1,
                            toRecord.size(),
                            outcome.txId());
                }
                System.out.printf(
                        "%d record%s captured from %d event%s; %d event%s already recorded%n",
                        toRecord.size(),
                        toRecord.size() == 1 ? "" : "s",
                        document.events().size(),
                        document.events().size() == 1 ? "" : "s",
                        already,
                        already == 1 ? " was" : "s were");
            }
            return 0;
        }

        /** The JSON path of {@code lot} among the event's inputs or children. */
        private static String pathOf(EpcisEvent event, String lot) {
            for (String list :
                    List.of(
                            "inputEPCList",
                            "inputQuantityList",
                            "childEPCs",
                            "childQuantityList")) {
                for (EpcisEvent.Item item : event.items(list)) {
                    if (item.traceCode().equals(lot)) {
                        return item.path();
                    }
                }
            }
            return event.path();
        }

        private static int refuse(String message) {
            System.err.println("error: document refused, nothing recorded: " + message);
            return EXIT_REFUSED;
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = {
                "Write an EPCIS 2.0 document of a product: the shared key data of every stage from master, and this"
                        + " organisation's own raw events for its own stages."
            })
    static final class Export implements Callable<Integer> {

        @ParentCommand EpcisCommand parent;

        @Parameters(index = "0", description = "Trace code (TID).")
        String tid;

        @Option(names = "--upstream", description = "Also every lot the product was made of.")
        boolean upstream;

        @Option(
                names = {"-o", "--output"},
                description = "Write to this file (default: stdout).")
        Path output;

        @Mixin GenealogyOptions bounds;

        @Override
        public Integer call() throws Exception {
            TmsctCli root = parent.root;
            try (FabricSession session = root.connect();
                    OffchainStore store = root.openOffchain()) {
                List<String> tids = new ArrayList<>(List.of(tid));
                if (upstream) {
                    for (JsonElement el :
                            bounds.walk(session, "Upstream", tid).getAsJsonArray("lots")) {
                        JsonObject lot = el.getAsJsonObject();
                        if (lot.get("known").getAsBoolean()) {
                            tids.add(lot.get("tid").getAsString());
                        }
                    }
                }
                List<EpcisExport.Entry> entries = new ArrayList<>();
                for (String id : tids) {
                    JsonObject trace =
                            Output.json(session.masterContract().evaluateTransaction("Trace", id))
                                    .getAsJsonObject();
                    for (JsonElement el : trace.getAsJsonArray("entries")) {
                        entries.add(entry(el.getAsJsonObject(), session, store));
                    }
                }
                String doc = Output.pretty(EpcisExport.document(entries));
                if (output == null) {
                    System.out.println(doc);
                } else {
                    Files.writeString(output, doc + "\n", StandardCharsets.UTF_8);
                    System.err.printf(
                            "wrote %d entr%s of %d trace code%s to %s%n",
                            entries.size(),
                            entries.size() == 1 ? "y" : "ies",
                            tids.size(),
                            tids.size() == 1 ? "" : "s",
                            output);
                }
            }
            return 0;
        }

        /** One trace entry, with the raw record's fields when it is this organisation's own. */
        private static EpcisExport.Entry entry(
                JsonObject e, FabricSession session, OffchainStore store) throws Exception {
            TreeMap<String, JsonElement> keyData = new TreeMap<>();
            e.getAsJsonObject("keyData")
                    .entrySet()
                    .forEach(x -> keyData.put(x.getKey(), x.getValue()));
            String txId = e.get("slaveTxId").getAsString();
            JsonObject own = null;
            if (e.get("slaveChainId").getAsString().equals(session.org().slaveChannel())) {
                Optional<OffchainRecord> raw = store.findByTxId(txId);
                if (raw.isPresent()) {
                    own =
                            JsonParser.parseString(raw.get().rawJson())
                                    .getAsJsonObject()
                                    .getAsJsonObject("fields");
                }
            }
            return new EpcisExport.Entry(
                    e.get("tid").getAsString(),
                    e.get("stage").getAsString(),
                    e.get("ownerMsp").getAsString(),
                    keyData,
                    txId,
                    e.get("txTimestamp").getAsLong(),
                    own);
        }
    }

    /** What master holds, read once per trace code. */
    private static final class MasterView {
        private final FabricSession session;
        private final Map<String, Optional<JsonObject>> traces = new HashMap<>();

        MasterView(FabricSession session) {
            this.session = session;
        }

        boolean exists(String tid) throws EpcisFormatException {
            return trace(tid).isPresent();
        }

        /** True if master holds an entry of {@code tid} from event {@code eventId}. */
        boolean holds(String tid, String eventId) {
            return trace(tid)
                    .map(
                            t ->
                                    t.getAsJsonArray("entries").asList().stream()
                                            .map(
                                                    x ->
                                                            x.getAsJsonObject()
                                                                    .getAsJsonObject("keyData"))
                                            .anyMatch(
                                                    kd ->
                                                            kd.has("eventID")
                                                                    && kd.get("eventID")
                                                                            .getAsString()
                                                                            .equals(eventId)))
                    .orElse(false);
        }

        private Optional<JsonObject> trace(String tid) {
            return traces.computeIfAbsent(
                    tid,
                    t -> {
                        try {
                            return Optional.of(
                                    Output.json(
                                                    session.masterContract()
                                                            .evaluateTransaction("Trace", t))
                                            .getAsJsonObject());
                        } catch (GatewayException e) {
                            if (GatewayErrors.refusalCode(e)
                                    .filter(ErrorCode.UNKNOWN_TID.name()::equals)
                                    .isPresent()) {
                                return Optional.empty();
                            }
                            throw new IllegalStateException(
                                    "master cannot be read: " + e.getMessage(), e);
                        }
                    });
        }
    }

    private static String read(String file) throws java.io.IOException {
        byte[] bytes =
                file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
