package org.tmsct.chaincode.common;

import org.tmsct.core.protocol.ErrorCode;

/**
 * A refused request: a short machine-readable code ({@link ErrorCode}) and a message that tells the
 * caller what to do about it.
 */
public final class ContractError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public ContractError(String code, String message) {
        super(message);
        this.code = code;
    }

    public ContractError(ErrorCode code, String message) {
        this(code.name(), message);
    }

    public String code() {
        return code;
    }
}
