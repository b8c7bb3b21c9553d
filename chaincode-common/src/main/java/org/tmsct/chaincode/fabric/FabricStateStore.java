package org.tmsct.chaincode.fabric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.tmsct.chaincode.state.Revision;
import org.tmsct.chaincode.state.StateStore;

/**
 * {@link StateStore} on the chaincode stub: LevelDB-compatible key and composite-key reads only.
 */
public final class FabricStateStore implements StateStore {

    private final ChaincodeStub stub;

    public FabricStateStore(ChaincodeStub stub) {
        this.stub = stub;
    }

    @Override
    public byte[] get(String key) {
        return stub.getState(key);
    }

    @Override
    public void put(String key, byte[] value) {
        stub.putState(key, value);
    }

    @Override
    public void delete(String key) {
        stub.delState(key);
    }

    @Override
    public List<org.tmsct.chaincode.state.KeyValue> byPrefix(String compositePrefix) {
        return drain(stub.getStateByPartialCompositeKey(compositePrefix), Integer.MAX_VALUE);
    }

    @Override
    public List<org.tmsct.chaincode.state.KeyValue> byPrefix(String compositePrefix, int limit) {
        return drain(stub.getStateByPartialCompositeKey(compositePrefix), limit);
    }

    @Override
    public List<org.tmsct.chaincode.state.KeyValue> byRange(
            String startInclusive, String endExclusive) {
        return drain(stub.getStateByRange(startInclusive, endExclusive), Integer.MAX_VALUE);
    }

    @Override
    public List<org.tmsct.chaincode.state.KeyValue> byRange(
            String startInclusive, String endExclusive, int limit) {
        return drain(stub.getStateByRange(startInclusive, endExclusive), limit);
    }

    @Override
    public List<Revision> history(String key) {
        List<Revision> out = new ArrayList<>();
        try (QueryResultsIterator<KeyModification> it = stub.getHistoryForKey(key)) {
            for (KeyModification m : it) {
                out.add(
                        new Revision(
                                m.getTxId(),
                                m.getTimestamp().toEpochMilli(),
                                m.isDeleted(),
                                m.isDeleted() ? null : m.getValue()));
            }
        } catch (Exception e) {
            throw rethrow(e);
        }
        // The peer lists history newest first (commit order reversed); the domain wants oldest
        // first.
        Collections.reverse(out);
        return out;
    }

    /**
     * Reads at most {@code limit} results; closing early keeps the rest of the range out of the
     * read set.
     */
    static List<org.tmsct.chaincode.state.KeyValue> drain(
            QueryResultsIterator<KeyValue> iterator, int limit) {
        List<org.tmsct.chaincode.state.KeyValue> out = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it = iterator) {
            for (KeyValue kv : it) {
                if (out.size() >= limit) {
                    break;
                }
                out.add(new org.tmsct.chaincode.state.KeyValue(kv.getKey(), kv.getValue()));
            }
        } catch (Exception e) {
            throw rethrow(e);
        }
        return out;
    }

    private static RuntimeException rethrow(Exception e) {
        return e instanceof RuntimeException r
                ? r
                : new IllegalStateException("ledger iterator failed: " + e.getMessage(), e);
    }
}
