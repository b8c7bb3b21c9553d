package org.tmsct.master.governance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.master.common.ErrorCodes;

/**
 * A product type's process: its stages (each mapped to the slave chain that records it and the
 * key-data fields it may share), the transition graph between stages, and the stages a product may
 * start in. Phases can be redefined at run time; every version is kept.
 */
public record ProcessDefinition(
        String productType,
        List<Stage> stages,
        List<List<String>> transitions,
        List<String> firstStages,
        long version,
        String definedBy,
        String txId,
        long txTimestamp) {

    /**
     * One stage: its name, the slave chain that records it, the fields it may share with the master
     * chain.
     */
    public record Stage(String name, String slaveChainId, List<String> keyFields) {
        public Stage {
            keyFields = List.copyOf(keyFields);
        }
    }

    public ProcessDefinition {
        stages = List.copyOf(stages);
        transitions = transitions.stream().map(List::copyOf).toList();
        firstStages = List.copyOf(firstStages);
    }

    /** The stage called {@code name}, or null. */
    public Stage stage(String name) {
        for (Stage s : stages) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    public boolean isFirstStage(String name) {
        return firstStages.contains(name);
    }

    /** The stages with a transition into {@code name}, sorted. */
    public SortedSet<String> predecessors(String name) {
        TreeSet<String> out = new TreeSet<>();
        for (List<String> t : transitions) {
            if (t.get(1).equals(name)) {
                out.add(t.get(0));
            }
        }
        return out;
    }

    public List<String> stageNames() {
        return stages.stream().map(Stage::name).toList();
    }

    /** Same stages, transitions and first stages (who defined it and when do not matter). */
    public boolean sameProcess(ProcessDefinition other) {
        return other != null
                && stages.equals(other.stages)
                && transitions.equals(other.transitions)
                && firstStages.equals(other.firstStages);
    }

    public JsonObject toJson() {
        JsonArray stageArray = new JsonArray();
        for (Stage s : stages) {
            JsonObject o = new JsonObject();
            o.addProperty("name", s.name());
            o.addProperty("slaveChainId", s.slaveChainId());
            o.add("keyFields", Json.array(s.keyFields()));
            stageArray.add(o);
        }
        JsonArray transitionArray = new JsonArray();
        transitions.forEach(t -> transitionArray.add(Json.array(t)));
        JsonObject o = new JsonObject();
        o.addProperty("productType", productType);
        o.add("stages", stageArray);
        o.add("transitions", transitionArray);
        o.add("firstStages", Json.array(firstStages));
        o.addProperty("version", version);
        o.addProperty("definedBy", definedBy);
        o.addProperty("txId", txId);
        o.addProperty("txTimestamp", txTimestamp);
        return o;
    }

    public static ProcessDefinition fromJson(JsonObject o) {
        List<Stage> stages = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("stages")) {
            JsonObject s = e.getAsJsonObject();
            stages.add(
                    new Stage(
                            s.get("name").getAsString(),
                            s.get("slaveChainId").getAsString(),
                            Json.strings(s.getAsJsonArray("keyFields"))));
        }
        List<List<String>> transitions = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("transitions")) {
            transitions.add(Json.strings(e.getAsJsonArray()));
        }
        return new ProcessDefinition(
                o.get("productType").getAsString(),
                stages,
                transitions,
                Json.strings(o.getAsJsonArray("firstStages")),
                o.get("version").getAsLong(),
                o.get("definedBy").getAsString(),
                o.get("txId").getAsString(),
                o.get("txTimestamp").getAsLong());
    }

    /**
     * Parses and checks a definition document {@code
     * {"stages":[{"name","slaveChainId","keyFields":[...]}],"transitions":[[from,to],...],"firstStages":[...]}}.
     * Without transitions the stages form a line in the order listed; without firstStages the first
     * stages are those no transition leads into.
     */
    static Draft parse(String definitionJson) {
        String doc = "process definition";
        JsonObject o = Json.requestObject(definitionJson, doc);
        Json.rejectUnknown(o, doc, "stages", "transitions", "firstStages");
        JsonElement stagesValue = o.get("stages");
        if (stagesValue == null
                || !stagesValue.isJsonArray()
                || stagesValue.getAsJsonArray().isEmpty()) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST, doc + ": \"stages\" must be a non-empty array");
        }
        JsonArray stageArray = stagesValue.getAsJsonArray();
        if (stageArray.size() > MAX_STAGES) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    doc + ": at most " + MAX_STAGES + " stages, got " + stageArray.size());
        }
        List<Stage> stages = new ArrayList<>();
        TreeMap<String, Stage> byName = new TreeMap<>();
        for (int i = 0; i < stageArray.size(); i++) {
            String where = doc + " stage " + i;
            if (!stageArray.get(i).isJsonObject()) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST,
                        where + " must be an object {name, slaveChainId, keyFields}");
            }
            JsonObject s = stageArray.get(i).getAsJsonObject();
            Json.rejectUnknown(s, where, "name", "slaveChainId", "keyFields");
            String name = Json.stageName(Json.requireString(s, "name", where));
            String chain = Json.requireString(s, "slaveChainId", where);
            List<String> fields =
                    Json.distinctStrings(s.get("keyFields"), where + " keyFields", 64, 128);
            Stage stage = new Stage(name, chain, fields);
            if (byName.put(name, stage) != null) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST, doc + ": stage " + name + " is defined twice");
            }
            stages.add(stage);
        }

        List<List<String>> transitions = new ArrayList<>();
        JsonElement tv = o.get("transitions");
        if (tv == null || tv.isJsonNull()) {
            for (int i = 0; i + 1 < stages.size(); i++) {
                transitions.add(List.of(stages.get(i).name(), stages.get(i + 1).name()));
            }
        } else {
            if (!tv.isJsonArray()) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST,
                        doc + ": \"transitions\" must be an array of [from, to] pairs");
            }
            TreeSet<String> seen = new TreeSet<>();
            for (JsonElement t : tv.getAsJsonArray()) {
                List<String> pair = Json.distinctStrings(t, doc + " transition " + t, 2, 128);
                if (pair.size() != 2) {
                    throw new ContractError(
                            ErrorCodes.BAD_REQUEST,
                            doc
                                    + ": transition "
                                    + t
                                    + " must be [from, to] with two different stages");
                }
                for (String end : pair) {
                    if (!byName.containsKey(end)) {
                        throw new ContractError(
                                ErrorCodes.BAD_REQUEST,
                                doc
                                        + ": transition "
                                        + t
                                        + " names stage "
                                        + end
                                        + ", which is not among the stages "
                                        + stages.stream().map(Stage::name).toList());
                    }
                }
                if (!seen.add(pair.get(0) + "\u0000" + pair.get(1))) {
                    throw new ContractError(
                            ErrorCodes.BAD_REQUEST, doc + ": transition " + t + " is listed twice");
                }
                transitions.add(pair);
            }
        }

        List<String> firstStages;
        JsonElement fv = o.get("firstStages");
        if (fv == null || fv.isJsonNull()) {
            TreeSet<String> targets = new TreeSet<>();
            transitions.forEach(t -> targets.add(t.get(1)));
            firstStages =
                    stages.stream().map(Stage::name).filter(n -> !targets.contains(n)).toList();
            if (firstStages.isEmpty()) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST,
                        doc
                                + ": every stage has a predecessor, so no product could ever start; "
                                + "list \"firstStages\"");
            }
        } else {
            firstStages = Json.distinctStrings(fv, doc + " firstStages", MAX_STAGES, 128);
            if (firstStages.isEmpty()) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST,
                        doc + ": \"firstStages\" must name at least one stage");
            }
            for (String f : firstStages) {
                if (!byName.containsKey(f)) {
                    throw new ContractError(
                            ErrorCodes.BAD_REQUEST,
                            doc
                                    + ": first stage "
                                    + f
                                    + " is not among the stages "
                                    + stages.stream().map(Stage::name).toList());
                }
            }
        }
        return new Draft(stages, transitions, firstStages);
    }

    public static final int MAX_STAGES = 64;

    /** A parsed definition not yet bound to a product type and transaction. */
    record Draft(List<Stage> stages, List<List<String>> transitions, List<String> firstStages) {
        Map<String, Stage> byName() {
            TreeMap<String, Stage> m = new TreeMap<>();
            stages.forEach(s -> m.put(s.name(), s));
            return m;
        }
    }
}
