package org.tmsct.master.governance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.stream.Stream;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.master.common.ErrorCodes;

/** What a governance proposal may change, and the members each kind's change document has. */
public enum ChangeKind {
    /** {id, channelName, ownerMsp, options?}: register a slave chain or change its registration. */
    REGISTER_CHAIN(new String[] {"id", "channelName", "ownerMsp"}, "options"),
    /** {id, options}: change a registered chain's Bloom filter shape and index section size. */
    CHAIN_OPTIONS(new String[] {"id", "options"}),
    /** {productType, definition}: define or redefine a product type's process. */
    DEFINE_PROCESS(new String[] {"productType", "definition"}),
    /** {msp, certificates[pem]}: the CA certificates a member organisation's devices chain to. */
    DEVICE_CA_ROOTS(new String[] {"msp", "certificates"}),
    /**
     * {msp, certificates[pem]}: the CA certificates of an orderer organisation, whose orderers'
     * signatures on slave block headers bound every anchor.
     */
    ORDERER_CA_ROOTS(new String[] {"msp", "certificates"}),
    /** {msps}: the member organisations themselves. */
    SET_MEMBERS(new String[] {"msps"});

    private final String[] required;
    private final String[] allowed;

    ChangeKind(String[] required, String... optional) {
        this.required = required;
        this.allowed =
                Stream.concat(Arrays.stream(required), Arrays.stream(optional))
                        .toArray(String[]::new);
    }

    public static ChangeKind parse(String kind) {
        for (ChangeKind k : values()) {
            if (k.name().equals(kind)) {
                return k;
            }
        }
        throw new ContractError(
                ErrorCodes.BAD_REQUEST,
                "unknown change kind \""
                        + (kind == null ? "null" : kind)
                        + "\"; use one of "
                        + Arrays.toString(values()));
    }

    /** The change document: a JSON object with exactly this kind's members. */
    JsonObject document(String changeJson) {
        String doc = name() + " change";
        JsonObject change = Json.requestObject(changeJson, doc);
        Json.rejectUnknown(change, doc, allowed);
        for (String member : required) {
            JsonElement value = change.get(member);
            if (value == null || value.isJsonNull()) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST, doc + ": \"" + member + "\" is required");
            }
        }
        return change;
    }
}
