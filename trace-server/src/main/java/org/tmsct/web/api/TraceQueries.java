package org.tmsct.web.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.tmsct.core.proof.ProofBundle;
import org.tmsct.offchain.OffchainRecord;
import org.tmsct.offchain.OffchainStore;
import org.tmsct.web.WebError;
import org.tmsct.web.WebException;
import org.tmsct.web.chain.MasterReader;
import org.tmsct.web.page.EntryCheck;
import org.tmsct.web.page.Viewer;

/**
 * The questions pages and API ask about a product: its trace, its proof bundle, each entry's check
 * and, for the organisation's own staff, its raw records. Raw data is read here and nowhere else,
 * and only for a viewer of this server's own organisation.
 */
public final class TraceQueries {

    private final MasterReader chain;
    private final Supplier<OffchainStore> offchain;
    private final Clock clock;

    public TraceQueries(
            final MasterReader chain, final Supplier<OffchainStore> offchain, final Clock clock) {
        this.chain = chain;
        this.offchain = offchain;
        this.clock = clock;
    }

    public MasterReader chain() {
        return chain;
    }

    /** The proof bundle of a product: its trace and every entry's Merkle proof. */
    public JsonObject bundle(final JsonObject trace) {
        List<JsonObject> proofs = new ArrayList<>();
        for (JsonElement e : trace.getAsJsonArray("entries")) {
            proofs.add(chain.proof(e.getAsJsonObject()));
        }
        return ProofBundle.build(trace, proofs, clock.instant());
    }

    /** Each entry's check by slave transaction id, with the raw record where the viewer may. */
    public Map<String, EntryCheck> checks(final JsonObject trace, final Viewer viewer) {
        ProofBundle.Report report = ProofBundle.verify(bundle(trace));
        Map<String, Raw> raw = ownRaw(trace, viewer);
        Map<String, EntryCheck> out = new HashMap<>();
        var entries = trace.getAsJsonArray("entries");
        for (int i = 0; i < entries.size(); i++) {
            String txId = entries.get(i).getAsJsonObject().get("slaveTxId").getAsString();
            ProofBundle.EntryCheck r = report.entries().get(i);
            Raw own = raw.get(txId);
            out.put(
                    txId,
                    new EntryCheck(
                            r.ok(),
                            r.ok() ? null : r.problem(),
                            own == null ? null : own.json(),
                            own == null ? null : own.matches()));
        }
        return out;
    }

    /** Adds {@code raw} to each entry the viewer's organisation holds the raw record of. */
    public JsonObject withOwnRaw(final JsonObject trace, final Viewer viewer) {
        Map<String, Raw> raw = ownRaw(trace, viewer);
        for (JsonElement el : trace.getAsJsonArray("entries")) {
            JsonObject e = el.getAsJsonObject();
            Raw own = raw.get(e.get("slaveTxId").getAsString());
            if (own != null) {
                JsonObject r = new JsonObject();
                r.add("record", parsedOrText(own.json()));
                r.addProperty("rehash", own.rehash());
                r.addProperty("matchesChain", own.matches());
                e.add("raw", r);
            }
        }
        return trace;
    }

    record Raw(String json, String rehash, boolean matches) {}

    private Map<String, Raw> ownRaw(final JsonObject trace, final Viewer viewer) {
        Map<String, Raw> out = new HashMap<>();
        if (viewer.org() == null || !viewer.org().equals(chain.org().org())) {
            return out; // the public and other organisations see what master shares, nothing more
        }
        String ownChannel = chain.org().slaveChannel();
        try (OffchainStore store = offchain.get()) {
            for (JsonElement el : trace.getAsJsonArray("entries")) {
                JsonObject e = el.getAsJsonObject();
                if (!ownChannel.equals(e.get("slaveChainId").getAsString())) {
                    continue;
                }
                String txId = e.get("slaveTxId").getAsString();
                Optional<OffchainRecord> row = store.findByTxId(txId);
                if (row.isPresent()) {
                    String rehash = row.get().rehash();
                    out.put(
                            txId,
                            new Raw(
                                    row.get().rawJson(),
                                    rehash,
                                    e.get("dataHash").getAsString().equals(rehash)));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new WebException(
                    WebError.INTERNAL, "the off-chain store cannot be read: " + e.getMessage());
        }
        return out;
    }

    private static JsonElement parsedOrText(final String json) {
        try {
            return JsonParser.parseString(json);
        } catch (RuntimeException e) {
            return new com.google.gson.JsonPrimitive(json);
        }
    }
}
