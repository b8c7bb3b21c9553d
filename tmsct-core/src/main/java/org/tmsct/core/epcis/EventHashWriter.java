package org.tmsct.core.epcis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tmsct.core.epcis.EventHashTree.Element;

/**
 * Writes the pre-hash string of an event tree (CBV 2.0, section on the EPCIS event hash).
 *
 * <p>The standard fields come first, in the canonical property order of {@link #EVENT}; each is
 * written as {@code name=value}, or as its name followed by its children, with no separators.
 * Repeated elements (the items of a list) are sorted as strings. Writing an element consumes it
 * from the tree. What is left afterwards (user extensions, {@code ilmd}, the business transaction,
 * source and destination lists, anything unknown) follows, sorted, except for the fields the hash
 * leaves out: {@code eventID}, {@code recordTime}, {@code errorDeclaration} and the event type
 * (already written first).
 *
 * <p>User extensions inside a standard element of the property order ({@code readPoint}, {@code
 * sensorMetadata}, ...) are written at the end of that element's fields.
 */
final class EventHashWriter {

    /** A field of the property order, with the order of its children if it has any. */
    private record Field(String name, List<Field> children) {}

    private static Field leaf(String name) {
        return new Field(name, null);
    }

    private static Field parent(String name, Field... children) {
        return new Field(name, List.of(children));
    }

    private static Field[] leaves(String... names) {
        return Arrays.stream(names).map(EventHashWriter::leaf).toArray(Field[]::new);
    }

    private static final Field QUANTITY_ELEMENT =
            parent("quantityElement", leaves("epcClass", "quantity", "uom"));

    /**
     * The canonical property order. bizTransactionList, sourceList and destinationList have their
     * place in the standard's table between bizLocation and sensorElementList, but the reference
     * never matches their items there, so they are written with what is left over.
     */
    static final List<Field> EVENT =
            List.of(
                    leaf("eventTime"),
                    leaf("eventTimeZoneOffset"),
                    leaf("certificationInfo"),
                    leaf("parentID"),
                    parent("epcList", leaf("epc")),
                    parent("inputEPCList", leaf("epc")),
                    parent("childEPCs", leaf("epc")),
                    parent("quantityList", QUANTITY_ELEMENT),
                    parent("childQuantityList", QUANTITY_ELEMENT),
                    parent("inputQuantityList", QUANTITY_ELEMENT),
                    parent("outputEPCList", leaf("epc")),
                    parent("outputQuantityList", QUANTITY_ELEMENT),
                    leaf("action"),
                    leaf("transformationID"),
                    leaf("bizStep"),
                    leaf("disposition"),
                    parent("persistentDisposition", leaves("set", "unset")),
                    parent("readPoint", leaf("id")),
                    parent("bizLocation", leaf("id")),
                    parent(
                            "sensorElementList",
                            parent(
                                    "sensorElement",
                                    parent(
                                            "sensorMetadata",
                                            leaves(
                                                    "time",
                                                    "startTime",
                                                    "endTime",
                                                    "deviceID",
                                                    "deviceMetadata",
                                                    "rawData",
                                                    "dataProcessingMethod",
                                                    "bizRules")),
                                    parent(
                                            "sensorReport",
                                            leaves(
                                                    "type",
                                                    "exception",
                                                    "deviceID",
                                                    "deviceMetadata",
                                                    "rawData",
                                                    "dataProcessingMethod",
                                                    "time",
                                                    "microorganism",
                                                    "chemicalSubstance",
                                                    "value",
                                                    "component",
                                                    "stringValue",
                                                    "booleanValue",
                                                    "hexBinaryValue",
                                                    "uriValue",
                                                    "minValue",
                                                    "maxValue",
                                                    "meanValue",
                                                    "sDev",
                                                    "percRank",
                                                    "percValue",
                                                    "uom",
                                                    "coordinateReferenceSystem")))));

    /** Top-level fields that are not part of the hash. */
    private static final Set<String> EXCLUDED =
            Set.of("eventID", "recordTime", "errorDeclaration", "type");

    private EventHashWriter() {}

    /** The pre-hash string of {@code event}. Consumes the tree. */
    static String preHash(Element event) {
        List<Element> fields = event.children;
        String ordered = inOrder(fields, EVENT);
        fields.removeIf(field -> EXCLUDED.contains(field.name));
        return "eventType=" + event.name + ordered + unordered(fields);
    }

    /** Writes and consumes the {@code elements} that {@code order} names, in that order. */
    private static String inOrder(List<Element> elements, List<Field> order) {
        List<Element> extensions = takeExtensions(elements);
        StringBuilder out = new StringBuilder();
        for (Field field : order) {
            List<String> written = new ArrayList<>();
            for (Element element : List.copyOf(elements)) {
                if (!element.name.equals(field.name())) {
                    continue;
                }
                String text = inOrder(element, field);
                if (!text.isEmpty()) {
                    written.add(text);
                }
                // an element goes once all of it is written; what is left is written later
                if (element.children.isEmpty()) {
                    elements.remove(element);
                }
            }
            written.sort(EventHashTree::compareCodePoints);
            written.forEach(out::append);
        }
        return out.append(unordered(extensions)).toString();
    }

    private static String inOrder(Element element, Field field) {
        String children =
                field.children() == null ? "" : inOrder(element.children, field.children());
        String value = "";
        if (!element.text.isEmpty()) {
            String text = EventHashValues.strip(element.text);
            value =
                    isTimestamp(element.name)
                            ? EventHashValues.timestamp(text)
                            : EventHashValues.canonical(text);
        }
        if (value.isEmpty() && children.isEmpty()) {
            return "";
        }
        return element.name + (value.isEmpty() ? "" : "=" + value) + children;
    }

    private static boolean isTimestamp(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("time") && !lower.contains("offset");
    }

    /**
     * Takes the user extensions out of the children of a standard element, to be written after its
     * standard fields. Extensions at the event's top level stay (they are written with the
     * leftovers), and so does a lone extension: that is how the reference does it.
     */
    private static List<Element> takeExtensions(List<Element> elements) {
        List<Element> extensions = new ArrayList<>();
        boolean topLevel =
                elements.stream()
                        .anyMatch(e -> e.name.contains("eventTime") || e.name.contains("action"));
        if (elements.size() <= 1 || topLevel) {
            return extensions;
        }
        for (Element element : elements) {
            // {namespace}name with a namespace ending in '/'
            if (element.name.contains("{") && element.name.contains("/}")) {
                extensions.add(element);
            }
        }
        elements.removeAll(extensions);
        return extensions;
    }

    /**
     * Writes elements without a property order: name, {@code =value} if any, then children, all
     * sorted, except beside a business transaction, source or destination, whose type stays where
     * it was written.
     */
    private static String unordered(List<Element> elements) {
        List<String> written = new ArrayList<>();
        for (Element element : elements) {
            String text = EventHashValues.strip(element.text);
            written.add(
                    element.name
                            + (text.isEmpty() ? "" : "=" + EventHashValues.canonical(text))
                            + unordered(element.children));
        }
        boolean keepOrder =
                elements.stream().anyMatch(e -> EventHashTree.PAIR_MEMBERS.contains(e.name));
        if (!keepOrder) {
            written.sort(EventHashTree::compareCodePoints);
        }
        return String.join("", written);
    }
}
