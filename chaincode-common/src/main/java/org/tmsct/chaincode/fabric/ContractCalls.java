package org.tmsct.chaincode.fabric;

import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.core.record.RecordFormatException;

/**
 * The plumbing every contract function shares: the transaction's facts, and errors a client can
 * read.
 */
public final class ContractCalls {

    /** Error code of an unexpected failure inside a contract. */
    public static final String INTERNAL = "INTERNAL";

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
     * refusals into chaincode errors with the refusal code as payload.
     */
    public static <D> String run(
            final Context ctx,
            final String contractName,
            final Function<ChaincodeStub, D> domain,
            final Function<D, String> call) {
        try {
            return call.apply(domain.apply(ctx.getStub()));
        } catch (ContractError e) {
            throw new ChaincodeException(e.getMessage(), e.code());
        } catch (RecordFormatException e) {
            throw new ChaincodeException(e.getMessage(), Json.BAD_REQUEST);
        } catch (ChaincodeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ChaincodeException(
                    "internal error in the " + contractName + " contract: " + e, INTERNAL);
        }
    }
}
