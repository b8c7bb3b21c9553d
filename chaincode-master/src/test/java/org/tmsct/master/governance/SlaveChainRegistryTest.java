package org.tmsct.master.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tmsct.chaincode.fabric.Refusals.assertRefused;
import static org.tmsct.master.World.admin;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.common.Caller;
import org.tmsct.core.bmerkle.BloomParams;
import org.tmsct.master.World;
import org.tmsct.master.common.ErrorCodes;

class SlaveChainRegistryTest {

    private final World w = new World();
    private final Caller admin = admin("LogisticsOrgMSP");

    @Test
    void registersWithTheDefaultFilterShape() {
        SlaveChain c =
                w.commit(
                        w.tx(admin),
                        t ->
                                w.chains.register(
                                        t, "logistics", "logistics", "LogisticsOrgMSP", null));
        assertEquals(BloomParams.DEFAULT, c.bloomParams());
        assertEquals(SlaveChainRegistry.DEFAULT_SECTION_SIZE, c.sectionSize());
        assertEquals(c, w.chains.require("logistics"));
        assertEquals("LogisticsOrgMSP", c.registeredBy());
    }

    @Test
    void registeringAgainWithTheSameSettingsWritesNothing() {
        SlaveChain c =
                w.commit(
                        w.tx(admin),
                        t ->
                                w.chains.register(
                                        t, "logistics", "logistics", "LogisticsOrgMSP", null));
        assertEquals(
                c,
                w.chains.register(
                        w.tx(admin("ProcessingOrgMSP")),
                        "logistics",
                        "logistics",
                        "LogisticsOrgMSP",
                        null));
        assertEquals(0, w.store.pendingWrites());
    }

    @Test
    void ownerAndChannelMayChangeAsAConsortiumDecision() {
        w.commit(
                w.tx(admin),
                t -> w.chains.register(t, "logistics", "logistics", "LogisticsOrgMSP", null));
        SlaveChain moved =
                w.commit(
                        w.tx(admin),
                        t -> w.chains.register(t, "logistics", "logistics2", "OtherMSP", null));
        assertEquals(2, moved.version());
        assertEquals("OtherMSP", w.chains.require("logistics").ownerMsp());
    }

    @Test
    void optionsSetTheFilterShapeAndCannotChangeItOnceAnchored() {
        new World();
        World world = new World().withConsortium("{\"mBits\":256,\"k\":3,\"sectionSize\":64}");
        SlaveChain c = world.chains.require("raw-material");
        assertEquals(new BloomParams(256, 3), c.bloomParams());
        assertEquals(64, c.sectionSize());
        // before any anchor the shape may still change
        world.commit(
                world.tx(admin),
                t ->
                        world.chains.register(
                                t,
                                "raw-material",
                                "raw-material",
                                "RawMaterialOrgMSP",
                                "{\"k\":4}"));
        assertEquals(4, world.chains.require("raw-material").bloomParams().k());
        world.anchor("raw-material", 0, 3, World.entry("t1", "TID-1", "RAW_MATERIAL", "mine"));
        assertRefused(
                ErrorCodes.CHAIN_LOCKED,
                "can no longer change",
                () ->
                        world.chains.register(
                                world.tx(admin),
                                "raw-material",
                                "raw-material",
                                "RawMaterialOrgMSP",
                                "{\"k\":5}"));
        // without options an existing chain keeps its shape
        world.commit(
                world.tx(admin),
                t ->
                        world.chains.register(
                                t, "raw-material", "raw-material", "RawMaterialOrgMSP", null));
        assertEquals(4, world.chains.require("raw-material").bloomParams().k());
        // and an anchored chain's owner never changes
        assertRefused(
                ErrorCodes.OWNER_LOCKED,
                "its owner and channel never change",
                () ->
                        world.chains.register(
                                world.tx(admin),
                                "raw-material",
                                "raw-material",
                                "NewOwnerMSP",
                                null));
        assertEquals("RawMaterialOrgMSP", world.chains.require("raw-material").ownerMsp());
    }

    @Test
    void badOptionsAreRefused() {
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "unknown field \"m\"",
                () -> w.chains.register(w.tx(admin), "c", "c", "M", "{\"m\":1}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "\"k\" must be between 1 and 64",
                () -> w.chains.register(w.tx(admin), "c", "c", "M", "{\"k\":0}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "multiple of 64",
                () -> w.chains.register(w.tx(admin), "c", "c", "M", "{\"sectionSize\":100}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "slave chain options",
                () -> w.chains.register(w.tx(admin), "c", "c", "M", "{"));
    }

    @Test
    void badNamesAreRefused() {
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "slave chain id \"a/b\" is not valid",
                () -> w.chains.register(w.tx(admin), "a/b", "ch", "M", null));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "not a valid Fabric channel name",
                () -> w.chains.register(w.tx(admin), "c", "Chan", "M", null));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "MSP id",
                () -> w.chains.register(w.tx(admin), "c", "c", "has space", null));
    }

    @Test
    void unknownChainIsRefusedAndTheListIsSorted() {
        assertRefused(
                ErrorCodes.UNKNOWN_CHAIN,
                "slave chain nowhere is not registered",
                () -> w.chains.require("nowhere"));
        w.withConsortium();
        assertEquals(
                List.of("distribution", "logistics", "processing", "raw-material"),
                w.chains.all().stream().map(SlaveChain::id).toList());
    }
}
