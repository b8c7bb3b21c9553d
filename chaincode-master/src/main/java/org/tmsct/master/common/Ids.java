package org.tmsct.master.common;

import java.util.regex.Pattern;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.core.record.RecordFormatException;
import org.tmsct.core.record.TraceId;

/** The naming rules of master-chain identifiers, each refusal saying which rule was broken. */
public final class Ids {

    /**
     * Slave chain ids and product types: they end up inside simple state keys, so no separators.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Fabric's channel name rule. */
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9.-]{0,248}");

    private static final Pattern MSP = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private Ids() {}

    /**
     * A slave chain id or product type: 1-64 of A-Z a-z 0-9 . _ - , starting with a letter or
     * digit.
     */
    public static String name(String value, String what) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    what
                            + " \""
                            + shorten(value)
                            + "\" is not valid: use 1-64 letters, "
                            + "digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    public static String channel(String value) {
        if (value == null || !CHANNEL.matcher(value).matches()) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "channel name \""
                            + shorten(value)
                            + "\" is not a valid Fabric channel name (lowercase letters, digits, '.' and '-', starting with a letter)");
        }
        return value;
    }

    public static String msp(String value) {
        if (value == null || !MSP.matcher(value).matches()) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "MSP id \""
                            + shorten(value)
                            + "\" is not valid (1-128 printable ASCII characters)");
        }
        return value;
    }

    public static String tid(String value) {
        try {
            return TraceId.validate(value);
        } catch (RecordFormatException e) {
            throw new ContractError(ErrorCodes.BAD_REQUEST, e.getMessage());
        }
    }

    /** A decimal block number, or -1 for "no bound". */
    public static long blockBound(String value, String what) {
        if (value == null || value.isEmpty() || "-1".equals(value)) {
            return -1;
        }
        if (value.length() > 16 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    what + " must be a block number or -1, got \"" + shorten(value) + "\"");
        }
        return Long.parseLong(value);
    }

    private static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
