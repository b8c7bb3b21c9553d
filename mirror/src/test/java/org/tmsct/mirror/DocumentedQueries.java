package org.tmsct.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.mirror.BlockRows.AnchorRow;
import org.tmsct.mirror.BlockRows.DeviceRow;
import org.tmsct.mirror.BlockRows.EdgeRow;
import org.tmsct.mirror.BlockRows.ProductRow;
import org.tmsct.mirror.BlockRows.RejectedRow;
import org.tmsct.mirror.BlockRows.StageEntryRow;
import org.tmsct.mirror.query.DocumentedQuery;

/**
 * The queries of docs/sql.md, run as written against a small supply chain: each {@code -- query:}
 * block of the page, its parameters and the exact rows it must answer. The page is the one source
 * of the SQL; this class holds only the fixture and the expectations.
 *
 * <p>Every name in the fixture carries {@code id}, so that on a database other tests share the rows
 * that do not mention it can be left out (every query groups by, or starts from, such a name).
 */
final class DocumentedQueries {

    /** The repository, as test-network finds it: {@code -Dtmsct.repo} or the module's parent. */
    static final Path SQL_MD =
            Path.of(System.getProperty("tmsct.repo", ".."))
                    .toAbsolutePath()
                    .normalize()
                    .resolve("docs/sql.md");

    /** What a query is run with and must answer. */
    record Expectation(List<Object> parameters, List<List<String>> rows) {}

    /** 2024-03-01T00:00Z: "last month" of the transport query is March 2024. */
    static final long T0 = 1_709_251_200_000L;

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private final String id;
    private final String master;
    private int masterBlock;
    private int slaveTxs;
    private final Map<String, Long> nextSlaveBlock = new LinkedHashMap<>();
    private final List<String> knownTids = new ArrayList<>();

    DocumentedQueries(String id) {
        this.id = id;
        this.master = "master-" + id;
    }

    /** Every {@code -- query:} block of docs/sql.md, in page order. */
    static List<DocumentedQuery> fromPage() throws IOException {
        return DocumentedQuery.parse(Files.readString(SQL_MD, StandardCharsets.UTF_8));
    }

    // ---- the fixture ----

    /**
     * A small consortium: two raw material suppliers (steel, alloy), a carrier, a factory and a
     * retailer, each with its slave chain. Three steel coils and an alloy tube; the factory makes
     * FRAME-1 from COIL-1 and TUBE-1 and FRAME-2 from COIL-2; the retailer ships FRAME-1 on
     * PALLET-1. COIL-2 travels too warm, FRAME-2 is stuck before distribution and ships warm in
     * April, COIL-3 never leaves the supplier. The mirror is the steel supplier's: its slave
     * channel stands at block 4, two blocks past its last anchor.
     */
    void load(MirrorStore store) throws SQLException {
        String steel = chain("steel");
        String alloy = chain("alloy");
        String carrier = chain("carrier");
        String factory = chain("factory");
        String retail = chain("retail");

        Anchor b = anchor(steel, "SteelMSP", 0, 2);
        b.entry("COIL-1", "RAW_MATERIAL", 600, raw("steel coil", 20, "C-1", 18));
        b.entry("COIL-2", "RAW_MATERIAL", 1200, raw("steel coil", 15, "C-2", 19));
        b.entry("COIL-3", "RAW_MATERIAL", 1800, raw("steel coil", 10, "C-3", 18));
        store.apply(b.build());

        b = anchor(alloy, "AlloyMSP", 1, 2);
        b.entry("TUBE-1", "RAW_MATERIAL", 1800, raw("alloy tube", 400, "T-1", 21));
        store.apply(b.build());

        b = anchor(carrier, "CarrierMSP", 20, 2);
        b.entry("COIL-1", "LOGISTICS", 300, transport("6.5"));
        b.entry("TUBE-1", "LOGISTICS", 300, transport("12"));
        b.device(carrier, "TRUCK-1", "ACTIVE");
        b.device(carrier, "TRUCK-2", "ACTIVE");
        store.apply(b.build());

        b = anchor(carrier, "CarrierMSP", 26, 2);
        b.entry("COIL-2", "LOGISTICS", 600, transport("31"));
        b.entry("COIL-1", "LOGISTICS", 600, transport("8.7"));
        store.apply(b.build());

        b = anchor(carrier, "CarrierMSP", 28, 1);
        b.entry("COIL-2", "LOGISTICS", 900, transport("27"));
        b.rejected(
                "COIL-2", "LOGISTICS", "DEVICE_CERT_EXPIRED", "the certificate of TRUCK-2 expired");
        b.device(carrier, "TRUCK-2", "REVOKED");
        store.apply(b.build());

        b = anchor(factory, "FactoryMSP", 50, 3);
        b.entry("FRAME-1", "PROCESSING", 3600, made("bike frame", "inputs", "COIL-1", "TUBE-1"));
        b.entry("FRAME-2", "PROCESSING", 3600, made("bike frame", "inputs", "COIL-2"));
        b.device(factory, "OVEN-1", "ACTIVE");
        store.apply(b.build());

        b = anchor(carrier, "CarrierMSP", 60, 2);
        b.entry("FRAME-1", "LOGISTICS", 600, transport("15"));
        store.apply(b.build());

        b = anchor(retail, "RetailMSP", 80, 2);
        b.entry("FRAME-1", "DISTRIBUTION", 1200, sold("Vienna"));
        b.rejected("COIL-2", "DISTRIBUTION", "STAGE_OUT_OF_ORDER", "COIL-2 was never processed");
        b.rejected("FRAME-2", "DISTRIBUTION", "STAGE_OUT_OF_ORDER", "FRAME-2 has no transport");
        store.apply(b.build());

        b = anchor(retail, "RetailMSP", 82, 1);
        b.entry("PALLET-1", "DISTRIBUTION", 600, made("pallet", "children", "FRAME-1"));
        store.apply(b.build());

        b = anchor(carrier, "CarrierMSP", 32 * 24, 2);
        b.entry("FRAME-2", "LOGISTICS", 600, transport("40"));
        store.apply(b.build());

        store.start(steel, 4, hash("slave-block", 4));
    }

    /** Each query's parameters and rows on the fixture, by query name. */
    Map<String, Expectation> expectations() {
        Map<String, Expectation> e = new LinkedHashMap<>();
        e.put(
                "recall_downstream",
                expect(
                        List.of(tid("COIL-1")),
                        row(tid("FRAME-1"), "1"),
                        row(tid("PALLET-1"), "2")));
        e.put(
                "temperature_excursions",
                expect(
                        List.of(new BigDecimal("25")),
                        row(tid("COIL-2"), "LOGISTICS", "2", "31"),
                        row(tid("FRAME-2"), "LOGISTICS", "1", "40")));
        e.put(
                "transport_temperature_by_lot",
                expect(
                        List.of(T0, T0 + 31 * DAY),
                        row(tid("COIL-1"), "2", "7.6", "6.5", "8.7"),
                        row(tid("COIL-2"), "2", "29", "27", "31"),
                        row(tid("FRAME-1"), "1", "15", "15", "15"),
                        row(tid("TUBE-1"), "1", "12", "12", "12")));
        e.put(
                "stage_lead_times",
                expect(
                        List.of(),
                        row(type(), "DISTRIBUTION", "1", "20", "20"),
                        // COIL-1 20 h, COIL-2 26 h, TUBE-1 19 h, FRAME-1 10 h, FRAME-2 718 h
                        row(type(), "LOGISTICS", "5", "158.6", "718")));
        e.put(
                "products_per_supplier",
                expect(
                        List.of(),
                        row(msp("AlloyMSP"), "alloy tube", "1", "400"),
                        row(msp("SteelMSP"), "steel coil", "3", "45")));
        e.put(
                "anchoring_lag",
                expect(
                        List.of(),
                        row(chain("alloy"), "1", "2", "2", null, "1800", "1800"),
                        // seven entries: 300, 300, 600, 600, 900, 600, 600 s
                        row(chain("carrier"), "5", "9", "9", null, "557.1", "900"),
                        row(chain("factory"), "1", "3", "3", null, "3600", "3600"),
                        row(chain("retail"), "2", "3", "3", null, "900", "1200"),
                        row(chain("steel"), "1", "2", "2", "2", "1200", "1800")));
        e.put(
                "rejections_by_code",
                expect(
                        List.of(),
                        row(chain("carrier"), "DEVICE_CERT_EXPIRED", "1"),
                        row(chain("retail"), "STAGE_OUT_OF_ORDER", "2")));
        e.put(
                "devices_per_channel",
                expect(
                        List.of(),
                        row(chain("carrier"), "1", "1"),
                        row(chain("factory"), "1", "0")));
        e.put(
                "incomplete_process",
                expect(
                        List.of(),
                        row(tid("COIL-3"), "LOGISTICS"),
                        row(tid("COIL-3"), "PROCESSING"),
                        row(tid("COIL-3"), "DISTRIBUTION"),
                        row(tid("FRAME-2"), "DISTRIBUTION")));
        e.put(
                "made_of_upstream",
                expect(
                        List.of(tid("PALLET-1")),
                        row(tid("FRAME-1"), "1", null),
                        row(tid("COIL-1"), "2", msp("SteelMSP")),
                        row(tid("TUBE-1"), "2", msp("AlloyMSP"))));
        return e;
    }

    /**
     * Runs {@code query} with its parameters and returns its rows, numbers in plain form without
     * trailing zeros (each database gives averages another scale). With {@code onlyOurs}, rows that
     * mention no name of this fixture are left out.
     */
    List<List<String>> run(
            MirrorDb db, DocumentedQuery query, List<Object> parameters, boolean onlyOurs)
            throws SQLException {
        List<List<String>> out = new ArrayList<>();
        for (List<String> row : query.run(db, parameters).rows()) {
            if (!onlyOurs || row.stream().anyMatch(v -> v != null && v.contains(id))) {
                out.add(row);
            }
        }
        return out;
    }

    /** Loads the fixture and checks every query of the page against its expectation. */
    void verify(MirrorDb db, MirrorStore store, boolean onlyOurs) throws Exception {
        load(store);
        Map<String, Expectation> expected = expectations();
        List<DocumentedQuery> queries = fromPage();
        assertEquals(
                expected.keySet().stream().sorted().toList(),
                queries.stream().map(DocumentedQuery::name).sorted().toList(),
                "the queries of " + SQL_MD + " and those the test expects");
        for (DocumentedQuery q : queries) {
            Expectation x = expected.get(q.name());
            assertEquals(x.parameters().size(), q.placeholders(), q.name() + ": parameters");
            List<List<String>> rows;
            try {
                rows = run(db, q, x.parameters(), onlyOurs);
            } catch (SQLException e) {
                throw new AssertionError(q.name() + " fails on " + db.url() + ": " + e, e);
            }
            assertEquals(x.rows(), rows, q.name() + " on " + db.url());
        }
        assertTrue(queries.size() > 0);
    }

    // ---- building blocks ----

    private String chain(String name) {
        return name + "-" + id;
    }

    private String msp(String name) {
        return name + "-" + id;
    }

    private String tid(String lot) {
        return "TID-" + id + "-" + lot;
    }

    private String type() {
        return "bike-" + id;
    }

    private String hash(String what, long n) {
        return Sha256.hex((id + "/" + what + "/" + n).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> row(String... values) {
        return Arrays.asList(values);
    }

    @SafeVarargs
    private static Expectation expect(List<Object> parameters, List<String>... rows) {
        return new Expectation(parameters, List.of(rows));
    }

    private static JsonObject raw(String product, int quantity, String batch, int temperature) {
        JsonObject o = new JsonObject();
        o.addProperty("bizStep", "commissioning");
        o.addProperty("product", product);
        o.addProperty("quantity", quantity);
        o.addProperty("batch", batch);
        o.addProperty("location", "Linz");
        o.addProperty("temperature", temperature);
        return o;
    }

    private static JsonObject transport(String temperature) {
        JsonObject o = new JsonObject();
        o.addProperty("bizStep", "shipping");
        o.addProperty("location", "truck");
        o.addProperty("temperature", new BigDecimal(temperature));
        return o;
    }

    private JsonObject made(String product, String link, String... lots) {
        JsonObject o = new JsonObject();
        o.addProperty("bizStep", link.equals("children") ? "packing" : "assembling");
        o.addProperty("product", product);
        o.addProperty("quantity", 1);
        JsonArray a = new JsonArray();
        for (String lot : lots) {
            a.add(tid(lot));
        }
        o.add(link, a);
        return o;
    }

    private static JsonObject sold(String location) {
        JsonObject o = new JsonObject();
        o.addProperty("bizStep", "retail_selling");
        o.addProperty("location", location);
        return o;
    }

    /** One master block: one anchor of {@code slaveBlocks} blocks of a chain, at {@code hours}. */
    private Anchor anchor(String chain, String owner, long hours, int slaveBlocks) {
        long first = nextSlaveBlock.getOrDefault(chain, 1L);
        long last = first + slaveBlocks - 1;
        nextSlaveBlock.put(chain, last + 1);
        long n = masterBlock++;
        return new Anchor(chain, msp(owner), n, first, last, T0 + hours * HOUR);
    }

    private final class Anchor {
        private final String chain;
        private final String owner;
        private final long block;
        private final long first;
        private final long last;
        private final long time;
        private final String masterTx;
        private final BlockRows.Builder rows;
        private int leaves;
        private int sent;

        Anchor(String chain, String owner, long block, long first, long last, long time) {
            this.chain = chain;
            this.owner = owner;
            this.block = block;
            this.first = first;
            this.last = last;
            this.time = time;
            this.masterTx = hash("master-tx", block);
            this.rows =
                    BlockRows.builder(
                            master,
                            block,
                            hash("master-block", block),
                            block == 0 ? null : hash("master-block", block - 1));
        }

        /** An accepted entry whose event happened {@code lagSeconds} before it was anchored. */
        void entry(String lot, String stage, long lagSeconds, JsonObject keyData) {
            String tid = tid(lot);
            String tx = slaveTxId();
            keyData.addProperty(
                    "eventTime",
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                            Instant.ofEpochMilli(time - lagSeconds * 1000)
                                    .atOffset(ZoneOffset.ofHours(1))));
            rows.add(
                    new StageEntryRow(
                            tx,
                            tid,
                            stage,
                            owner,
                            time,
                            CanonicalJson.canonicalString(keyData),
                            hash("data", block * 100 + leaves),
                            chain,
                            last,
                            leaves++,
                            masterTx,
                            block));
            if (!knownTids.contains(tid)) {
                knownTids.add(tid);
                rows.add(new ProductRow(tid, type(), block));
            }
            for (String link : List.of("inputs", "children")) {
                if (keyData.has(link)) {
                    keyData.getAsJsonArray(link)
                            .forEach(
                                    from ->
                                            rows.add(
                                                    new EdgeRow(
                                                            from.getAsString(),
                                                            tid,
                                                            link,
                                                            masterTx,
                                                            tx)));
                }
            }
        }

        /** The next record of the chain, as sent: accepted and rejected ones count alike. */
        private String slaveTxId() {
            sent++;
            return hash("slave-tx", slaveTxs++);
        }

        void rejected(String lot, String stage, String code, String reason) {
            rows.add(
                    new RejectedRow(
                            slaveTxId(),
                            chain,
                            last,
                            sent - 1,
                            tid(lot),
                            stage,
                            code,
                            reason,
                            masterTx));
        }

        void device(String channel, String device, String status) {
            rows.add(
                    new DeviceRow(
                            channel,
                            device + "-" + id,
                            status,
                            hash("key", device.hashCode()),
                            null,
                            block));
        }

        BlockRows build() {
            rows.add(
                    new AnchorRow(
                            chain,
                            last,
                            first,
                            hash("slave-block/" + chain, last),
                            hash("root", block),
                            leaves,
                            masterTx,
                            block));
            return rows.build();
        }
    }
}
