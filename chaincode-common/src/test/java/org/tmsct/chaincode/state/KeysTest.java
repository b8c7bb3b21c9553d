package org.tmsct.chaincode.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.api.Test;

class KeysTest {

    @Test
    void compositeKeysAreFabricsEncoding() {
        assertEquals(
                new CompositeKey("rtid", "T-1", "0001", "tx").toString(),
                Keys.composite("rtid", "T-1", "0001", "tx"));
        assertEquals(new CompositeKey("device").toString(), Keys.composite("device"));
    }

    @Test
    void prefixOfOneTidDoesNotMatchALongerTid() {
        String prefix = Keys.composite("rtid", "A");
        assertTrue(Keys.composite("rtid", "A", "x").startsWith(prefix));
        assertTrue(!Keys.composite("rtid", "AB", "x").startsWith(prefix));
    }

    @Test
    void refusesPartsFabricRefuses() {
        assertThrows(IllegalArgumentException.class, () -> Keys.composite("t", "a\u0000b"));
        assertThrows(IllegalArgumentException.class, () -> Keys.composite("t", ""));
        assertThrows(
                IllegalArgumentException.class,
                () -> Keys.composite("t", "x" + Character.toString(0x10FFFF)));
    }

    @Test
    void padKeepsNumericOrder() {
        assertEquals("0000000012", Keys.pad(12, 10));
        assertTrue(Keys.pad(9, 4).compareTo(Keys.pad(10, 4)) < 0);
        assertThrows(IllegalArgumentException.class, () -> Keys.pad(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> Keys.pad(12345, 4));
    }
}
