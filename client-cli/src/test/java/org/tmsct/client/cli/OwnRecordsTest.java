package org.tmsct.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class OwnRecordsTest {

    @Test
    void aRejectedRecordShowsMastersCodeAndReason() {
        JsonObject r =
                JsonParser.parseString(
                                "{\"txId\":\"ab12\",\"tid\":\"TYPO-1\",\"stage\":\"LOGISTICS\","
                                        + "\"status\":\"REJECTED\",\"rejectionCode\":"
                                        + "\"STAGE_OUT_OF_ORDER\",\"rejectionReason\":\"needs"
                                        + " RAW_MATERIAL first\"}")
                        .getAsJsonObject();
        assertEquals(
                "LOGISTICS     REJECTED  TID TYPO-1, slave tx ab12\n"
                        + "       STAGE_OUT_OF_ORDER: needs RAW_MATERIAL first",
                OwnRecords.line(r));
    }

    @Test
    void aPendingRecordIsOneLine() {
        JsonObject r =
                JsonParser.parseString(
                                "{\"txId\":\"cd34\",\"tid\":\"T\",\"stage\":\"RAW_MATERIAL\","
                                        + "\"status\":\"PENDING\"}")
                        .getAsJsonObject();
        assertEquals("RAW_MATERIAL  PENDING   TID T, slave tx cd34", OwnRecords.line(r));
    }
}
