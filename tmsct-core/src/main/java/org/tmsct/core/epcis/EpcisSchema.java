package org.tmsct.core.epcis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonElement;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validation of EPCIS documents against a JSON Schema file (draft-07, such as GS1's {@code
 * EPCIS-JSON-Schema.json}), with formats such as {@code date-time} and {@code uri} asserted.
 *
 * <p>Validation never goes to the network: the schema's own {@code $id} is served from the file,
 * and any other schema it refers to is refused.
 *
 * <p>Needs {@code com.networknt:json-schema-validator} on the class path, an optional dependency of
 * this module: a module that uses this class declares it.
 */
public final class EpcisSchema {

    /** One way a document breaks the schema: where, as a JSON path, and the validator's words. */
    public record Violation(String jsonPath, String message) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonSchema schema;

    private EpcisSchema(JsonSchema schema) {
        this.schema = schema;
    }

    /**
     * Loads the schema of {@code file}.
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it is no JSON or no usable schema
     */
    public static EpcisSchema load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JSON Schema " + file, e);
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getOriginalMessage(), e);
        }
        String id =
                node.path("$id").isTextual() ? node.get("$id").asText() : file.toUri().toString();
        // served from the file; anything else the schema names is refused, never fetched
        AllowSchemaLoader onlyThisSchema = new AllowSchemaLoader(iri -> iri.toString().equals(id));
        JsonSchemaFactory factory =
                JsonSchemaFactory.getInstance(
                        SpecVersion.VersionFlag.V7,
                        builder ->
                                builder.schemaLoaders(
                                        loaders ->
                                                loaders.schemas(Map.of(id, text))
                                                        .add(onlyThisSchema)));
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder()
                        .pathType(PathType.JSON_PATH)
                        .formatAssertionsEnabled(true)
                        .locale(Locale.ENGLISH)
                        .build();
        try {
            JsonSchema schema = factory.getSchema(SchemaLocation.of(id), config);
            schema.initializeValidators(); // resolve every $ref now, not at the first document
            return new EpcisSchema(schema);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a usable JSON Schema: " + e, e);
        }
    }

    /**
     * The violations of {@code json}, in the validator's order without repeats; empty if the
     * document is valid. Text that is no JSON gives a single violation at {@code $}.
     */
    public List<Violation> validate(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return List.of(new Violation(JsonPath.ROOT, "not JSON: " + e.getOriginalMessage()));
        }
        Set<Violation> out = new LinkedHashSet<>();
        for (ValidationMessage m : schema.validate(node)) {
            out.add(new Violation(m.getInstanceLocation().toString(), m.getMessage()));
        }
        return List.copyOf(new ArrayList<>(out));
    }

    /** As {@link #validate(String)}, for a parsed document. */
    public List<Violation> validate(JsonElement json) {
        return validate(json.toString());
    }

    /**
     * Refuses a document that breaks the schema.
     *
     * @throws EpcisFormatException at the path of the first violation, its message listing all
     */
    public void check(String json) {
        List<Violation> violations = validate(json);
        if (!violations.isEmpty()) {
            StringBuilder all = new StringBuilder("the document breaks the JSON Schema:");
            violations.forEach(v -> all.append("\n  ").append(v.message()));
            throw new EpcisFormatException(violations.get(0).jsonPath(), all.toString());
        }
    }
}
