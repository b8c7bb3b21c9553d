package org.tmsct.master.anchor;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.core.hash.Hex;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.governance.SlaveChainRegistry;

/**
 * The part of an AnchorBlock document that ties its range to real slave blocks (top-level members,
 * each optional in form; {@link AnchorService} refuses an anchor without them):
 *
 * <ul>
 *   <li>{@code headers}: the serialized {@code common.BlockHeader} of every block {@code
 *       firstBlock..blockNumber}, lowercase hex, in block order;
 *   <li>{@code ordererSignatures}: the serialized {@code common.Metadata} at the SIGNATURES index
 *       of block {@code blockNumber}'s metadata, lowercase hex;
 *   <li>{@code signerIdentities}: for BFT signatures that name a consenter id instead of carrying
 *       the signer, {@code {"<consenter id>": hex of the msp.SerializedIdentity}};
 *   <li>{@code entryBlocks}: the block number of each entry, in entry order (default: every entry
 *       in block {@code blockNumber}).
 * </ul>
 */
public record RangeProof(
        List<byte[]> headers,
        byte[] ordererSignatures,
        Map<Long, byte[]> signerIdentities,
        List<Long> entryBlocks) {

    /** The document members this part reads. */
    static final String[] MEMBERS = {
        "headers", "ordererSignatures", "signerIdentities", "entryBlocks"
    };

    /** No chain allows more blocks per anchor, so parsing is bounded before the range check. */
    static final int MAX_HEADERS = SlaveChainRegistry.MAX_MAX_RANGE;

    static final int MAX_IDENTITIES = 64;
    static final int MAX_IDENTITY_HEX = 16 * 1024;

    static RangeProof parse(JsonObject o, String doc) {
        List<byte[]> headers = new ArrayList<>();
        JsonElement h = o.get("headers");
        if (h != null && !h.isJsonNull()) {
            if (!h.isJsonArray() || h.getAsJsonArray().size() > MAX_HEADERS) {
                throw bad(doc, "\"headers\" must be an array of hex strings (one per block)");
            }
            JsonArray array = h.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                headers.add(
                        hex(
                                array.get(i),
                                doc,
                                "headers[" + i + "]",
                                2 * SlaveHeaders.MAX_HEADER_BYTES));
            }
        }
        byte[] signatures = null;
        JsonElement s = o.get("ordererSignatures");
        if (s != null && !s.isJsonNull()) {
            signatures = hex(s, doc, "ordererSignatures", 2 * SlaveHeaders.MAX_SIGNATURE_BYTES);
        }
        Map<Long, byte[]> identities = new TreeMap<>();
        JsonElement ids = o.get("signerIdentities");
        if (ids != null && !ids.isJsonNull()) {
            if (!ids.isJsonObject() || ids.getAsJsonObject().size() > MAX_IDENTITIES) {
                throw bad(
                        doc,
                        "\"signerIdentities\" must be an object of at most "
                                + MAX_IDENTITIES
                                + " consenter ids to hex identities");
            }
            for (Map.Entry<String, JsonElement> e : ids.getAsJsonObject().entrySet()) {
                if (!e.getKey().matches("[0-9]{1,10}")) {
                    throw bad(
                            doc, "signerIdentities: \"" + e.getKey() + "\" is not a consenter id");
                }
                identities.put(
                        Long.parseLong(e.getKey()),
                        hex(e.getValue(), doc, "signerIdentities." + e.getKey(), MAX_IDENTITY_HEX));
            }
        }
        List<Long> entryBlocks = null;
        JsonElement eb = o.get("entryBlocks");
        if (eb != null && !eb.isJsonNull()) {
            if (!eb.isJsonArray() || eb.getAsJsonArray().size() > AnchorRequest.MAX_ENTRIES) {
                throw bad(doc, "\"entryBlocks\" must be an array of block numbers");
            }
            entryBlocks = new ArrayList<>();
            for (JsonElement e : eb.getAsJsonArray()) {
                if (!e.isJsonPrimitive()
                        || !e.getAsJsonPrimitive().isNumber()
                        || !e.getAsString().matches("[0-9]{1,16}")) {
                    throw bad(doc, "\"entryBlocks\" must hold block numbers, got " + e);
                }
                entryBlocks.add(e.getAsLong());
            }
        }
        return new RangeProof(headers, signatures, identities, entryBlocks);
    }

    private static byte[] hex(JsonElement value, String doc, String field, int maxChars) {
        if (value == null
                || !value.isJsonPrimitive()
                || !value.getAsJsonPrimitive().isString()
                || value.getAsString().length() > maxChars
                || !value.getAsString().matches("([0-9a-f]{2})*")) {
            throw bad(
                    doc,
                    "\""
                            + field
                            + "\" must be lowercase hex of at most "
                            + maxChars
                            + " characters");
        }
        return Hex.decode(value.getAsString());
    }

    private static ContractError bad(String doc, String why) {
        return new ContractError(ErrorCodes.BAD_REQUEST, doc + ": " + why);
    }
}
