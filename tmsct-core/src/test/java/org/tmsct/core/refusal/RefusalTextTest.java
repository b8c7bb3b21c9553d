package org.tmsct.core.refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefusalTextTest {

    @Test
    void theCodeComesBackFromTheFormattedMessage() {
        String text = RefusalText.format("WRONG_STAGE", "the record is for stage X");
        assertEquals("[WRONG_STAGE] the record is for stage X", text);
        assertEquals(Optional.of("WRONG_STAGE"), RefusalText.code(text));
    }

    @Test
    void messagesWithoutALeadingCodeHaveNone() {
        assertTrue(RefusalText.code("error in simulation: [WRONG_STAGE] x").isEmpty());
        assertTrue(RefusalText.code("[wrong] lower case is not a code").isEmpty());
        assertTrue(RefusalText.code("[WRONG_STAGE]no space").isEmpty());
        assertTrue(RefusalText.code(null).isEmpty());
    }

    @Test
    void refusesSomethingThatIsNotACode() {
        assertThrows(IllegalArgumentException.class, () -> RefusalText.format("bad code", "m"));
        assertThrows(IllegalArgumentException.class, () -> RefusalText.format(null, "m"));
    }
}
