package org.tmsct.master.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TidSummaryTest {

    @Test
    void theSummaryKeepsItsSizeHoweverManyEntriesTheCodeHas() {
        TidSummary s = TidSummary.first("LOT-1", "default").plus("RAW_MATERIAL");
        int size = s.toJson().toString().length();
        for (int i = 0; i < 500; i++) {
            s = s.plus(i % 2 == 0 ? "RAW_MATERIAL" : "LOGISTICS");
        }
        assertEquals(501, s.entryCount());
        assertEquals(Set.of("LOGISTICS", "RAW_MATERIAL"), s.stages());
        // the second stage name and two more digits of the count, nothing per entry
        assertEquals(size + ",\"LOGISTICS\"".length() + 2, s.toJson().toString().length());
    }

    @Test
    void aSummaryWrittenWithItsBlocksStillReads() {
        TidSummary old =
                TidSummary.fromJson(
                        JsonParser.parseString(
                                        "{\"tid\":\"LOT-1\",\"productType\":\"default\","
                                                + "\"entryCount\":2,\"stages\":[\"LOGISTICS\"],"
                                                + "\"blocks\":[{\"slaveChainId\":\"logistics\","
                                                + "\"blockNumber\":4}]}")
                                .getAsJsonObject());
        assertEquals(
                new TidSummary("LOT-1", "default", 2, new TreeSet<>(Set.of("LOGISTICS"))), old);
    }
}
