package org.tmsct.relay.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfirmationTest {

    @Test
    void carriesMastersRejectionsToTheSlaveContract() {
        Confirmation c =
                new Confirmation(
                        7,
                        List.of("a"),
                        List.of(new Rejection("b", "STAGE_OUT_OF_ORDER", "needs RAW_MATERIAL")),
                        "m-1",
                        3);
        JsonObject o = JsonParser.parseString(c.toJson()).getAsJsonObject();
        assertEquals("a", o.getAsJsonArray("txIds").get(0).getAsString());
        JsonObject r = o.getAsJsonArray("rejected").get(0).getAsJsonObject();
        assertEquals("b", r.get("txId").getAsString());
        assertEquals("STAGE_OUT_OF_ORDER", r.get("code").getAsString());
        assertEquals("needs RAW_MATERIAL", r.get("reason").getAsString());
        assertEquals(List.of("a", "b"), c.allTxIds());
        assertEquals(2, c.size());
    }

    @Test
    void withoutRejectionsTheDocumentIsAsBefore() {
        JsonObject o =
                JsonParser.parseString(new Confirmation(7, List.of("a"), "m-1", 3).toJson())
                        .getAsJsonObject();
        assertFalse(o.has("rejected"));
    }

    @Test
    void aBlockWhoseRecordsWereAllRejectedIsStillConfirmed() {
        Confirmation c =
                new Confirmation(7, List.of(), List.of(new Rejection("b", "X_Y", "r")), "m", 3);
        assertEquals("b", c.anyTxId());
        assertThrows(
                IllegalArgumentException.class,
                () -> new Confirmation(7, List.of(), List.of(), "m", 3));
    }
}
