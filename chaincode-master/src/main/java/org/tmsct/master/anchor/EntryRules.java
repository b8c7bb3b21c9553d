package org.tmsct.master.anchor;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.governance.ProcessDefinition;

/**
 * The rules one anchor entry must meet on its own, whatever else is in its block: its stage is in
 * the process and belongs to the anchoring chain, it shares only the stage's key fields, its TID
 * stays in one process, and an earlier stage of the TID is anchored, or of a lot it was made from
 * (a frame batch first recorded at PROCESSING inherits its aluminium lots' earlier stages).
 * AnchorBlock rejects a failing entry alone; CheckStage answers the same question for a slave
 * contract before it records.
 */
public final class EntryRules {

    private EntryRules() {}

    /**
     * The refusal of one entry, or null if it may be anchored.
     *
     * @param known the TID as master knows it, including accepted entries earlier in the same
     *     anchor; null if it has none
     * @param inherited the stages of the lots the entry names as inputs or children
     */
    public static ContractError check(
            ProcessDefinition process,
            String chainId,
            String tid,
            String stageName,
            Set<String> keyFields,
            TidSummary known,
            SortedSet<String> inherited) {
        ProcessDefinition.Stage stage = process.stage(stageName);
        if (stage == null) {
            return new ContractError(
                    ErrorCodes.STAGE_NOT_IN_PROCESS,
                    "stage "
                            + stageName
                            + " is not a stage of process "
                            + process.productType()
                            + " "
                            + process.stageNames());
        }
        if (!stage.slaveChainId().equals(chainId)) {
            return new ContractError(
                    ErrorCodes.STAGE_WRONG_CHAIN,
                    "stage "
                            + stageName
                            + " belongs to slave chain "
                            + stage.slaveChainId()
                            + " in process "
                            + process.productType()
                            + ", not to "
                            + chainId);
        }
        for (String field : keyFields) {
            if (!stage.keyFields().contains(field)) {
                return new ContractError(
                        ErrorCodes.FIELDS_NOT_ALLOWED,
                        "key data field \""
                                + field
                                + "\" may not be shared by stage "
                                + stage.name()
                                + " (allowed: "
                                + stage.keyFields()
                                + ")");
            }
        }
        if (known != null && !known.productType().equals(process.productType())) {
            return new ContractError(
                    ErrorCodes.TID_PRODUCT_MISMATCH,
                    "TID "
                            + tid
                            + " follows process "
                            + known.productType()
                            + ", but this anchor is for "
                            + process.productType());
        }
        if (!process.isFirstStage(stage.name())) {
            SortedSet<String> before = process.predecessors(stage.name());
            SortedSet<String> seen = new TreeSet<>(inherited);
            if (known != null) {
                seen.addAll(known.stages());
            }
            // a stage the TID has reached already (perhaps through its inputs) may repeat
            if (before.stream().noneMatch(seen::contains) && !seen.contains(stage.name())) {
                return new ContractError(
                        ErrorCodes.STAGE_OUT_OF_ORDER,
                        "stage "
                                + stage.name()
                                + " of TID "
                                + tid
                                + " needs one of "
                                + before
                                + " first, but the TID has "
                                + (seen.isEmpty() ? "no anchored stage yet" : seen));
            }
        }
        return null;
    }
}
