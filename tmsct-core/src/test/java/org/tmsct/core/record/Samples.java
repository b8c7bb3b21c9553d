package org.tmsct.core.record;

/** Fixed documents shared by the tests; their digests are written literally in the tests. */
final class Samples {

    /** A record in non-canonical form: members out of order, whitespace, escapes, number spellings. */
    static final String RECORD_JSON = "{\n"
            + "  \"tid\": \"TID-2024-000042\",\n"
            + "  \"stage\": \"raw-material\",\n"
            + "  \"fields\": {\n"
            + "    \"weightKg\": 12.50,\n"
            + "    \"batch\": \"B-7\",\n"
            + "    \"temperatureC\": -3,\n"
            + "    \"supplier\": { \"name\": \"Acme Steel\", \"country\": \"DE\" },\n"
            + "    \"certified\": true,\n"
            + "    \"notes\": null,\n"
            + "    \"operator\": \"J\\u00fcrgen M\u00fcller\",\n"
            + "    \"price\": \"\u20ac12\",\n"
            + "    \"readings\": [1.0, 2.25, 1E21, 0.000001, 1e-7]\n"
            + "  }\n"
            + "}";

    /** Its RFC 8785 form (checked independently with a separate implementation). */
    static final String RECORD_CANONICAL = "{\"fields\":{\"batch\":\"B-7\",\"certified\":true,\"notes\":null,"
            + "\"operator\":\"J\u00fcrgen M\u00fcller\",\"price\":\"\u20ac12\",\"readings\":[1,2.25,1e+21,0.000001,1e-7],"
            + "\"supplier\":{\"country\":\"DE\",\"name\":\"Acme Steel\"},\"temperatureC\":-3,\"weightKg\":12.5},"
            + "\"stage\":\"raw-material\",\"tid\":\"TID-2024-000042\"}";

    /** SHA-256 of {@link #RECORD_CANONICAL} in UTF-8. */
    static final String RECORD_SHA256 = "219475d39eca3e347ebd0e200e5940abe67f1094c2924de956a9561646306d7f";

    private Samples() {
    }
}
