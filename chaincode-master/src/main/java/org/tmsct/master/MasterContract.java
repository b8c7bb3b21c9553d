package org.tmsct.master;

import java.nio.charset.StandardCharsets;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The master-channel contract. At this stage it holds only a note store used to prove the network
 * round trip; the anchoring and trace logic arrives with the contracts issue.
 */
@Contract(name = "master", info = @Info(title = "TMSCT master contract", version = "0.1.0"))
@Default
public final class MasterContract implements ContractInterface {

    static final String NOTE_PREFIX = "note~";

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String Ping(final Context ctx) {
        return "chaincode-master on " + ctx.getStub().getChannelId();
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void PutNote(final Context ctx, final String key, final String value) {
        if (key == null || key.isBlank()) {
            throw new ChaincodeException("note key must not be empty");
        }
        ctx.getStub().putState(NOTE_PREFIX + key, value.getBytes(StandardCharsets.UTF_8));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetNote(final Context ctx, final String key) {
        byte[] value = ctx.getStub().getState(NOTE_PREFIX + key);
        if (value == null || value.length == 0) {
            throw new ChaincodeException("no note '" + key + "' on channel " + ctx.getStub().getChannelId());
        }
        return new String(value, StandardCharsets.UTF_8);
    }
}
