package org.tmsct.chaincode.common;

/**
 * A refused request: a short machine-readable code (the chaincode error payload) and a message that
 * tells the caller what to do about it.
 */
public final class ContractError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public ContractError(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
