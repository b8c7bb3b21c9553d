package org.tmsct.mirror;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.tmsct.core.merkle.MerkleTree;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.RecordFormatException;

/**
 * Proves the mirror against master: for every anchor row it rebuilds the anchor's entries from
 * {@code stage_entries} (in leaf order) as {@link AnchorEntry} objects, recomputes their Merkle
 * root as master does ({@code BlockSummary.build}: RFC 6962 over each entry's canonical JSON), and
 * compares it with the anchor row's {@code merkle_root} and with the root the network holds.
 *
 * <p>When an anchor does not match and an {@link EntrySource} was given, each of its rows is
 * compared column by column with the entry master holds, so the report names the row and the column
 * that differ.
 */
public final class MirrorVerifier {

    /** The network's root of an anchored block: master's GetAnchor or Proof answer. */
    @FunctionalInterface
    public interface RootSource {
        /** The Merkle root (lowercase hex) master holds for the anchor, or null if none. */
        String merkleRoot(String slaveChainId, long blockNumber) throws Exception;
    }

    /** The entry master holds: the {@code entry} of its Proof answer. */
    @FunctionalInterface
    public interface EntrySource {
        /** The AnchorEntry JSON master holds for the slave transaction, or null if none. */
        String entryJson(String slaveChainId, long blockNumber, String slaveTxId) throws Exception;
    }

    public enum Status {
        /** The rows give the anchor row's root and the network's. */
        OK,
        /** A root, the count or a row does not match. */
        MISMATCH,
        /** The rows match the anchor row, but the network's root could not be read. */
        UNKNOWN
    }

    /** A row that differs; {@code column} is null when the row as a whole is wrong. */
    public record RowProblem(String slaveTxId, String column, String detail) {}

    /** The outcome for one anchor; the roots are null where they could not be had. */
    public record AnchorCheck(
            String slaveChainId,
            long blockNumber,
            Status status,
            int entryCount,
            int rows,
            String storedRoot,
            String computedRoot,
            String networkRoot,
            List<String> problems,
            List<RowProblem> rowProblems) {

        public AnchorCheck {
            problems = List.copyOf(problems);
            rowProblems = List.copyOf(rowProblems);
        }

        public boolean ok() {
            return status == Status.OK;
        }
    }

    /** Every anchor checked, in (slave chain, block) order. */
    public record Report(List<AnchorCheck> anchors) {

        public Report {
            anchors = List.copyOf(anchors);
        }

        public boolean ok() {
            return anchors.stream().allMatch(AnchorCheck::ok);
        }

        public List<AnchorCheck> failed() {
            return anchors.stream().filter(a -> !a.ok()).toList();
        }
    }

    private final MirrorDb db;
    private final RootSource roots;
    private final EntrySource entries;

    /**
     * @param entries where to compare the rows of a mismatching anchor; null to only report the
     *     mismatch
     */
    public MirrorVerifier(MirrorDb db, RootSource roots, EntrySource entries) {
        this.db = Objects.requireNonNull(db, "db");
        this.roots = Objects.requireNonNull(roots, "roots");
        this.entries = entries;
    }

    /** Checks every anchor in the mirror. */
    public Report verifyAll() throws SQLException {
        return verify(null);
    }

    /** Checks every anchor of one slave chain. */
    public Report verifyChain(String slaveChainId) throws SQLException {
        return verify(Objects.requireNonNull(slaveChainId, "slaveChainId"));
    }

    private Report verify(String chain) throws SQLException {
        String sql =
                "SELECT slave_chain_id, block_number, merkle_root, entry_count, master_tx_id,"
                        + " master_block FROM anchors"
                        + (chain == null ? "" : " WHERE slave_chain_id = ?")
                        + " ORDER BY slave_chain_id, block_number";
        List<AnchorCheck> checks = new ArrayList<>();
        try (Connection c = db.connect()) {
            List<Anchor> anchors = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (chain != null) {
                    ps.setString(1, chain);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        anchors.add(
                                new Anchor(
                                        rs.getString(1),
                                        rs.getLong(2),
                                        rs.getString(3),
                                        rs.getInt(4),
                                        rs.getString(5),
                                        rs.getLong(6)));
                    }
                }
            }
            for (Anchor a : anchors) {
                checks.add(check(a, readRows(c, a)));
            }
        }
        return new Report(checks);
    }

    private AnchorCheck check(Anchor a, List<Row> rows) {
        List<String> problems = new ArrayList<>();
        List<RowProblem> rowProblems = new ArrayList<>();
        if (rows.size() != a.entryCount) {
            problems.add(
                    "the anchor counts "
                            + a.entryCount
                            + " entries but the mirror holds "
                            + rows.size()
                            + " rows");
        }
        List<byte[]> leaves = new ArrayList<>();
        boolean buildable = true;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.entryIndex != i) {
                rowProblems.add(
                        new RowProblem(
                                r.slaveTxId,
                                "entry_index",
                                "is " + r.entryIndex + " at leaf position " + i));
            }
            // columns the root does not cover, but the anchor does
            if (!a.masterTxId.equals(r.masterTxId)) {
                rowProblems.add(
                        new RowProblem(
                                r.slaveTxId,
                                "master_tx_id",
                                "is " + r.masterTxId + ", the anchor's is " + a.masterTxId));
            }
            if (a.masterBlock != r.masterBlock) {
                rowProblems.add(
                        new RowProblem(
                                r.slaveTxId,
                                "master_block",
                                "is " + r.masterBlock + ", the anchor's is " + a.masterBlock));
            }
            try {
                leaves.add(r.toEntry().leafBytes());
            } catch (RecordFormatException e) {
                rowProblems.add(
                        new RowProblem(r.slaveTxId, null, "is no anchor entry: " + e.getMessage()));
                buildable = false;
            }
        }
        String computed = buildable ? MerkleTree.build(leaves).rootHex() : null;
        if (computed == null) {
            problems.add("the root cannot be recomputed from the rows");
        } else if (!computed.equals(a.merkleRoot)) {
            problems.add(
                    "the rows give root " + computed + ", the anchor row holds " + a.merkleRoot);
        }

        String network = null;
        String unreadable = null;
        try {
            network = roots.merkleRoot(a.slaveChainId, a.blockNumber);
            if (network == null) {
                problems.add("master holds no anchor for the block");
            } else if (!network.equals(computed)) {
                problems.add("master holds root " + network);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            unreadable = "master's root could not be read: " + e.getMessage();
        }

        Status status;
        if (!problems.isEmpty() || !rowProblems.isEmpty()) {
            status = Status.MISMATCH;
            if (entries != null) {
                rows.forEach(r -> compareWithMaster(a, r, rowProblems));
            }
        } else {
            status = unreadable == null ? Status.OK : Status.UNKNOWN;
        }
        if (unreadable != null) {
            problems.add(unreadable);
        }
        return new AnchorCheck(
                a.slaveChainId,
                a.blockNumber,
                status,
                a.entryCount,
                rows.size(),
                a.merkleRoot,
                computed,
                network,
                problems,
                rowProblems);
    }

    /** Names the columns of {@code row} that differ from the entry master holds. */
    private void compareWithMaster(Anchor a, Row row, List<RowProblem> out) {
        AnchorEntry held;
        try {
            String json = entries.entryJson(a.slaveChainId, a.blockNumber, row.slaveTxId);
            if (json == null) {
                out.add(new RowProblem(row.slaveTxId, null, "master holds no such entry"));
                return;
            }
            held = AnchorEntry.fromJson(json);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            out.add(
                    new RowProblem(
                            row.slaveTxId,
                            null,
                            "master's entry could not be read: " + e.getMessage()));
            return;
        }
        differs(out, row, "slave_tx_id", row.slaveTxId, held.txId());
        differs(out, row, "tid", row.tid, held.tid());
        differs(out, row, "stage", row.stage, held.stage());
        String keyData = CanonicalJson.canonicalString(held.toJsonObject().get("keyData"));
        differs(out, row, "key_data", canonicalOrRaw(row.keyData), keyData);
        differs(out, row, "data_hash", row.dataHash, held.dataHash());
    }

    private static void differs(
            List<RowProblem> out, Row row, String column, String mine, String masters) {
        if (!Objects.equals(mine, masters)) {
            out.add(
                    new RowProblem(
                            row.slaveTxId, column, "is " + mine + ", master's is " + masters));
        }
    }

    private static String canonicalOrRaw(String json) {
        try {
            return CanonicalJson.canonicalString(CanonicalJson.parse(json));
        } catch (RecordFormatException e) {
            return json;
        }
    }

    private static List<Row> readRows(Connection c, Anchor a) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT slave_tx_id, tid, stage, key_data, data_hash, entry_index,"
                                + " master_tx_id, master_block FROM stage_entries"
                                + " WHERE slave_chain_id = ? AND slave_block_number = ?"
                                + " ORDER BY entry_index")) {
            ps.setString(1, a.slaveChainId);
            ps.setLong(2, a.blockNumber);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(
                            new Row(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getInt(6),
                                    rs.getString(7),
                                    rs.getLong(8)));
                }
            }
        }
        return rows;
    }

    private record Anchor(
            String slaveChainId,
            long blockNumber,
            String merkleRoot,
            int entryCount,
            String masterTxId,
            long masterBlock) {}

    private record Row(
            String slaveTxId,
            String tid,
            String stage,
            String keyData,
            String dataHash,
            int entryIndex,
            String masterTxId,
            long masterBlock) {

        /** The anchor entry the row stands for; throws if its columns cannot form one. */
        AnchorEntry toEntry() {
            JsonElement kd = CanonicalJson.parse(keyData);
            if (!kd.isJsonObject()) {
                throw new RecordFormatException("key_data is not a JSON object");
            }
            Map<String, JsonElement> map = new TreeMap<>();
            for (Map.Entry<String, JsonElement> e : ((JsonObject) kd).entrySet()) {
                map.put(e.getKey(), e.getValue());
            }
            return new AnchorEntry(slaveTxId, tid, stage, map, dataHash);
        }
    }
}
