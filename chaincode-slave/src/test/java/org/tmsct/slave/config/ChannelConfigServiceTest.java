package org.tmsct.slave.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.tmsct.chaincode.fabric.Refusals.assertRefused;
import static org.tmsct.slave.Fixtures.KEY_FIELDS;
import static org.tmsct.slave.Fixtures.OTHER_ADMIN;
import static org.tmsct.slave.Fixtures.OWNER;
import static org.tmsct.slave.Fixtures.OWNER_ADMIN;
import static org.tmsct.slave.Fixtures.OWNER_USER;
import static org.tmsct.slave.Fixtures.tx;

import com.google.gson.JsonArray;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.MemoryStore;
import org.tmsct.slave.common.ErrorCodes;

class ChannelConfigServiceTest {

    private final MemoryStore store = new MemoryStore();
    private final ChannelConfigService service = new ChannelConfigService(store);

    private ChannelConfig configure(Tx tx, String stage, String fields) {
        ChannelConfig c = service.configure(tx, stage, fields);
        store.commit(tx.txId(), tx.timestampMillis());
        return c;
    }

    @Test
    void firstConfigureBindsTheCallersOrganisation() {
        ChannelConfig c = configure(tx(OWNER_ADMIN), "LOGISTICS", KEY_FIELDS);
        assertEquals(OWNER, c.ownerMsp());
        assertEquals("LOGISTICS", c.stage());
        assertEquals(List.of("batch", "location", "temperature"), c.keyFields());
        assertEquals(1, c.version());
        assertEquals(c, service.require("logistics"));
    }

    @Test
    void laterConfigureByTheOwnerKeepsHistory() {
        configure(tx(OWNER_ADMIN), "LOGISTICS", KEY_FIELDS);
        ChannelConfig second = configure(tx(OWNER_ADMIN), "LOGISTICS", "[\"batch\"]");
        assertEquals(2, second.version());
        JsonArray history = service.history();
        assertEquals(2, history.size());
        assertEquals(3, history.get(0).getAsJsonObject().getAsJsonArray("keyFields").size());
        assertEquals(1, history.get(1).getAsJsonObject().getAsJsonArray("keyFields").size());
    }

    @Test
    void notConfiguredIsAClearRefusal() {
        assertNull(service.current());
        assertRefused(
                ErrorCodes.NOT_CONFIGURED,
                "call Configure(stage, keyFieldsJson) first",
                () -> service.require("logistics"));
    }

    @Test
    void nonAdminIsRefused() {
        assertRefused(
                ErrorCodes.NOT_ADMIN,
                "not an admin",
                () -> service.configure(tx(OWNER_USER), "LOGISTICS", KEY_FIELDS));
    }

    @Test
    void adminOfAnotherOrganisationCannotTakeOver() {
        configure(tx(OWNER_ADMIN), "LOGISTICS", KEY_FIELDS);
        assertRefused(
                ErrorCodes.WRONG_ORG,
                "is owned by " + OWNER,
                () -> service.configure(tx(OTHER_ADMIN), "LOGISTICS", KEY_FIELDS));
    }

    @Test
    void malformedKeyFieldsAreRefused() {
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "keyFields",
                () -> service.configure(tx(OWNER_ADMIN), "LOGISTICS", "[\"batch\","));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "must be a JSON array",
                () -> service.configure(tx(OWNER_ADMIN), "LOGISTICS", "{}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "only strings",
                () -> service.configure(tx(OWNER_ADMIN), "LOGISTICS", "[1]"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "twice",
                () -> service.configure(tx(OWNER_ADMIN), "LOGISTICS", "[\"a\",\"a\"]"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "must not be empty",
                () -> service.configure(tx(OWNER_ADMIN), "LOGISTICS", "[\"\"]"));
    }

    @Test
    void invalidStageIsRefused() {
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "stage is empty",
                () -> service.configure(tx(OWNER_ADMIN), "", KEY_FIELDS));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "control character",
                () -> service.configure(tx(OWNER_ADMIN), "A\nB", KEY_FIELDS));
    }
}
