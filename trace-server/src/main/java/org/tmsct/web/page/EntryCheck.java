package org.tmsct.web.page;

/**
 * The outcome of checking one trace entry, as the trace page shows it.
 *
 * @param verified true if the entry's Merkle proof leads to the root anchored on master
 * @param problem why it is not verified, in words for people; null if verified
 * @param rawJson the full raw record, only when the viewer's organisation owns it; else null
 * @param rawMatches whether the raw record hashes to the entry's dataHash; null if no raw record
 */
public record EntryCheck(boolean verified, String problem, String rawJson, Boolean rawMatches) {

    public static EntryCheck ok() {
        return new EntryCheck(true, null, null, null);
    }

    public static EntryCheck failed(String problem) {
        return new EntryCheck(false, problem, null, null);
    }
}
