package org.tmsct.chaincode.fabric;

import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.tmsct.chaincode.state.Revision;
import org.tmsct.chaincode.state.StateStore;

/**
 * {@link StateStore} on one private data collection: the values stay on the peers of the
 * collection's members, and the channel's blocks and every other peer's state keep only their
 * hashes.
 */
public final class FabricPrivateStore implements StateStore {

    private final ChaincodeStub stub;
    private final String collection;

    public FabricPrivateStore(ChaincodeStub stub, String collection) {
        this.stub = stub;
        this.collection = collection;
    }

    /** Fabric's implicit collection of one organisation: no collection definition needed. */
    public static String implicitCollection(String mspId) {
        return "_implicit_org_" + mspId;
    }

    @Override
    public byte[] get(String key) {
        return stub.getPrivateData(collection, key);
    }

    @Override
    public void put(String key, byte[] value) {
        stub.putPrivateData(collection, key, value);
    }

    @Override
    public void delete(String key) {
        stub.delPrivateData(collection, key);
    }

    @Override
    public List<org.tmsct.chaincode.state.KeyValue> byPrefix(String compositePrefix) {
        return byPrefix(compositePrefix, Integer.MAX_VALUE);
    }

    @Override
    public List<org.tmsct.chaincode.state.KeyValue> byPrefix(String compositePrefix, int limit) {
        return FabricStateStore.drain(
                stub.getPrivateDataByPartialCompositeKey(collection, compositePrefix), limit);
    }

    @Override
    public List<org.tmsct.chaincode.state.KeyValue> byRange(
            String startInclusive, String endExclusive) {
        return byRange(startInclusive, endExclusive, Integer.MAX_VALUE);
    }

    @Override
    public List<org.tmsct.chaincode.state.KeyValue> byRange(
            String startInclusive, String endExclusive, int limit) {
        return FabricStateStore.drain(
                stub.getPrivateDataByRange(collection, startInclusive, endExclusive), limit);
    }

    /** Fabric keeps no history of private data. */
    @Override
    public List<Revision> history(String key) {
        throw new UnsupportedOperationException(
                "Fabric keeps no history of private data (collection " + collection + ")");
    }
}
