package org.tmsct.mirror.blocks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.Block;
import org.tmsct.core.protocol.StateKeys;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.gateway.block.ChaincodeTransactions;
import org.tmsct.gateway.block.ChaincodeTransactions.Invocation;
import org.tmsct.mirror.BlockRows;
import org.tmsct.mirror.BlockRows.AnchorRow;
import org.tmsct.mirror.BlockRows.EdgeRow;
import org.tmsct.mirror.BlockRows.GovernanceRow;
import org.tmsct.mirror.BlockRows.ProductRow;
import org.tmsct.mirror.BlockRows.RejectedRow;
import org.tmsct.mirror.BlockRows.StageEntryRow;

/**
 * The rows a master block adds, read from what master's contract wrote: each trace entry, anchor
 * record, trace-code summary and genealogy edge in the write set of a valid transaction, so the
 * mirror holds what master's state holds rather than what a client asked for. A valid transaction
 * of any other function that writes (members, proposals, approvals, device revocation reports,
 * recalls) becomes a governance row with its arguments.
 */
public final class MasterBlockRows {

    /** The one function whose writes are anchoring, not governance. */
    static final String ANCHOR_FUNCTION = "AnchorBlock";

    private final String channel;
    private final String chaincode;

    public MasterBlockRows(String channel, String chaincode) {
        this.channel = channel;
        this.chaincode = chaincode;
    }

    /**
     * @throws org.tmsct.gateway.block.BlockReadException if the block cannot be decoded
     * @throws IllegalArgumentException if a write is not what master's contract writes
     */
    public BlockRows rows(Block block) {
        long number = block.getHeader().getNumber();
        BlockRows.Builder rows = BlockPlace.builder(channel, block);
        for (Invocation tx : ChaincodeTransactions.of(block, chaincode)) {
            // sorted, so rows come in key order whatever order the write set has
            for (Map.Entry<String, ByteString> w : new TreeMap<>(tx.writes()).entrySet()) {
                addWrite(rows, tx, number, w.getKey(), w.getValue());
            }
            if (!ANCHOR_FUNCTION.equals(tx.function())
                    && !(tx.writes().isEmpty() && tx.deletes().isEmpty())) {
                rows.add(new GovernanceRow(tx.txId(), number, tx.function(), argsJson(tx.args())));
            }
        }
        return rows.build();
    }

    private static void addWrite(
            BlockRows.Builder rows, Invocation tx, long number, String key, ByteString value) {
        if (key.startsWith(StateKeys.MASTER_ANCHOR_PREFIX)) {
            addAnchor(rows, json(key, value), number);
            return;
        }
        List<String> parts = StateKeys.split(key);
        if (parts.isEmpty()) {
            return;
        }
        switch (parts.get(0)) {
            case StateKeys.MASTER_TRACE -> rows.add(stageEntry(json(key, value), number));
            case StateKeys.MASTER_TID -> {
                JsonObject summary = json(key, value);
                rows.add(
                        new ProductRow(
                                summary.get("tid").getAsString(),
                                summary.get("productType").getAsString(),
                                number));
            }
            case StateKeys.GENEALOGY_DOWN -> {
                JsonObject source = json(key, value);
                rows.add(
                        new EdgeRow(
                                parts.get(1),
                                parts.get(2),
                                source.get("relation").getAsString(),
                                tx.txId(),
                                source.has("slaveTxId")
                                        ? source.get("slaveTxId").getAsString()
                                        : null));
            }
            default -> {
                // indexes, filters, checkpoints and governance state: no table of their own
            }
        }
    }

    /** A trace entry as master wrote it ({@code TraceEntry.toJson}). */
    static StageEntryRow stageEntry(JsonObject e, long masterBlock) {
        return new StageEntryRow(
                e.get("slaveTxId").getAsString(),
                e.get("tid").getAsString(),
                e.get("stage").getAsString(),
                e.get("ownerMsp").getAsString(),
                e.get("txTimestamp").getAsLong(),
                CanonicalJson.canonicalString(e.getAsJsonObject("keyData")),
                e.get("dataHash").getAsString(),
                e.get("slaveChainId").getAsString(),
                e.get("slaveBlockNumber").getAsLong(),
                e.get("entryIndex").getAsInt(),
                e.get("masterTxId").getAsString(),
                masterBlock);
    }

    /** An anchor record as master wrote it ({@code AnchorRecord.toJson}) and its refusals. */
    private static void addAnchor(BlockRows.Builder rows, JsonObject a, long masterBlock) {
        String chain = a.get("slaveChainId").getAsString();
        long blockNumber = a.get("blockNumber").getAsLong();
        String masterTxId = a.get("masterTxId").getAsString();
        rows.add(
                new AnchorRow(
                        chain,
                        blockNumber,
                        a.get("firstBlock").getAsLong(),
                        a.get("blockHash").getAsString(),
                        a.get("merkleRoot").getAsString(),
                        a.get("entryCount").getAsInt(),
                        masterTxId,
                        masterBlock));
        JsonArray rejected = a.has("rejected") ? a.getAsJsonArray("rejected") : new JsonArray();
        for (JsonElement el : rejected) {
            JsonObject r = el.getAsJsonObject();
            rows.add(
                    new RejectedRow(
                            r.get("txId").getAsString(),
                            chain,
                            blockNumber,
                            r.get("entryIndex").getAsInt(),
                            r.get("tid").getAsString(),
                            r.get("stage").getAsString(),
                            r.get("code").getAsString(),
                            r.get("reason").getAsString(),
                            masterTxId));
        }
    }

    private static String argsJson(List<ByteString> args) {
        JsonArray out = new JsonArray();
        args.stream().skip(1).forEach(a -> out.add(a.toStringUtf8()));
        return out.toString();
    }

    static JsonObject json(String key, ByteString value) {
        try {
            return JsonParser.parseString(value.toStringUtf8()).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "the value of " + printable(key) + " is not a JSON object: " + e.getMessage(),
                    e);
        }
    }

    /** A state key with its U+0000 separators shown as '~', for messages. */
    static String printable(String key) {
        return key.replace('\u0000', '~');
    }
}
