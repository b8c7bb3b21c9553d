package org.tmsct.core.epcis;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which supply-chain stage a CBV business step belongs to, for the four stages of the default
 * process. An EPCIS event is recorded by the organisation that owns the stage of its {@code
 * bizStep}; a step outside the table (or a non-CBV step URI) does not say whose event it is, so
 * such an event is refused rather than guessed at.
 *
 * <p>A step may be written bare ({@code shipping}), as a CBV 1.x URN ({@code
 * urn:epcglobal:cbv:bizstep:shipping}) or as a CBV 2.0 web URI ({@code
 * https://ref.gs1.org/cbv/BizStep-shipping}); all three mean the same step.
 */
public final class BizStepStages {

    public static final String RAW_MATERIAL = "RAW_MATERIAL";
    public static final String LOGISTICS = "LOGISTICS";
    public static final String PROCESSING = "PROCESSING";
    public static final String DISTRIBUTION = "DISTRIBUTION";

    private static final String URN_PREFIX = "urn:epcglobal:cbv:bizstep:";
    private static final String WEB_PREFIX = "https://ref.gs1.org/cbv/BizStep-";

    /** Stage → its business steps; the first step of each list is the stage's default. */
    private static final Map<String, List<String>> STEPS_BY_STAGE = stepsByStage();

    private static final Map<String, String> STAGE_BY_STEP = stageByStep();

    private BizStepStages() {}

    /** The stages of the table, in process order. */
    public static List<String> stages() {
        return List.copyOf(STEPS_BY_STAGE.keySet());
    }

    /** The bare CBV business steps of {@code stage}, the default first (empty if unknown). */
    public static List<String> steps(String stage) {
        return STEPS_BY_STAGE.getOrDefault(stage, List.of());
    }

    /**
     * The bare CBV name of a business step ({@code shipping} for all three spellings), or empty if
     * {@code bizStep} is not written in one of the CBV forms.
     */
    public static Optional<String> bareName(String bizStep) {
        if (bizStep == null) {
            return Optional.empty();
        }
        String name = bizStep;
        if (name.startsWith(URN_PREFIX)) {
            name = name.substring(URN_PREFIX.length());
        } else if (name.startsWith(WEB_PREFIX)) {
            name = name.substring(WEB_PREFIX.length());
        }
        return name.matches("[a-z_]+") ? Optional.of(name) : Optional.empty();
    }

    /** The stage that owns {@code bizStep}, or empty if the table does not list it. */
    public static Optional<String> stageOf(String bizStep) {
        return bareName(bizStep).map(STAGE_BY_STEP::get);
    }

    /**
     * The stage of the event's business step.
     *
     * @param bizStep the event's {@code bizStep}, null if it has none
     * @param path where the event's {@code bizStep} is (or would be), for the error
     * @throws EpcisFormatException if the event has no business step or one outside the table
     */
    public static String stageOf(String bizStep, String path) {
        if (bizStep == null) {
            throw new EpcisFormatException(
                    path,
                    "the event has no bizStep, so its stage is unknown; give one of the steps of "
                            + STEPS_BY_STAGE);
        }
        return stageOf(bizStep)
                .orElseThrow(
                        () ->
                                new EpcisFormatException(
                                        path,
                                        "business step \""
                                                + bizStep
                                                + "\" belongs to no stage; the steps of each"
                                                + " stage are "
                                                + STEPS_BY_STAGE));
    }

    /** The business step an event of {@code stage} gets when its records do not name one. */
    public static String defaultBizStep(String stage) {
        List<String> steps = STEPS_BY_STAGE.get(stage);
        if (steps == null) {
            throw new IllegalArgumentException(
                    "unknown stage \"" + stage + "\"; the stages are " + stages());
        }
        return steps.get(0);
    }

    private static Map<String, List<String>> stepsByStage() {
        Map<String, List<String>> table = new LinkedHashMap<>();
        table.put(RAW_MATERIAL, List.of("commissioning", "creating_class_instance"));
        table.put(
                LOGISTICS,
                List.of(
                        "shipping",
                        "receiving",
                        "departing",
                        "arriving",
                        "loading",
                        "unloading",
                        "transporting",
                        "storing",
                        "accepting",
                        "staging_outbound",
                        "picking",
                        "void_shipping"));
        table.put(
                PROCESSING,
                List.of(
                        "assembling",
                        "disassembling",
                        "packing",
                        "unpacking",
                        "repackaging",
                        "inspecting",
                        "sampling",
                        "encoding",
                        "sensor_reporting",
                        "repairing",
                        "installing",
                        "replacing"));
        table.put(
                DISTRIBUTION,
                List.of(
                        "stocking",
                        "retail_selling",
                        "dispensing",
                        "holding",
                        "reserving",
                        "stock_taking",
                        "cycle_counting",
                        "consigning"));
        return Collections.unmodifiableMap(table);
    }

    private static Map<String, String> stageByStep() {
        Map<String, String> index = new HashMap<>();
        STEPS_BY_STAGE.forEach((stage, steps) -> steps.forEach(step -> index.put(step, stage)));
        return Map.copyOf(index);
    }
}
