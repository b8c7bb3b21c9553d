package org.tmsct.mirror.follow;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.gateway.GatewayErrors;
import org.tmsct.mirror.MirrorVerifier;

/**
 * What master holds, for {@code tmsct mirror verify}: an anchor's Merkle root (GetAnchor) and an
 * anchored entry (the entry of its Proof), read by evaluate on the organisation's peer.
 */
public final class MasterRoots implements MirrorVerifier.RootSource, MirrorVerifier.EntrySource {

    private final Supplier<Contract> master;

    public MasterRoots(Supplier<Contract> master) {
        this.master = master;
    }

    @Override
    public String merkleRoot(String slaveChainId, long blockNumber) throws Exception {
        return evaluate("GetAnchor", slaveChainId, Long.toString(blockNumber))
                .map(a -> a.get("merkleRoot").getAsString())
                .orElse(null);
    }

    @Override
    public String entryJson(String slaveChainId, long blockNumber, String slaveTxId)
            throws Exception {
        return evaluate("Proof", slaveChainId, Long.toString(blockNumber), slaveTxId)
                .map(p -> p.getAsJsonObject("entry").toString())
                .orElse(null);
    }

    /** The answer, or empty if master says there is no such anchor or entry. */
    private Optional<JsonObject> evaluate(String function, String... args) throws Exception {
        try {
            byte[] answer = master.get().evaluateTransaction(function, args);
            return Optional.of(
                    JsonParser.parseString(new String(answer, StandardCharsets.UTF_8))
                            .getAsJsonObject());
        } catch (GatewayException e) {
            Optional<String> code = GatewayErrors.refusalCode(e);
            if (code.isPresent()
                    && (code.get().equals(ErrorCode.NOT_ANCHORED.name())
                            || code.get().equals(ErrorCode.TX_NOT_IN_BLOCK.name())
                            || code.get().equals(ErrorCode.UNKNOWN_CHAIN.name()))) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
