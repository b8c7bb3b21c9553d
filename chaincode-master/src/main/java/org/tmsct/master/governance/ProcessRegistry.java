package org.tmsct.master.governance;

import com.google.gson.JsonArray;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.Revision;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.common.Ids;

/**
 * Process definitions per product type (process~productType; the key history keeps every version).
 */
public final class ProcessRegistry {

    static final String PROCESS = "process";

    /** The product type an anchor uses when it names none. */
    public static final String DEFAULT_PRODUCT_TYPE = "default";

    private final StateStore store;
    private final SlaveChainRegistry chains;

    public ProcessRegistry(StateStore store, SlaveChainRegistry chains) {
        this.store = store;
        this.chains = chains;
    }

    /**
     * Defines (or redefines) the process of {@code productType}. Every stage's slave chain must be
     * registered. Redefining with the same stages, transitions and first stages writes nothing.
     * Only an executed governance proposal calls this ({@link Proposals}), which is why it checks
     * no caller.
     */
    public ProcessDefinition define(Tx tx, String productType, String definitionJson) {
        return define(tx, productType, definitionJson, true);
    }

    /** As above; with {@code write} false, only checks and returns what it would write. */
    ProcessDefinition define(Tx tx, String productType, String definitionJson, boolean write) {
        String type = Ids.name(productType, "product type");
        ProcessDefinition.Draft draft = ProcessDefinition.parse(definitionJson);
        for (ProcessDefinition.Stage stage : draft.stages()) {
            Ids.name(stage.slaveChainId(), "slave chain id of stage " + stage.name());
            if (chains.find(stage.slaveChainId()) == null) {
                throw new ContractError(
                        ErrorCodes.UNKNOWN_CHAIN,
                        "stage "
                                + stage.name()
                                + " is mapped to slave chain "
                                + stage.slaveChainId()
                                + ", which is not registered; register it first (a REGISTER_CHAIN proposal)");
            }
        }
        ProcessDefinition current = find(type);
        ProcessDefinition next =
                new ProcessDefinition(
                        type,
                        draft.stages(),
                        draft.transitions(),
                        draft.firstStages(),
                        current == null ? 1 : current.version() + 1,
                        tx.caller().mspId(),
                        tx.txId(),
                        tx.timestampMillis());
        if (next.sameProcess(current)) {
            return current;
        }
        if (write) {
            store.put(key(type), Json.bytes(next.toJson()));
        }
        return next;
    }

    /** The current definition, or UNKNOWN_PRODUCT_TYPE. */
    public ProcessDefinition require(String productType) {
        String type = Ids.name(productType, "product type");
        ProcessDefinition def = find(type);
        if (def == null) {
            throw new ContractError(
                    ErrorCodes.UNKNOWN_PRODUCT_TYPE,
                    "product type "
                            + type
                            + " has no process definition; "
                            + "the members define it with a DEFINE_PROCESS proposal");
        }
        return def;
    }

    public ProcessDefinition find(String productType) {
        byte[] bytes = store.get(key(productType));
        return bytes == null || bytes.length == 0
                ? null
                : ProcessDefinition.fromJson(Json.stored(bytes));
    }

    /** Every version of the definition, oldest first. */
    public JsonArray history(String productType) {
        require(productType);
        JsonArray out = new JsonArray();
        for (Revision r : store.history(key(productType))) {
            if (!r.deleted()) {
                out.add(Json.stored(r.value()));
            }
        }
        return out;
    }

    static String key(String productType) {
        return Keys.composite(PROCESS, productType);
    }
}
