package org.tmsct.master.governance;

import org.tmsct.chaincode.common.Caller;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.master.common.ErrorCodes;

/** Who may take part in the consortium's decisions. */
final class Governance {

    private Governance() {}

    /**
     * An admin (NodeOU admin) of a member organisation. Peers endorse whatever the contract
     * accepts, so MAJORITY endorsement alone does not make a decision collective: the approvals
     * counted by {@link Proposals} do.
     */
    static void requireMemberAdmin(Members members, Caller caller, String action) {
        if (!caller.admin()) {
            throw new ContractError(
                    ErrorCodes.NOT_ADMIN,
                    "only an organisation admin may "
                            + action
                            + "; the caller from "
                            + caller.mspId()
                            + " is not an admin");
        }
        members.requireMember(caller.mspId(), action);
    }
}
