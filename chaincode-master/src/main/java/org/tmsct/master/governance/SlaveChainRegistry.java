package org.tmsct.master.governance;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.KeyValue;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.common.Ids;

/** The registered slave chains (chain~id). */
public final class SlaveChainRegistry {

    static final String CHAIN = "chain";

    /** Blocks per section of the bit-sliced index: a row is 128 bytes. */
    public static final int DEFAULT_SECTION_SIZE = 1024;

    public static final int MAX_SECTION_SIZE = 65_536;

    /**
     * Slave blocks one anchor covers at most, unless the chain's options say otherwise. Each anchor
     * carries the headers of its blocks (about 150 hex characters each), so 256 keep an anchor
     * under 40 KB of headers; a relay anchors a longer run of blocks without records as several
     * range advances.
     */
    public static final int DEFAULT_MAX_RANGE = 256;

    public static final int MAX_MAX_RANGE = 4096;

    /** Keeps a filter (and so one anchor's bloom value) below 128 KiB. */
    public static final int MAX_FILTER_BITS = 1 << 20;

    private static final String OPTIONS = "slave chain options";

    /** Answers whether a chain has anchored anything yet, which freezes its filter shape. */
    public interface AnchorProgress {
        boolean hasAnchors(String chainId);
    }

    private final StateStore store;
    private final AnchorProgress progress;

    public SlaveChainRegistry(StateStore store, AnchorProgress progress) {
        this.store = store;
        this.progress = progress;
    }

    /**
     * Registers (or updates) slave chain {@code id}. {@code optionsJson} may be null or {@code
     * {"mBits":m,"k":k,"sectionSize":s,"maxRange":r}} with any subset of the members; absent ones
     * keep the chain's current value, or the default for a new chain (BloomParams.DEFAULT and
     * {@value #DEFAULT_SECTION_SIZE}, {@value #DEFAULT_MAX_RANGE}). {@code maxRange} may change at
     * any time; it bounds the anchors that come after. Registering with identical settings writes
     * nothing. Once the chain has anchors, its owner and channel never change (OWNER_LOCKED: its
     * anchors were made by that owner's relay from that channel), nor its filter shape and section
     * size (CHAIN_LOCKED: the stored filters and index would no longer match). Only an executed
     * governance proposal calls this ({@link Proposals}), which is why it checks no caller.
     */
    public SlaveChain register(
            Tx tx, String id, String channelName, String ownerMsp, String optionsJson) {
        return register(tx, id, channelName, ownerMsp, optionsJson, true);
    }

    /** As above; with {@code write} false, only checks and returns what it would write. */
    SlaveChain register(
            Tx tx,
            String id,
            String channelName,
            String ownerMsp,
            String optionsJson,
            boolean write) {
        String chainId = Ids.name(id, "slave chain id");
        String channel = Ids.channel(channelName);
        String owner = Ids.msp(ownerMsp);
        SlaveChain current = find(chainId);
        BloomParams params = current == null ? BloomParams.DEFAULT : current.bloomParams();
        int sectionSize = current == null ? DEFAULT_SECTION_SIZE : current.sectionSize();
        int maxRange = current == null ? DEFAULT_MAX_RANGE : current.maxRange();
        if (optionsJson != null && !optionsJson.isBlank()) {
            JsonObject options = Json.requestObject(optionsJson, OPTIONS);
            Json.rejectUnknown(options, OPTIONS, "mBits", "k", "sectionSize", "maxRange");
            if (options.has("maxRange")) {
                maxRange = (int) Json.requireLong(options, "maxRange", 1, MAX_MAX_RANGE, OPTIONS);
            }
            int m =
                    options.has("mBits")
                            ? (int) Json.requireLong(options, "mBits", 8, MAX_FILTER_BITS, OPTIONS)
                            : params.mBits();
            int k =
                    options.has("k")
                            ? (int) Json.requireLong(options, "k", 1, 64, OPTIONS)
                            : params.k();
            params = new BloomParams(m, k);
            if (options.has("sectionSize")) {
                sectionSize =
                        (int)
                                Json.requireLong(
                                        options, "sectionSize", 64, MAX_SECTION_SIZE, OPTIONS);
                if (sectionSize % 64 != 0) {
                    throw new ContractError(
                            ErrorCodes.BAD_REQUEST,
                            OPTIONS + ": sectionSize must be a multiple of 64, got " + sectionSize);
                }
            }
        }
        if (current != null) {
            boolean sameShape =
                    current.bloomParams().equals(params) && current.sectionSize() == sectionSize;
            if (sameShape
                    && current.maxRange() == maxRange
                    && current.channelName().equals(channel)
                    && current.ownerMsp().equals(owner)) {
                return current;
            }
            boolean sameHome =
                    current.channelName().equals(channel) && current.ownerMsp().equals(owner);
            if (!sameHome && progress.hasAnchors(chainId)) {
                throw new ContractError(
                        ErrorCodes.OWNER_LOCKED,
                        "slave chain "
                                + chainId
                                + " already has anchored blocks from channel "
                                + current.channelName()
                                + " owned by "
                                + current.ownerMsp()
                                + ", so its owner and channel never change; register a new chain"
                                + " id instead");
            }
            if (!sameShape && progress.hasAnchors(chainId)) {
                throw new ContractError(
                        ErrorCodes.CHAIN_LOCKED,
                        "slave chain "
                                + chainId
                                + " already has anchored blocks, so its filter "
                                + "shape (m="
                                + current.bloomParams().mBits()
                                + ", k="
                                + current.bloomParams().k()
                                + ", sectionSize="
                                + current.sectionSize()
                                + ") can no longer change; register a new chain id instead");
            }
        }
        SlaveChain chain =
                new SlaveChain(
                        chainId,
                        channel,
                        owner,
                        params,
                        sectionSize,
                        maxRange,
                        current == null ? 1 : current.version() + 1,
                        tx.caller().mspId(),
                        tx.txId(),
                        tx.timestampMillis());
        if (write) {
            store.put(key(chainId), Json.bytes(chain.toJson()));
        }
        return chain;
    }

    /** The chain, or UNKNOWN_CHAIN. */
    public SlaveChain require(String id) {
        String chainId = Ids.name(id, "slave chain id");
        SlaveChain chain = find(chainId);
        if (chain == null) {
            throw new ContractError(
                    ErrorCodes.UNKNOWN_CHAIN,
                    "slave chain "
                            + chainId
                            + " is not registered on the master chain "
                            + "(see GetSlaveChains; the members register it with a REGISTER_CHAIN proposal)");
        }
        return chain;
    }

    public SlaveChain find(String chainId) {
        byte[] bytes = store.get(key(chainId));
        return bytes == null || bytes.length == 0 ? null : SlaveChain.fromJson(Json.stored(bytes));
    }

    /** Every registered chain, sorted by id. */
    public List<SlaveChain> all() {
        List<SlaveChain> out = new ArrayList<>();
        for (KeyValue kv : store.byPrefix(Keys.composite(CHAIN))) {
            out.add(SlaveChain.fromJson(Json.stored(kv.value())));
        }
        return out;
    }

    static String key(String chainId) {
        return Keys.composite(CHAIN, chainId);
    }
}
