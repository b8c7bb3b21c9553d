package org.tmsct.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.RawRecord;
import org.tmsct.mirror.BlockRows.AnchorRow;
import org.tmsct.mirror.BlockRows.DeviceRow;
import org.tmsct.mirror.BlockRows.EdgeRow;
import org.tmsct.mirror.BlockRows.GovernanceRow;
import org.tmsct.mirror.BlockRows.ProductRow;
import org.tmsct.mirror.BlockRows.RawRow;
import org.tmsct.mirror.BlockRows.RejectedRow;
import org.tmsct.mirror.BlockRows.StageEntryRow;
import org.tmsct.mirror.MirrorStore.Checkpoint;
import org.tmsct.mirror.MirrorStore.Outcome;
import org.tmsct.mirror.MirrorVerifier.AnchorCheck;
import org.tmsct.mirror.MirrorVerifier.Report;
import org.tmsct.mirror.MirrorVerifier.RowProblem;
import org.tmsct.mirror.MirrorVerifier.Status;

/**
 * The behaviour every mirror database must have. Each test names its channels, chains and trace
 * codes after a fresh id, so a database may be shared by the tests (PostgreSQL, MariaDB).
 */
public abstract class MirrorStoreContract {

    /** Every table, with the columns it is ordered by when dumped. */
    private static final Map<String, String> TABLES =
            Map.of(
                    "mirror_checkpoint", "channel",
                    "products", "tid",
                    "stage_entries", "slave_tx_id",
                    "anchors", "slave_chain_id, block_number",
                    "rejected_entries", "slave_tx_id",
                    "genealogy_edges", "from_tid, to_tid, relation",
                    "devices", "channel, device_id",
                    "governance_events", "master_tx_id",
                    "raw_records", "slave_tx_id",
                    "stage_fields", "slave_tx_id, name");

    protected MirrorDb db;
    protected MirrorStore store;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String master = "master-" + id;
    private final String chain = "raw-material-" + id;

    /** Master's roots and entries, as the network would answer. */
    private final Map<String, String> networkRoots = new HashMap<>();

    private final Map<String, String> networkEntries = new HashMap<>();

    /** The URL of a database the tests may write to. */
    protected abstract String jdbcUrl() throws Exception;

    @BeforeEach
    void open() throws Exception {
        db = MirrorDb.open(jdbcUrl());
        store = new MirrorStore(db);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Test
    void schemaIsMigrated() {
        assertEquals(2, db.schemaVersion());
    }

    @Test
    void everyKeyFieldIsARowOfStageFields() throws Exception {
        store.apply(anchoredBlock(0, null, 1, 1));
        String tx = txId(0, 0);
        String key =
                "{\"batch\":\"B-0\",\"eventTime\":\"2024-03-01T10:15:30.5+01:00\","
                        + "\"inputs\":[\"T-1\",\"T-2\"],\"quantity\":1e2,\"sealed\":true,"
                        + "\"note\":\""
                        + "n".repeat(513)
                        + "\",\"temperature\":-18.25}";
        StageEntryRow row =
                new StageEntryRow(
                        hash("fields", 0),
                        tid(0),
                        "LOGISTICS",
                        "CarrierMSP",
                        1,
                        key,
                        hash("d", 0),
                        chain,
                        5,
                        0,
                        hash("mtx", 5),
                        1);
        store.apply(
                BlockRows.builder(master, 1, hash("block", 1), hash("block", 0)).add(row).build());

        // the contract fixture's own entry: string and number members
        assertEquals(
                List.of(
                        List.of(tx, "batch", "B-0", "null", "null"),
                        List.of(tx, "temperature", "20", "20", "null")),
                fields(tx));
        assertEquals(
                List.of(
                        List.of(hash("fields", 0), "batch", "B-0", "null", "null"),
                        List.of(
                                hash("fields", 0),
                                "eventTime",
                                "2024-03-01T10:15:30.5+01:00",
                                "null",
                                "1709284530500"),
                        List.of(hash("fields", 0), "inputs", "[\"T-1\",\"T-2\"]", "null", "null"),
                        // longer than the column: only in key_data
                        List.of(hash("fields", 0), "note", "null", "null", "null"),
                        List.of(hash("fields", 0), "quantity", "100", "100", "null"),
                        List.of(hash("fields", 0), "sealed", "true", "null", "null"),
                        List.of(hash("fields", 0), "temperature", "-18.25", "-18.25", "null")),
                fields(hash("fields", 0)));
    }

    @Test
    void keyDataThatIsNoObjectFailsItsBlock() throws Exception {
        StageEntryRow row =
                new StageEntryRow(
                        hash("fields", 0),
                        tid(0),
                        "LOGISTICS",
                        "CarrierMSP",
                        1,
                        "[1]",
                        hash("d", 0),
                        chain,
                        5,
                        0,
                        hash("mtx", 5),
                        0);
        BlockRows block = BlockRows.builder(master, 0, hash("block", 0), null).add(row).build();
        assertThrows(IllegalArgumentException.class, () -> store.apply(block));
        assertTrue(store.checkpoint(master).isEmpty());
        assertEquals(0, count("stage_entries", "tid", tid(0)));
    }

    @Test
    void theQueriesOfTheDocsAnswerTheirRows() throws Exception {
        // other tests' rows may share the database: only this fixture's rows are compared
        new DocumentedQueries(id).verify(db, store, true);
    }

    /** The stage_fields rows of an entry, numbers without trailing zeros. */
    private List<List<String>> fields(String slaveTxId) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        for (List<String> r :
                select(
                        "SELECT slave_tx_id, name, value_text, value_number, value_time FROM"
                                + " stage_fields WHERE slave_tx_id = '"
                                + slaveTxId
                                + "' ORDER BY name")) {
            List<String> row = new ArrayList<>(r);
            if (row.get(3) != null) {
                row.set(3, new BigDecimal(row.get(3)).stripTrailingZeros().toPlainString());
            }
            out.add(row.stream().map(String::valueOf).toList());
        }
        return out;
    }

    @Test
    void blocksApplyInOrderAndMoveTheCheckpoint() throws Exception {
        assertTrue(store.checkpoint(master).isEmpty());
        assertEquals(Outcome.APPLIED, store.apply(anchoredBlock(0, null, 1, 2)));
        assertEquals(new Checkpoint(master, 0, hash("block", 0)), store.checkpoint(master).get());
        assertEquals(Outcome.APPLIED, store.apply(anchoredBlock(1, hash("block", 0), 2, 3)));
        assertEquals(1, store.checkpoint(master).get().blockNumber());

        assertEquals(5, count("stage_entries", "slave_chain_id", chain));
        assertEquals(2, count("anchors", "slave_chain_id", chain));
        assertEquals(2, count("rejected_entries", "slave_chain_id", chain));
        assertEquals(2, count("governance_events", "function_name", "ApproveChange-" + id));
        // inserted once, kept: the first product type and first block stay
        assertEquals(List.of(List.of(tid(0), "default", "0")), rows("products", "tid", tid(0)));
        // the device was registered in block 0 and revoked in block 1: one row, the latest
        assertEquals(
                List.of(List.of(master, "furnace-" + id, "REVOKED", "f".repeat(64), "PEM", "1")),
                rows("devices", "channel", master));
        // block 1 declared the pair again with another relation: master keeps the first
        List<List<String>> edges = rows("genealogy_edges", "to_tid", tid(1));
        assertEquals(1, edges.size());
        assertEquals("inputs", edges.get(0).get(2));
        List<List<String>> raw = rows("raw_records", "tid", tid(0));
        assertEquals(4, raw.size());
        assertEquals(raw.get(0).get(4), raw.get(0).get(5)); // data_hash, rehash
    }

    @Test
    void theSameBlockAgainIsSkippedAndWritesNothing() throws Exception {
        store.apply(anchoredBlock(0, null, 1, 2));
        BlockRows second = anchoredBlock(1, hash("block", 0), 2, 3);
        store.apply(second);
        Map<String, List<List<String>>> before = dump();

        assertEquals(Outcome.SKIPPED, store.apply(second));
        assertEquals(Outcome.SKIPPED, store.apply(anchoredBlock(0, null, 1, 2)));
        assertEquals(before, dump());
    }

    @Test
    void theLastBlockAgainWithAnotherHashIsAFork() throws Exception {
        store.apply(anchoredBlock(0, null, 1, 2));
        BlockRows other =
                BlockRows.builder(master, 0, hash("other", 0), null)
                        .add(new GovernanceRow(hash("gov", 9), 0, "InitMembers", "[]"))
                        .build();
        MirrorForkException e = assertThrows(MirrorForkException.class, () -> store.apply(other));
        assertEquals(0, e.blockNumber());
        assertEquals(0, count("governance_events", "master_tx_id", hash("gov", 9)));
    }

    @Test
    void aGapIsRefusedAndWritesNothing() throws Exception {
        store.apply(anchoredBlock(0, null, 1, 2));
        Map<String, List<List<String>>> before = dump();

        MirrorGapException e =
                assertThrows(
                        MirrorGapException.class,
                        () -> store.apply(anchoredBlock(2, hash("block", 1), 2, 3)));
        assertEquals(1, e.expected());
        assertEquals(2, e.got());
        assertTrue(e.getMessage().contains("block 1 expected, got block 2"), e.getMessage());
        assertEquals(before, dump());
    }

    @Test
    void aNewChannelStartsAtBlockZero() throws Exception {
        MirrorGapException e =
                assertThrows(
                        MirrorGapException.class,
                        () -> store.apply(anchoredBlock(3, hash("block", 2), 1, 2)));
        assertEquals(0, e.expected());
        assertTrue(store.checkpoint(master).isEmpty());
        assertEquals(0, count("stage_entries", "slave_chain_id", chain));
    }

    @Test
    void aMirrorMayStartLater() throws Exception {
        store.start(master, 41, hash("block", 41));
        store.start(master, 41, hash("block", 41)); // again: nothing changes
        assertThrows(IllegalStateException.class, () -> store.start(master, 7, hash("block", 7)));
        assertEquals(Outcome.APPLIED, store.apply(anchoredBlock(42, hash("block", 41), 1, 2)));
        assertEquals(42, store.checkpoint(master).get().blockNumber());
    }

    @Test
    void aBlockThatDoesNotChainToTheCheckpointIsAFork() throws Exception {
        store.apply(anchoredBlock(0, null, 1, 2));
        Map<String, List<List<String>>> before = dump();
        MirrorForkException e =
                assertThrows(
                        MirrorForkException.class,
                        () -> store.apply(anchoredBlock(1, hash("elsewhere", 0), 2, 3)));
        assertTrue(e.getMessage().contains(hash("elsewhere", 0)), e.getMessage());
        assertEquals(before, dump());
    }

    @Test
    void aFailureMidBlockRollsTheWholeBlockBack() throws Exception {
        store.apply(anchoredBlock(0, null, 1, 2));
        Map<String, List<List<String>>> before = dump();
        BlockRows good = anchoredBlock(1, hash("block", 0), 2, 3);
        // raw records are written last: every other row of the block is in by then
        RawRow raw = good.rawRecords().get(0);
        List<RawRow> twice = List.of(raw, raw);
        BlockRows broken =
                new BlockRows(
                        good.channel(),
                        good.blockNumber(),
                        good.blockHash(),
                        good.previousHash(),
                        good.stageEntries(),
                        good.anchors(),
                        good.rejected(),
                        good.edges(),
                        good.devices(),
                        good.governance(),
                        good.products(),
                        twice);

        assertThrows(SQLException.class, () -> store.apply(broken));
        assertEquals(0, store.checkpoint(master).get().blockNumber());
        assertEquals(before, dump());
        // the connection is still good, and the block applies once it is right
        assertEquals(Outcome.APPLIED, store.apply(good));
    }

    @Test
    void rowsMatchingMastersRootsVerify() throws Exception {
        applyTwoBlocks();
        Report report = verifier().verifyChain(chain);
        assertEquals(2, report.anchors().size());
        assertTrue(report.ok(), report.toString());
        AnchorCheck first = report.anchors().get(0);
        assertEquals(first.storedRoot(), first.computedRoot());
        assertEquals(first.networkRoot(), first.computedRoot());
    }

    @Test
    void aChangedColumnIsAMismatchNamingTheRowAndColumn() throws Exception {
        applyTwoBlocks();
        String victim = txId(1, 1);
        sql("UPDATE stage_entries SET stage = 'PROCESSING' WHERE slave_tx_id = '" + victim + "'");

        Report report = verifier().verifyChain(chain);
        assertTrue(report.anchors().get(0).ok());
        AnchorCheck bad = report.anchors().get(1);
        assertEquals(Status.MISMATCH, bad.status());
        assertEquals(
                List.of(new RowProblem(victim, "stage", "is PROCESSING, master's is RAW_MATERIAL")),
                bad.rowProblems());
        assertEquals(List.of(bad), report.failed());
    }

    @Test
    void changedKeyDataIsNamedToo() throws Exception {
        applyTwoBlocks();
        String victim = txId(0, 0);
        sql(
                "UPDATE stage_entries SET key_data = '{\"batch\":\"B-0\",\"temperature\":99}'"
                        + " WHERE slave_tx_id = '"
                        + victim
                        + "'");
        AnchorCheck bad = verifier().verifyChain(chain).anchors().get(0);
        assertEquals(Status.MISMATCH, bad.status());
        assertEquals(1, bad.rowProblems().size());
        assertEquals(victim, bad.rowProblems().get(0).slaveTxId());
        assertEquals("key_data", bad.rowProblems().get(0).column());
    }

    @Test
    void aMissingRowIsACountMismatch() throws Exception {
        applyTwoBlocks();
        sql("DELETE FROM stage_entries WHERE slave_tx_id = '" + txId(1, 2) + "'");
        AnchorCheck bad = verifier().verifyChain(chain).anchors().get(1);
        assertEquals(Status.MISMATCH, bad.status());
        assertEquals(3, bad.entryCount());
        assertEquals(2, bad.rows());
        assertTrue(
                bad.problems().contains("the anchor counts 3 entries but the mirror holds 2 rows"),
                bad.problems().toString());
        // every row that is left is master's
        assertTrue(bad.rowProblems().isEmpty(), bad.rowProblems().toString());
    }

    @Test
    void anAnchorRowThatIsNotMastersIsAMismatch() throws Exception {
        applyTwoBlocks();
        networkRoots.put(chain + "/0", hash("forged", 0));
        AnchorCheck bad = verifier().verifyChain(chain).anchors().get(0);
        assertEquals(Status.MISMATCH, bad.status());
        assertTrue(
                bad.problems().contains("master holds root " + hash("forged", 0)),
                bad.problems().toString());
    }

    @Test
    void anUnreadableNetworkRootIsUnknownNotOk() throws Exception {
        applyTwoBlocks();
        MirrorVerifier offline =
                new MirrorVerifier(
                        db,
                        (c, b) -> {
                            throw new java.io.IOException("peer unreachable");
                        },
                        null);
        Report report = offline.verifyChain(chain);
        assertEquals(Status.UNKNOWN, report.anchors().get(0).status());
        assertFalse(report.ok());
        assertNull(report.anchors().get(0).networkRoot());
    }

    // ---- fixtures ----

    private void applyTwoBlocks() throws Exception {
        store.apply(anchoredBlock(0, null, 1, 2));
        store.apply(anchoredBlock(1, hash("block", 0), 2, 3));
    }

    private MirrorVerifier verifier() {
        return new MirrorVerifier(
                db, (c, b) -> networkRoots.get(c + "/" + b), (c, b, tx) -> networkEntries.get(tx));
    }

    /**
     * Master block {@code n}: one anchor of slave block {@code n} with {@code entries} real entries
     * (and one rejected), the products, an edge, a device change, a governance event and the raw
     * records. Master's roots and entries are noted for the verifier.
     */
    private BlockRows anchoredBlock(long n, String previous, int tids, int entries) {
        String masterTx = hash("mtx", n);
        BlockRows.Builder b = BlockRows.builder(master, n, hash("block", n), previous);
        List<AnchorEntry> anchored = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            String tid = tid(i % tids);
            Map<String, JsonElement> fields = new TreeMap<>();
            fields.put("batch", new JsonPrimitive("B-" + i));
            fields.put("temperature", new JsonPrimitive(20 + i));
            fields.put("secret", new JsonPrimitive("n" + n));
            RawRecord record = new RawRecord(tid, "RAW_MATERIAL", fields);
            AnchorEntry entry = AnchorEntry.of(txId(n, i), record, List.of("batch", "temperature"));
            anchored.add(entry);
            networkEntries.put(entry.txId(), entry.toJson());
            b.add(
                    StageEntryRow.of(
                            entry,
                            "RawMaterialOrg",
                            1_700_000_000_000L + n,
                            chain,
                            n,
                            i,
                            masterTx,
                            n));
            b.add(new ProductRow(tid, n == 0 ? "default" : "other", n));
            b.add(
                    new RawRow(
                            entry.txId(),
                            tid,
                            "RAW_MATERIAL",
                            record.toJson(),
                            record.hashHex(),
                            record.hashHex()));
        }
        String root =
                BlockSummary.build(chain, n, hash("slave", n), anchored, BloomParams.DEFAULT)
                        .merkleRootHex();
        networkRoots.put(chain + "/" + n, root);
        b.add(new AnchorRow(chain, n, n, hash("slave", n), root, entries, masterTx, n));
        b.add(
                new RejectedRow(
                        txId(n, 99),
                        chain,
                        n,
                        entries,
                        tid(0),
                        "LOGISTICS",
                        "STAGE_WRONG_CHAIN",
                        "entry " + entries + ": stage LOGISTICS is not mapped to " + chain,
                        masterTx));
        b.add(new EdgeRow(tid(0), tid(1), n == 0 ? "inputs" : "children", masterTx, txId(n, 0)));
        b.add(
                new DeviceRow(
                        master,
                        "furnace-" + id,
                        n == 0 ? "ACTIVE" : "REVOKED",
                        "f".repeat(64),
                        "PEM",
                        n));
        b.add(new GovernanceRow(hash("gov", n), n, "ApproveChange-" + id, "[\"" + n + "\"]"));
        return b.build();
    }

    private String tid(int i) {
        return "TID-" + id + "-" + i;
    }

    private String txId(long block, int i) {
        return hash("stx", block * 1000 + i);
    }

    private String hash(String what, long n) {
        return Sha256.hex((id + "/" + what + "/" + n).getBytes(StandardCharsets.UTF_8));
    }

    // ---- looking into the tables ----

    private void sql(String statement) throws SQLException {
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }

    private int count(String table, String column, String value) throws SQLException {
        return rows(table, column, value).size();
    }

    /** The rows of {@code table} whose {@code column} is {@code value}, every column as text. */
    private List<List<String>> rows(String table, String column, String value) throws SQLException {
        return select(
                "SELECT * FROM "
                        + table
                        + " WHERE "
                        + column
                        + " = '"
                        + value
                        + "' ORDER BY "
                        + TABLES.get(table));
    }

    /** Every table's rows that belong to this test, in key order. */
    private Map<String, List<List<String>>> dump() throws SQLException {
        Map<String, List<List<String>>> out = new TreeMap<>();
        for (Map.Entry<String, String> t : TABLES.entrySet()) {
            List<List<String>> mine = new ArrayList<>();
            // stage_fields names no tid: its rows come with their entry's
            String query =
                    t.getKey().equals("stage_fields")
                            ? "SELECT e.tid, f.* FROM stage_fields f LEFT JOIN stage_entries e"
                                    + " ON e.slave_tx_id = f.slave_tx_id ORDER BY f.slave_tx_id, f.name"
                            : "SELECT * FROM " + t.getKey() + " ORDER BY " + t.getValue();
            for (List<String> row : select(query)) {
                // every table has a column that carries the test's id: a channel, chain or tid
                if (row.stream().anyMatch(v -> v != null && v.contains(id))) {
                    mine.add(row);
                }
            }
            out.put(t.getKey(), mine);
        }
        return out;
    }

    private List<List<String>> select(String query) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
