package org.tmsct.master.anchor;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.core.bloom.BloomFilter;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.RecordFormatException;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.common.Ids;
import org.tmsct.master.governance.ProcessRegistry;

/**
 * A parsed AnchorBlock document: {@code
 * {"slaveChainId","productType"?,"firstBlock","blockNumber","blockHash","entries":[AnchorEntry...],
 * "merkleRoot","bloomFilter", "headers","ordererSignatures","signerIdentities"?,"entryBlocks"?,
 * "attestations"?}} (headers to entryBlocks: {@link RangeProof}; attestations: {@link
 * AnchorAttestations}). Parsing checks form only; {@link AnchorService} checks meaning.
 */
public record AnchorRequest(
        String slaveChainId,
        String productType,
        long firstBlock,
        long blockNumber,
        String blockHash,
        List<AnchorEntry> entries,
        String merkleRoot,
        BloomFilter bloomFilter,
        RangeProof rangeProof) {

    /** Far above what a slave block holds with the default filter (sized for 1000 entries). */
    public static final int MAX_ENTRIES = 10_000;

    private static final String DOC = "anchor";

    public static AnchorRequest parse(String json) {
        JsonObject o = Json.requestObject(json, DOC);
        Json.rejectUnknown(
                o,
                DOC,
                "slaveChainId",
                "productType",
                "firstBlock",
                "blockNumber",
                "blockHash",
                "entries",
                "merkleRoot",
                "bloomFilter",
                // bounded anchors: RangeProof
                "headers",
                "ordererSignatures",
                "signerIdentities",
                "entryBlocks",
                AnchorAttestations.MEMBER);
        String chain = Ids.name(Json.requireString(o, "slaveChainId", DOC), "slave chain id");
        String productType =
                o.has("productType") && !o.get("productType").isJsonNull()
                        ? Ids.name(Json.requireString(o, "productType", DOC), "product type")
                        : ProcessRegistry.DEFAULT_PRODUCT_TYPE;
        long first = Json.requireLong(o, "firstBlock", 0, AnchorLedger.MAX_BLOCK, DOC);
        long number = Json.requireLong(o, "blockNumber", 0, AnchorLedger.MAX_BLOCK, DOC);
        if (first > number) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    DOC + ": firstBlock " + first + " is after blockNumber " + number);
        }
        String blockHash = lowerHex(Json.requireString(o, "blockHash", DOC), "blockHash");
        String root = lowerHex(Json.requireString(o, "merkleRoot", DOC), "merkleRoot");
        BloomFilter filter;
        try {
            filter = BloomFilter.fromBase64(Json.requireString(o, "bloomFilter", DOC));
        } catch (ContractError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST, DOC + ": field \"bloomFilter\": " + e.getMessage());
        }
        JsonElement entriesValue = o.get("entries");
        if (entriesValue == null || !entriesValue.isJsonArray()) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    DOC + ": \"entries\" must be an array of anchor entries (it may be empty)");
        }
        JsonArray array = entriesValue.getAsJsonArray();
        if (array.size() > MAX_ENTRIES) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    DOC
                            + ": "
                            + array.size()
                            + " entries, more than the maximum of "
                            + MAX_ENTRIES);
        }
        List<AnchorEntry> entries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isJsonObject()) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST, DOC + ": entry " + i + " must be a JSON object");
            }
            try {
                entries.add(AnchorEntry.fromJson(array.get(i).getAsJsonObject()));
            } catch (RecordFormatException e) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST, DOC + ": entry " + i + ": " + e.getMessage());
            }
        }
        return new AnchorRequest(
                chain,
                productType,
                first,
                number,
                blockHash,
                entries,
                root,
                filter,
                RangeProof.parse(o, DOC));
    }

    private static String lowerHex(String value, String field) {
        if (!Hex.isLowerHex(value, Sha256.LENGTH)) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    DOC + ": \"" + field + "\" must be 64 lowercase hex characters (SHA-256)");
        }
        return value;
    }
}
