package org.tmsct.core.epcis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BizStepStagesTest {

    @Test
    void theThreeSpellingsOfAStepMeanTheSameStage() {
        for (String step :
                List.of(
                        "shipping",
                        "urn:epcglobal:cbv:bizstep:shipping",
                        "https://ref.gs1.org/cbv/BizStep-shipping")) {
            assertEquals(Optional.of("shipping"), BizStepStages.bareName(step));
            assertEquals(Optional.of(BizStepStages.LOGISTICS), BizStepStages.stageOf(step));
        }
    }

    @Test
    void theDefaultTable() {
        assertEquals(
                List.of("RAW_MATERIAL", "LOGISTICS", "PROCESSING", "DISTRIBUTION"),
                BizStepStages.stages());
        assertEquals(Optional.of("RAW_MATERIAL"), BizStepStages.stageOf("creating_class_instance"));
        assertEquals(Optional.of("LOGISTICS"), BizStepStages.stageOf("void_shipping"));
        assertEquals(Optional.of("PROCESSING"), BizStepStages.stageOf("sensor_reporting"));
        assertEquals(Optional.of("DISTRIBUTION"), BizStepStages.stageOf("consigning"));
        assertEquals(2 + 12 + 12 + 8, stepCount());
    }

    @Test
    void eachStepBelongsToOneStage() {
        Set<String> seen = new HashSet<>();
        for (String stage : BizStepStages.stages()) {
            for (String step : BizStepStages.steps(stage)) {
                assertTrue(seen.add(step), step);
            }
        }
    }

    @Test
    void defaultSteps() {
        assertEquals("commissioning", BizStepStages.defaultBizStep("RAW_MATERIAL"));
        assertEquals("shipping", BizStepStages.defaultBizStep("LOGISTICS"));
        assertEquals("assembling", BizStepStages.defaultBizStep("PROCESSING"));
        assertEquals("stocking", BizStepStages.defaultBizStep("DISTRIBUTION"));
        assertThrows(IllegalArgumentException.class, () -> BizStepStages.defaultBizStep("RETAIL"));
    }

    @Test
    void stepsOutsideTheTableAreNotGuessed() {
        assertEquals(Optional.empty(), BizStepStages.stageOf("destroying"));
        assertEquals(Optional.empty(), BizStepStages.stageOf("https://example.com/steps/paint"));
        assertEquals(Optional.empty(), BizStepStages.stageOf("urn:epcglobal:cbv:bizstep:Shipping"));
        EpcisFormatException unknown =
                assertThrows(
                        EpcisFormatException.class,
                        () -> BizStepStages.stageOf("destroying", "$.bizStep"));
        assertEquals("$.bizStep", unknown.jsonPath());
        assertTrue(unknown.getMessage().contains("belongs to no stage"), unknown.getMessage());
        EpcisFormatException missing =
                assertThrows(
                        EpcisFormatException.class, () -> BizStepStages.stageOf(null, "$.bizStep"));
        assertTrue(missing.getMessage().contains("no bizStep"), missing.getMessage());
    }

    private static int stepCount() {
        return BizStepStages.stages().stream().mapToInt(s -> BizStepStages.steps(s).size()).sum();
    }
}
