package org.tmsct.core.epcis;

import java.util.regex.Pattern;

/**
 * Builds the JSON paths that error messages point at: {@code $.epcisBody.eventList[2].eventTime},
 * with bracket notation for member names that are not plain identifiers ({@code $['@context']}).
 * The notation is the one the schema validator reports, so both kinds of error read alike.
 */
final class JsonPath {

    static final String ROOT = "$";

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JsonPath() {}

    static String member(String parent, String name) {
        if (PLAIN_NAME.matcher(name).matches()) {
            return parent + "." + name;
        }
        return parent + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
