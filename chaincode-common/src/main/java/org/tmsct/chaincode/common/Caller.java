package org.tmsct.chaincode.common;

/**
 * Who submitted the transaction, as the contract sees it.
 *
 * @param mspId the submitter's MSP
 * @param admin true if its certificate carries the admin NodeOU
 * @param role the value of its {@code tmsct.role} certificate attribute, or null
 */
public record Caller(String mspId, boolean admin, String role) {

    /** The attribute that marks an anchor node's identity. */
    public static final String ROLE_ATTRIBUTE = "tmsct.role";

    public static final String RELAY_ROLE = "relay";

    public boolean isRelay() {
        return RELAY_ROLE.equals(role);
    }
}
