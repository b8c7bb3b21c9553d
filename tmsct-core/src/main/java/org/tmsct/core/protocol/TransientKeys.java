package org.tmsct.core.protocol;

/** The transient-map keys of a slave Record call (the raw record never lands in a block). */
public final class TransientKeys {

    /** The raw record D, UTF-8 JSON. */
    public static final String RECORD = "record";

    /** The device's base64 DER ECDSA signature over the signed commitment. */
    public static final String SIGNATURE = "signature";

    /** The epoch milliseconds the device signed, in decimal. */
    public static final String TIMESTAMP = "timestamp";

    /**
     * The salts of the record's field commitment: a JSON object of member pointer to 64 lowercase
     * hex characters ({@code FieldCommitment.saltsJson}).
     */
    public static final String SALTS = "salts";

    /**
     * RecordBatch: a JSON array of {@code {"record","signature","timestamp","salts"}}, each member
     * the string the key of the same name carries for Record.
     */
    public static final String RECORDS = "records";

    /**
     * PutPrivateNote: the note's text, UTF-8, which goes into the caller's implicit private data
     * collection (the benchmarks' private-data design).
     */
    public static final String NOTE = "note";

    private TransientKeys() {}
}
