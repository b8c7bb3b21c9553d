package org.tmsct.core.epcis;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Standard vocabulary written in bare form, as JSON-LD lets an EPCIS 2.0 event write it ({@code
 * "bizStep": "shipping"}), expanded to its GS1 web URI ({@code
 * https://ref.gs1.org/cbv/BizStep-shipping}) for the event hash (CBV 2.0 rule 16).
 *
 * <p>The reference implementation expands the document with JSON-LD and then replaces every string
 * of the document that is the last segment ({@code /x} or {@code -x}) of exactly one CBV or GS1
 * vocabulary URI found by the expansion. This class reproduces that without a JSON-LD processor:
 * the URIs are those the EPCIS 2.0 context gives the bare terms at their usual places, plus the CBV
 * and GS1 vocabulary URIs written out in the event. The terms are those of the EPCIS 2.0 JSON-LD
 * context.
 */
final class EventHashVocabulary {

    private static final String CBV = "https://ref.gs1.org/cbv/";
    private static final String GS1 = "https://gs1.org/voc/";

    /** Which URIs count: the reference only substitutes CBV and GS1 vocabulary. */
    private static final List<String> VOCABULARY_ROOTS = List.of("https://ref.gs1.org/cbv", GS1);

    /** The compact IRI prefixes of the EPCIS context that lead to those vocabularies. */
    private static final Map<String, String> PREFIXES = Map.of("cbv", CBV, "gs1", GS1);

    private record Terms(String uriPrefix, Set<String> names) {
        Terms(String uriPrefix, String names) {
            this(uriPrefix, Set.of(names.trim().split("\\s+")));
        }
    }

    private static final Terms BIZ_STEP =
            new Terms(
                    CBV + "BizStep-",
                    """
                    accepting arriving assembling collecting commissioning consigning
                    creating_class_instance cycle_counting decommissioning departing destroying
                    disassembling dispensing encoding entering_exiting holding inspecting installing
                    killing loading other packing picking receiving removing repackaging repairing
                    replacing reserving retail_selling sampling sensor_reporting shipping
                    staging_outbound stock_taking stocking storing transporting unloading unpacking
                    void_shipping
                    """);

    private static final Terms DISPOSITION =
            new Terms(
                    CBV + "Disp-",
                    """
                    active available completeness_verified completeness_inferred conformant
                    container_closed container_open damaged destroyed dispensed disposed encoded
                    expired in_progress in_transit inactive mismatch_instance mismatch_class
                    mismatch_quantity needs_replacement no_pedigree_match non_conformant
                    non_sellable_other partially_dispensed recalled reserved retail_sold returned
                    sellable_accessible sellable_not_accessible stolen unavailable unknown
                    """);

    private static final Terms BIZ_TRANSACTION_TYPE =
            new Terms(
                    CBV + "BTT-",
                    "bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt");

    private static final Terms SOURCE_DESTINATION_TYPE =
            new Terms(CBV + "SDT-", "owning_party possessing_party location");

    private static final Terms ERROR_REASON =
            new Terms(CBV + "ER-", "did_not_occur incorrect_data");

    private static final Terms MEASUREMENT_TYPE =
            new Terms(
                    GS1,
                    """
                    AbsoluteHumidity AbsorbedDose AbsorbedDoseRate Acceleration Radioactivity
                    Altitude AmountOfSubstance AmountOfSubstancePerUnitVolume Angle
                    AngularAcceleration AngularMomentum AngularVelocity Area Capacitance
                    Conductance Conductivity Count Density Dimensionless DoseEquivalent
                    DoseEquivalentRate DynamicViscosity ElectricCharge ElectricCurrent
                    ElectricCurrentDensity ElectricFieldStrength Energy Exposure Force Frequency
                    Illuminance Inductance Irradiance KinematicViscosity Length LinearMomentum
                    Luminance LuminousFlux LuminousIntensity MagneticFlux MagneticFluxDensity
                    MagneticVectorPotential Mass MassConcentration MassFlowRate MassPerAreaTime
                    MemoryCapacity MolalityOfSolute MolarEnergy MolarMass MolarVolume Power
                    Pressure RadiantFlux RadiantIntensity RelativeHumidity Resistance Resistivity
                    SolidAngle SpecificVolume Speed SurfaceDensity SurfaceTension Temperature Time
                    Torque Voltage Volume VolumeFlowRate VolumeFraction VolumetricFlux Wavenumber
                    """);

    private static final Terms SENSOR_EXCEPTION = new Terms(GS1, "ALARM_CONDITION ERROR_CONDITION");

    private static final Terms COMPONENT =
            new Terms(
                    CBV + "Comp-",
                    """
                    x y z axial_distance azimuth height spherical_radius polar_angle
                    elevation_angle easting northing latitude longitude altitude
                    """);

    private final Set<String> uris = new HashSet<>();
    private final Map<String, String> namespaces;

    private EventHashVocabulary(Map<String, String> namespaces) {
        this.namespaces = namespaces;
    }

    /** The vocabulary URIs of {@code event} that bare strings may stand for. */
    static EventHashVocabulary of(JsonObject event, Map<String, String> namespaces) {
        EventHashVocabulary vocabulary = new EventHashVocabulary(namespaces);
        vocabulary.collect(event, "");
        return vocabulary;
    }

    /**
     * The URI that {@code value} abbreviates: the one vocabulary URI of the event that ends in
     * {@code "/" + value} or {@code "-" + value}; {@code value} itself if there is none, or more
     * than one.
     */
    String expand(String value) {
        String found = null;
        for (String uri : uris) {
            if (uri.endsWith("/" + value) || uri.endsWith("-" + value)) {
                if (found != null) {
                    return value;
                }
                found = uri;
            }
        }
        return found != null ? found : value;
    }

    /** Walks the event; {@code owner} is the member name of the object or array holding it. */
    private void collect(JsonElement element, String owner) {
        if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(item -> collect(item, owner));
        } else if (element.isJsonObject()) {
            for (Map.Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
                Terms terms = termsAt(owner, member.getKey());
                if (terms != null) {
                    addTermValues(member.getValue(), terms);
                }
                collect(member.getValue(), member.getKey());
            }
        } else if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
            add(element.getAsString());
        }
    }

    private void addTermValues(JsonElement value, Terms terms) {
        if (value.isJsonArray()) {
            value.getAsJsonArray().forEach(item -> addTermValues(item, terms));
        } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            String term = value.getAsString();
            add(terms.names().contains(term) ? terms.uriPrefix() + term : expandCompact(term));
        }
    }

    /** {@code prefix:rest} with the prefix of the EPCIS context or the document, expanded. */
    private String expandCompact(String value) {
        int colon = value.indexOf(':');
        if (colon > 0 && !value.startsWith("//", colon + 1)) {
            String prefix = value.substring(0, colon);
            String namespace = PREFIXES.getOrDefault(prefix, namespaces.get(prefix));
            if (namespace != null) {
                return namespace + value.substring(colon + 1);
            }
        }
        return value;
    }

    private void add(String uri) {
        for (String root : VOCABULARY_ROOTS) {
            if (uri.startsWith(root)) {
                uris.add(uri);
                return;
            }
        }
    }

    /**
     * The vocabulary whose bare terms member {@code name} of an object under {@code owner} takes.
     */
    private static Terms termsAt(String owner, String name) {
        switch (name) {
            case "bizStep":
                return BIZ_STEP;
            case "disposition":
                return DISPOSITION;
            default:
                break;
        }
        return switch (owner + "." + name) {
            case "persistentDisposition.set", "persistentDisposition.unset" -> DISPOSITION;
            case "bizTransactionList.type" -> BIZ_TRANSACTION_TYPE;
            case "sourceList.type", "destinationList.type" -> SOURCE_DESTINATION_TYPE;
            case "errorDeclaration.reason" -> ERROR_REASON;
            case "sensorReport.type" -> MEASUREMENT_TYPE;
            case "sensorReport.exception" -> SENSOR_EXCEPTION;
            case "sensorReport.component" -> COMPONENT;
            default -> null;
        };
    }
}
