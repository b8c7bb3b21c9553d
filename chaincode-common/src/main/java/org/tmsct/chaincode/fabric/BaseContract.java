package org.tmsct.chaincode.fabric;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.tmsct.chaincode.note.Notes;

/**
 * The transactions every TMSCT contract answers besides its own: Ping and the notes.
 *
 * <p>Fabric's router collects a contract's transactions with {@code Class.getMethods()}, so these
 * public methods count as transactions of each subclass (MasterRoutingTest and SlaveRoutingTest
 * prove it). Their refusals carry no payload, unlike the domain refusals that go through {@link
 * ContractCalls#run}.
 */
public abstract class BaseContract implements ContractInterface {

    private final String chaincodeName;

    /**
     * @param chaincodeName the name Ping answers with, e.g. chaincode-master
     */
    protected BaseContract(final String chaincodeName) {
        this.chaincodeName = chaincodeName;
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public final String Ping(final Context ctx) {
        return chaincodeName + " on " + ctx.getStub().getChannelId();
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public final void PutNote(final Context ctx, final String key, final String value) {
        if (key == null || key.isBlank()) {
            throw new ChaincodeException("note key must not be empty");
        }
        notes(ctx).put(key, value);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public final String GetNote(final Context ctx, final String key) {
        return notes(ctx)
                .get(key)
                .orElseThrow(
                        () ->
                                new ChaincodeException(
                                        "no note '"
                                                + key
                                                + "' on channel "
                                                + ctx.getStub().getChannelId()));
    }

    private static Notes notes(final Context ctx) {
        return new Notes(new FabricStateStore(ctx.getStub()));
    }
}
