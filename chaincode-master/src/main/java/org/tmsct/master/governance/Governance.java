package org.tmsct.master.governance;

import org.tmsct.chaincode.common.Caller;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.master.common.ErrorCodes;

/** Who may change the consortium's settings. */
final class Governance {

    private Governance() {}

    /**
     * Any member organisation's admin may propose a change; the master channel's MAJORITY
     * endorsement policy is what makes it a consortium decision (one org's peers alone cannot
     * endorse it), and the channel's Writers policy keeps non-members out.
     */
    static void requireAdmin(Caller caller, String action) {
        if (!caller.admin()) {
            throw new ContractError(
                    ErrorCodes.NOT_ADMIN,
                    "only an organisation admin may "
                            + action
                            + "; the caller from "
                            + caller.mspId()
                            + " is not an admin");
        }
    }
}
