package org.tmsct.core.record;

import com.google.gson.JsonObject;
import org.tmsct.core.TestVectors;

/** The sample record of test-vectors/record.json, shared by the tests of this package. */
final class Samples {

    static final JsonObject VECTORS = TestVectors.json("record.json");
    private static final JsonObject RECORD = VECTORS.getAsJsonObject("record");

    /**
     * A record in non-canonical form: members out of order, whitespace, escapes, number spellings.
     */
    static final String RECORD_JSON = RECORD.get("json").getAsString();

    /** Its RFC 8785 form. */
    static final String RECORD_CANONICAL = RECORD.get("canonical").getAsString();

    /** SHA-256 of {@link #RECORD_CANONICAL} in UTF-8. */
    static final String RECORD_SHA256 = RECORD.get("sha256").getAsString();

    /** Length of {@link #RECORD_CANONICAL} in UTF-8 bytes. */
    static final int RECORD_CANONICAL_LENGTH = RECORD.get("canonicalLength").getAsInt();

    private Samples() {}
}
