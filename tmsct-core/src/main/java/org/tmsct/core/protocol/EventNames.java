package org.tmsct.core.protocol;

/** Chaincode event names: the contracts set them, the relay and the client listen for them. */
public final class EventNames {

    /** Slave: a record was stored; the payload is the stored record. */
    public static final String RECORD_CREATED = "RecordCreated";

    /** Master: an AnchorBlock was accepted; the payload is its ANCHORED answer. */
    public static final String BLOCK_ANCHORED = "BlockAnchored";

    private EventNames() {}
}
