package org.tmsct.master.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.chaincode.fabric.Refusals.assertRefused;
import static org.tmsct.master.World.admin;

import com.google.gson.JsonArray;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.common.Caller;
import org.tmsct.master.World;
import org.tmsct.master.common.ErrorCodes;

class ProcessRegistryTest {

    private final World w = new World().withConsortium();
    private final Caller admin = admin("DistributorOrgMSP");

    private static String stage(String name, String chain, String... fields) {
        StringBuilder f = new StringBuilder();
        for (String s : fields) {
            f.append(f.length() == 0 ? "" : ",").append('"').append(s).append('"');
        }
        return "{\"name\":\""
                + name
                + "\",\"slaveChainId\":\""
                + chain
                + "\",\"keyFields\":["
                + f
                + "]}";
    }

    @Test
    void defaultProcessIsALineStartingAtRawMaterial() {
        ProcessDefinition d = w.processes.require("default");
        assertEquals(
                List.of("RAW_MATERIAL", "LOGISTICS", "PROCESSING", "DISTRIBUTION"), d.stageNames());
        assertEquals(
                List.of(
                        List.of("RAW_MATERIAL", "LOGISTICS"),
                        List.of("LOGISTICS", "PROCESSING"),
                        List.of("PROCESSING", "DISTRIBUTION")),
                d.transitions());
        assertEquals(List.of("RAW_MATERIAL"), d.firstStages());
        assertEquals(List.of("LOGISTICS"), List.copyOf(d.predecessors("PROCESSING")));
    }

    @Test
    void graphsWithBranchesAndSeveralStarts() {
        String def =
                "{\"stages\":["
                        + stage("MINE", "raw-material", "batch")
                        + ","
                        + stage("IMPORT", "logistics", "batch")
                        + ","
                        + stage("SMELT", "processing", "batch")
                        + "],\"transitions\":[[\"MINE\",\"SMELT\"],[\"IMPORT\",\"SMELT\"]]}";
        ProcessDefinition d = w.commit(w.tx(admin), t -> w.processes.define(t, "steel", def));
        assertEquals(List.of("MINE", "IMPORT"), d.firstStages());
        assertEquals(List.of("IMPORT", "MINE"), List.copyOf(d.predecessors("SMELT")));
    }

    @Test
    void redefinitionsAreKeptAndAnIdenticalOneWritesNothing() {
        ProcessDefinition same = w.processes.define(w.tx(admin), "default", World.defaultProcess());
        assertEquals(0, w.store.pendingWrites());
        assertEquals(1, same.version());
        String shorter = "{\"stages\":[" + stage("RAW_MATERIAL", "raw-material", "batch") + "]}";
        ProcessDefinition v2 =
                w.commit(w.tx(admin), t -> w.processes.define(t, "default", shorter));
        assertEquals(2, v2.version());
        JsonArray history = w.processes.history("default");
        assertEquals(2, history.size());
        assertEquals(4, history.get(0).getAsJsonObject().getAsJsonArray("stages").size());
        assertEquals(1, history.get(1).getAsJsonObject().getAsJsonArray("stages").size());
        assertSame(null, w.processes.find("steel"));
    }

    @Test
    void stagesMustMapToRegisteredChains() {
        String def = "{\"stages\":[" + stage("MINE", "mars", "batch") + "]}";
        assertRefused(
                ErrorCodes.UNKNOWN_CHAIN,
                "stage MINE is mapped to slave chain mars, which is not registered",
                () -> w.processes.define(w.tx(admin), "ore", def));
    }

    @Test
    void malformedDefinitionsAreRefused() {
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "process definition",
                () -> w.processes.define(w.tx(admin), "x", "{"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "\"stages\" must be a non-empty array",
                () -> w.processes.define(w.tx(admin), "x", "{\"stages\":[]}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "unknown field \"steps\"",
                () -> w.processes.define(w.tx(admin), "x", "{\"steps\":[]}"));
        String a = stage("A", "logistics");
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "stage A is defined twice",
                () -> w.processes.define(w.tx(admin), "x", "{\"stages\":[" + a + "," + a + "]}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "names stage Z",
                () ->
                        w.processes.define(
                                w.tx(admin),
                                "x",
                                "{\"stages\":[" + a + "],\"transitions\":[[\"A\",\"Z\"]]}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "twice",
                () ->
                        w.processes.define(
                                w.tx(admin),
                                "x",
                                "{\"stages\":[" + a + "],\"transitions\":[[\"A\",\"A\"]]}"));
        String b = stage("B", "logistics");
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "every stage has a predecessor",
                () ->
                        w.processes.define(
                                w.tx(admin),
                                "x",
                                "{\"stages\":["
                                        + a
                                        + ","
                                        + b
                                        + "],\"transitions\":[[\"A\",\"B\"],[\"B\",\"A\"]]}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "first stage Q is not among the stages",
                () ->
                        w.processes.define(
                                w.tx(admin),
                                "x",
                                "{\"stages\":[" + a + "],\"firstStages\":[\"Q\"]}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "product type \"no space\" is not valid",
                () -> w.processes.define(w.tx(admin), "no space", "{\"stages\":[" + a + "]}"));
        assertRefused(
                ErrorCodes.BAD_REQUEST,
                "keyFields names \"f\" twice",
                () ->
                        w.processes.define(
                                w.tx(admin),
                                "x",
                                "{\"stages\":[" + stage("A", "logistics", "f", "f") + "]}"));
    }

    @Test
    void unknownProductTypeIsRefused() {
        assertRefused(
                ErrorCodes.UNKNOWN_PRODUCT_TYPE,
                "product type bikes has no process definition",
                () -> w.processes.require("bikes"));
        assertRefused(ErrorCodes.UNKNOWN_PRODUCT_TYPE, "bikes", () -> w.processes.history("bikes"));
        assertTrue(w.processes.require("default").isFirstStage("RAW_MATERIAL"));
    }
}
