package org.tmsct.chaincode.fabric;

import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.core.protocol.Refusal;
import org.tmsct.core.record.RecordFormatException;

/**
 * The plumbing every contract function shares: the transaction's facts, and errors a client can
 * read.
 */
public final class ContractCalls {

    /** Error code of an unexpected failure inside a contract. */
    public static final String INTERNAL = ErrorCode.INTERNAL.name();

    private ContractCalls() {}

    /** Who calls, in which transaction, on which channel, at the transaction's own timestamp. */
    public static Tx tx(final Context ctx) {
        ChaincodeStub stub = ctx.getStub();
        return new Tx(
                stub.getTxId(),
                stub.getTxTimestamp().toEpochMilli(),
                stub.getChannelId(),
                Callers.of(ctx.getClientIdentity()));
    }

    /**
     * Builds the domain services over this transaction's state, runs one call, and turns its
     * refusals into chaincode errors. The message is {@code "<CODE>: <text>"} ({@link Refusal}),
     * because a gateway client sees only the endorsers' messages; the payload repeats the code.
     */
    public static <D> String run(
            final Context ctx,
            final String contractName,
            final Function<ChaincodeStub, D> domain,
            final Function<D, String> call) {
        try {
            return call.apply(domain.apply(ctx.getStub()));
        } catch (ContractError e) {
            throw refusal(e.code(), e.getMessage());
        } catch (RecordFormatException e) {
            throw refusal(Json.BAD_REQUEST, e.getMessage());
        } catch (ChaincodeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw refusal(INTERNAL, "internal error in the " + contractName + " contract: " + e);
        }
    }

    /** The one place a refusal is put into the form clients parse. */
    public static ChaincodeException refusal(final String code, final String message) {
        return new ChaincodeException(Refusal.format(code, message), code);
    }
}
