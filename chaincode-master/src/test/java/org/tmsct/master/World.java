package org.tmsct.master;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tmsct.chaincode.common.Caller;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.MemoryStore;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.core.commitment.EntryAttestation;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.commitment.SignedCommitment;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.RawRecord;
import org.tmsct.master.anchor.AnchorLedger;
import org.tmsct.master.anchor.AnchorService;
import org.tmsct.master.governance.OrdererCaRoots;
import org.tmsct.master.governance.ProcessRegistry;
import org.tmsct.master.governance.SlaveChainRegistry;
import org.tmsct.master.trace.TraceService;

/**
 * A master chain with the reference consortium: four slave chains, each owned by its organisation,
 * and the default linear process RAW_MATERIAL -> LOGISTICS -> PROCESSING -> DISTRIBUTION.
 */
public final class World {

    public static final String[][] ORGS = {
        {"RawMaterialOrgMSP", "raw-material", "RAW_MATERIAL"},
        {"LogisticsOrgMSP", "logistics", "LOGISTICS"},
        {"ProcessingOrgMSP", "processing", "PROCESSING"},
        {"DistributorOrgMSP", "distribution", "DISTRIBUTION"},
    };
    public static final List<String> KEY_FIELDS =
            List.of(
                    "batch",
                    "children",
                    "inputs",
                    "location",
                    "outputs",
                    "product",
                    "quantity",
                    "temperature");

    public final MemoryStore store = new MemoryStore();
    public final AnchorLedger ledger = new AnchorLedger(store);
    public final SlaveChainRegistry chains =
            new SlaveChainRegistry(store, id -> ledger.chainState(id).hasAnchors());
    public final ProcessRegistry processes = new ProcessRegistry(store, chains);

    /** Revocations the organisations reported, by "msp/deviceId". */
    public final Map<String, Long> revocations = new TreeMap<>();

    public final AnchorService anchors =
            new AnchorService(
                    ledger,
                    chains,
                    processes,
                    Devices.trust(
                            java.util.Arrays.stream(ORGS)
                                    .map(o -> o[0])
                                    .collect(java.util.stream.Collectors.toSet()),
                            revocations));

    /** The commitment behind each entry made by {@link #entry}, by slave txId. */
    public static final Map<String, FieldCommitment> COMMITMENTS =
            java.util.Collections.synchronizedMap(new java.util.HashMap<>());

    public final TraceService trace = new TraceService(ledger, chains);
    public final org.tmsct.master.genealogy.Recalls recalls =
            new org.tmsct.master.genealogy.Recalls(store, ledger);
    public final org.tmsct.master.genealogy.GenealogyService genealogy =
            new org.tmsct.master.genealogy.GenealogyService(
                    ledger, new org.tmsct.master.genealogy.LotGraph(store), recalls, chains);
    public final OrdererCaRoots ordererCas = new OrdererCaRoots(store);
    private int counter;

    public static Caller admin(String msp) {
        return new Caller(msp, true, null);
    }

    public static Caller relay(String msp) {
        return new Caller(msp, false, "relay");
    }

    public static Caller relayOf(String chain) {
        for (String[] o : ORGS) {
            if (o[1].equals(chain)) {
                return relay(o[0]);
            }
        }
        throw new IllegalArgumentException(chain);
    }

    public Tx tx(Caller caller) {
        counter++;
        return new Tx(
                String.format("mtx%04d", counter),
                1_700_000_000_000L + counter * 1000L,
                "master",
                caller);
    }

    /** Runs {@code call} as one committed transaction. */
    public <T> T commit(Tx tx, java.util.function.Function<Tx, T> call) {
        try {
            T out = call.apply(tx);
            store.commit(tx.txId(), tx.timestampMillis());
            return out;
        } catch (RuntimeException e) {
            store.rollback();
            throw e;
        }
    }

    /**
     * Registers the four chains (default filter shape, or {@code options}) and the default process.
     */
    public World withConsortium(String options) {
        for (String[] o : ORGS) {
            commit(tx(admin(o[0])), t -> chains.register(t, o[1], o[1], o[0], options));
        }
        commit(tx(admin(ORGS[0][0])), t -> processes.define(t, "default", defaultProcess()));
        return withOrderer(TestOrderer.DEFAULT);
    }

    /** Registers the orderer's CA, as an approved ORDERER_CA_ROOTS proposal would. */
    public World withOrderer(TestOrderer orderer) {
        JsonArray certs = new JsonArray();
        certs.add(orderer.caPem());
        commit(tx(admin(ORGS[0][0])), t -> ordererCas.set(t, orderer.msp, certs));
        return this;
    }

    public World withConsortium() {
        return withConsortium(null);
    }

    public static String defaultProcess() {
        JsonArray stages = new JsonArray();
        for (String[] o : ORGS) {
            JsonObject s = new JsonObject();
            s.addProperty("name", o[2]);
            s.addProperty("slaveChainId", o[1]);
            JsonArray f = new JsonArray();
            KEY_FIELDS.forEach(f::add);
            s.add("keyFields", f);
            stages.add(s);
        }
        JsonObject d = new JsonObject();
        d.add("stages", stages);
        return d.toString();
    }

    public static String stageOf(String chain) {
        for (String[] o : ORGS) {
            if (o[1].equals(chain)) {
                return o[2];
            }
        }
        throw new IllegalArgumentException(chain);
    }

    /**
     * An entry as a slave contract stores it: the device of the stage's organisation committed to a
     * record with these key fields (and a private one) and signed it; its attestation is kept in
     * {@link #ATTESTATIONS} for {@link #anchorJson}.
     */
    public static AnchorEntry entry(String txId, String tid, String stage, String location) {
        return entry(txId, tid, stage, location, Map.of());
    }

    /** As {@link #entry(String, String, String, String)}, with more shared fields (lot links). */
    public static AnchorEntry entry(
            String txId,
            String tid,
            String stage,
            String location,
            Map<String, JsonElement> shared) {
        Map<String, JsonElement> kd = new TreeMap<>(shared);
        kd.put("batch", new JsonPrimitive("B-1"));
        kd.put("location", new JsonPrimitive(location));
        TreeMap<String, JsonElement> fields = new TreeMap<>(kd);
        fields.put("note", new JsonPrimitive("private " + txId));
        FieldCommitment c =
                FieldCommitment.commit(new RawRecord(tid, stage, fields), new SecureRandom());
        COMMITMENTS.put(txId, c);
        return new AnchorEntry(txId, tid, stage, kd, c.rootHex());
    }

    /** The organisation that owns {@code chain} in the reference consortium. */
    public static String ownerOf(String chain) {
        for (String[] o : ORGS) {
            if (o[1].equals(chain)) {
                return o[0];
            }
        }
        return ORGS[0][0];
    }

    /**
     * The attestation the owner's device would give {@code entry} (null for an entry not made by
     * {@link #entry}): signed at {@link Devices#SIGNED_AT}, disclosing the entry's key fields.
     */
    public static EntryAttestation attest(String chain, AnchorEntry entry) {
        FieldCommitment c = COMMITMENTS.get(entry.txId());
        if (c == null) {
            return null;
        }
        String msp = ownerOf(chain);
        Devices.Device device = Devices.device(msp, "dev-" + msp);
        return new EntryAttestation(
                SignedCommitment.sign(c, device.id(), Devices.SIGNED_AT, device.key().getPrivate()),
                c.discloseKeyData(entry.keyData().keySet()),
                device.certificatePem());
    }

    /** Block {@code number}'s header hash on the synthetic slave chain of {@link TestOrderer}. */
    public static String blockHash(String chain, long number) {
        return TestOrderer.DEFAULT.hashHex(chain, number);
    }

    /**
     * Adds what ties the anchor to real slave blocks: the headers of {@code first..number} and the
     * default test orderer's signature on the last one.
     */
    public static JsonObject withHeaders(JsonObject doc, String chain, long first, long number) {
        JsonArray headers = new JsonArray();
        for (long b = first; b <= number; b++) {
            headers.add(Hex.encode(TestOrderer.DEFAULT.header(chain, b).toByteArray()));
        }
        doc.add("headers", headers);
        doc.addProperty(
                "ordererSignatures",
                Hex.encode(TestOrderer.DEFAULT.sign(TestOrderer.DEFAULT.header(chain, number))));
        return doc;
    }

    /**
     * The anchor document a relay would send for these entries, with root and filter computed
     * honestly.
     */
    public static JsonObject anchorJson(
            String chain, long first, long number, List<AnchorEntry> entries, BloomParams params) {
        BlockSummary summary =
                BlockSummary.build(chain, number, blockHash(chain, number), entries, params);
        JsonArray array = new JsonArray();
        entries.forEach(e -> array.add(e.toJsonObject()));
        JsonArray attestations = new JsonArray();
        entries.forEach(
                e -> {
                    EntryAttestation a = attest(chain, e);
                    attestations.add(
                            a == null ? com.google.gson.JsonNull.INSTANCE : a.toJsonObject());
                });
        JsonObject o = new JsonObject();
        o.addProperty("slaveChainId", chain);
        o.addProperty("firstBlock", first);
        o.addProperty("blockNumber", number);
        o.addProperty("blockHash", summary.blockHash());
        o.add("entries", array);
        o.addProperty("merkleRoot", summary.merkleRootHex());
        o.addProperty("bloomFilter", summary.filter().toBase64());
        o.add("attestations", attestations);
        return withHeaders(o, chain, first, number);
    }

    public static JsonObject anchorJson(
            String chain, long first, long number, List<AnchorEntry> entries) {
        return anchorJson(chain, first, number, entries, BloomParams.DEFAULT);
    }

    /** Anchors honestly, as the chain's relay, and commits. */
    public JsonObject anchor(String chain, long first, long number, AnchorEntry... entries) {
        JsonObject doc =
                anchorJson(
                        chain,
                        first,
                        number,
                        List.of(entries),
                        chains.require(chain).bloomParams());
        return commit(tx(relayOf(chain)), t -> anchors.anchor(t, doc.toString()).response());
    }

    /** Records of one TID through every stage, one block per chain, anchored in process order. */
    public List<AnchorEntry> lifeOf(String tid, long block) {
        List<AnchorEntry> out = new ArrayList<>();
        for (String[] o : ORGS) {
            AnchorEntry e = entry(o[1] + "-" + tid + "-" + block, tid, o[2], o[1]);
            long first =
                    ledger.chainState(o[1]).hasAnchors()
                            ? ledger.chainState(o[1]).lastCovered() + 1
                            : block;
            anchor(o[1], first, block, e);
            out.add(e);
        }
        return out;
    }
}
