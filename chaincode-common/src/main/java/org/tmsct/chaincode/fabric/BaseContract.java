package org.tmsct.chaincode.fabric;

import static org.tmsct.chaincode.fabric.FabricPrivateStore.implicitCollection;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.note.Notes;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.core.protocol.TransientKeys;

/**
 * The transactions every TMSCT contract answers besides its own: Ping and the notes (public, and
 * private in the caller's implicit collection).
 *
 * <p>Fabric's router collects a contract's transactions with {@code Class.getMethods()}, so these
 * public methods count as transactions of each subclass (MasterRoutingTest and SlaveRoutingTest
 * prove it). Their refusals carry no payload, unlike the domain refusals that go through {@link
 * ContractCalls#run}, except PutNote's, which carry the {@link Notes} codes.
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

    /**
     * Writes a note as the caller's organisation: members only, size-limited, and never over
     * another organisation's note ({@link Notes}).
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public final void PutNote(final Context ctx, final String key, final String value) {
        String msp = Callers.of(ctx.getClientIdentity()).mspId();
        putNote(ctx, msp, new FabricStateStore(ctx.getStub()), key, () -> value);
    }

    /**
     * The private-data design of the benchmarks' comparison: the note (transient key {@link
     * TransientKeys#NOTE}) goes into the caller's organisation's implicit collection, so only that
     * organisation's peers keep it and the channel's blocks carry its hash. PutNote's rules apply.
     * Fabric validates the write against the organisation's own endorsement policy.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public final void PutPrivateNote(final Context ctx, final String key) {
        String msp = Callers.of(ctx.getClientIdentity()).mspId();
        putNote(
                ctx,
                msp,
                new FabricPrivateStore(ctx.getStub(), implicitCollection(msp)),
                key,
                () -> {
                    byte[] value = ctx.getStub().getTransient().get(TransientKeys.NOTE);
                    if (value == null) {
                        throw new ContractError(
                                Json.BAD_REQUEST,
                                "PutPrivateNote takes the note as transient data '"
                                        + TransientKeys.NOTE
                                        + "'");
                    }
                    return new String(value, StandardCharsets.UTF_8);
                });
    }

    /**
     * Writes {@code value} (read inside the call, so its refusal is one too) under {@code key} in
     * {@code store} as {@code msp}, with the refusals of every domain call: the code as payload
     * ({@link ContractCalls#run}).
     */
    private void putNote(
            final Context ctx,
            final String msp,
            final StateStore store,
            final String key,
            final Supplier<String> value) {
        ContractCalls.run(
                ctx,
                chaincodeName,
                stub -> new Notes(store),
                notes -> {
                    notes.put(msp, isMember(ctx.getStub(), msp), key, value.get());
                    return "";
                });
    }

    /** The caller's organisation's private note, read from its implicit collection. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public final String GetPrivateNote(final Context ctx, final String key) {
        String msp = Callers.of(ctx.getClientIdentity()).mspId();
        return new Notes(new FabricPrivateStore(ctx.getStub(), implicitCollection(msp)))
                .get(key)
                .orElseThrow(
                        () -> new ChaincodeException("no private note '" + key + "' of " + msp));
    }

    /**
     * Whether {@code mspId} is a member of this channel's consortium, so it may write notes
     * (master: on the governance member list; a slave channel: its owner).
     */
    protected abstract boolean isMember(ChaincodeStub stub, String mspId);

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
