package org.tmsct.slave.record;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tmsct.core.protocol.Refusal;

/**
 * What the slave contract asks master before it stores a record: would master refuse it, were it
 * anchored now? A read of master only (each organisation's peer holds both channels); the answer is
 * advice, and master's own check at anchoring time stays the authoritative one.
 */
public interface MasterRules {

    /** Asks nobody: every record goes to master as it is. */
    MasterRules NONE = (chain, tid, stage, keyFields) -> Optional.empty();

    /**
     * Master's refusal of such a record, or empty if master would accept it or could not be asked
     * (then master decides when it anchors).
     */
    Optional<Refusal> check(String slaveChainId, String tid, String stage, Set<String> keyFields);

    /** One record master is asked about. */
    record Query(String tid, String stage, Set<String> keyFields) {}

    /**
     * {@link #check} for each of {@code queries}, in order. {@link FabricMasterRules} asks them all
     * in one call (a RecordBatch makes one cross-chaincode call, not one per record).
     */
    default List<Optional<Refusal>> checkAll(String slaveChainId, List<Query> queries) {
        return queries.stream()
                .map(q -> check(slaveChainId, q.tid(), q.stage(), q.keyFields()))
                .toList();
    }
}
