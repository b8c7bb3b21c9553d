package org.tmsct.core.protocol;

/** Chaincode event names: the contracts set them, the relay and the client listen for them. */
public final class EventNames {

    /** Slave: a record was stored; the payload is the stored record. */
    public static final String RECORD_CREATED = "RecordCreated";

    /**
     * Slave: RecordBatch stored records; the payload is {@code {"records":[...]}}, each item what
     * RecordCreated carries for one record (Fabric keeps one event per transaction).
     */
    public static final String RECORDS_CREATED = "RecordsCreated";

    /** Master: an AnchorBlock was accepted; the payload is its ANCHORED answer. */
    public static final String BLOCK_ANCHORED = "BlockAnchored";

    private EventNames() {}
}
