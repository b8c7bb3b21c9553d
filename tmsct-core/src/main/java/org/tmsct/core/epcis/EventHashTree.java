package org.tmsct.core.epcis;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An EPCIS event as the event hash sees it: a tree of named elements, each with a text value and
 * child elements, shaped like the event's XML form so that the JSON and XML forms of one event hash
 * alike.
 *
 * <p>The JSON becomes XML-shaped as follows: an array member becomes one element per item, all
 * with the member's name; a {@code ...List} member becomes a list element whose items drop the
 * suffix ({@code epcList} holds {@code epc} elements), quantity items become {@code
 * quantityElement}, input and output EPCs plain {@code epc}, and {@code childEPCs} items {@code
 * epc} too. Prefixed names of user extensions get their namespace from the document's {@code
 * @context} ({@code example:myField} becomes {@code {http://ns.example.com/epcis/}myField}).
 */
final class EventHashTree {

    /** Lists whose items are a value and its type, kept as a pair in the order written. */
    static final Set<String> PAIR_LISTS =
            Set.of("bizTransactionList", "sourceList", "destinationList");

    /** Members whose objects keep their member order instead of being sorted. */
    static final Set<String> PAIR_MEMBERS = Set.of("bizTransaction", "source", "destination");

    /** Members that are no child elements: the element's own text (XML-style) and comments. */
    private static final Set<String> NOT_CHILDREN = Set.of("#text", "rdfs:comment", "comment");

    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    /** Element order: by name, then text, then children, comparing strings by code point. */
    static final Comparator<Element> ORDER =
            Comparator.comparing((Element e) -> e.name, EventHashTree::compareCodePoints)
                    .thenComparing(e -> e.text, EventHashTree::compareCodePoints)
                    .thenComparing(e -> e.children, EventHashTree::compareChildren);

    /** One element: its name, its text ("" if none) and its children, which the writer consumes. */
    static final class Element {
        final String name;
        final String text;
        final List<Element> children;

        Element(String name, String text, List<Element> children) {
            this.name = name;
            this.text = text;
            this.children = children;
        }

        @Override
        public String toString() {
            return name + (text.isEmpty() ? "" : "=" + text) + children;
        }
    }

    private final Map<String, String> namespaces;
    private final EventHashVocabulary vocabulary;

    private EventHashTree(Map<String, String> namespaces, EventHashVocabulary vocabulary) {
        this.namespaces = namespaces;
        this.vocabulary = vocabulary;
    }

    /**
     * The tree of {@code event}; its root is named after the event type.
     *
     * @param namespaces prefix to namespace URI, from the document's {@code @context}
     */
    static Element of(JsonObject event, Map<String, String> namespaces) {
        EventHashTree tree =
                new EventHashTree(namespaces, EventHashVocabulary.of(event, namespaces));
        return xmlShaped(tree.element(event));
    }

    // --- JSON to elements ---------------------------------------------------------------------

    private Element element(JsonElement json) {
        if (json.isJsonArray()) {
            List<Element> items = new ArrayList<>();
            json.getAsJsonArray().forEach(item -> items.add(element(item)));
            if (!holdsPairMember(json.getAsJsonArray())) {
                items.sort(ORDER);
            }
            return new Element("", "", items);
        }
        if (json.isJsonObject()) {
            return objectElement(json.getAsJsonObject());
        }
        return new Element("", leafText(json), new ArrayList<>());
    }

    private Element objectElement(JsonObject object) {
        String name = object.has("type") ? plainText(object.get("type")) : "";
        String text = object.has("#text") ? plainText(object.get("#text")) : "";
        List<Element> children = new ArrayList<>();
        for (Map.Entry<String, JsonElement> member : object.entrySet()) {
            if (NOT_CHILDREN.contains(member.getKey())) {
                continue;
            }
            String key = expandedName(member.getKey());
            Element value = element(member.getValue());
            if (member.getValue().isJsonArray()) {
                for (Element item : value.children) {
                    children.add(new Element(key, item.text, item.children));
                }
            } else {
                children.add(new Element(key, value.text, value.children));
            }
        }
        // a value and its type (bizTransaction, source, destination) stay in the order written
        if (PAIR_MEMBERS.stream().noneMatch(object::has)) {
            children.sort(ORDER);
        }
        return new Element(name, text, children);
    }

    private static boolean holdsPairMember(JsonArray array) {
        for (JsonElement item : array) {
            if (item.isJsonPrimitive() && PAIR_MEMBERS.contains(item.getAsString())) {
                return true;
            }
        }
        return false;
    }

    /** Text of a leaf: strings with bare terms and prefixes expanded, other values as in Python. */
    private String leafText(JsonElement json) {
        if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isString()) {
            return expandedValue(vocabulary.expand(json.getAsString()));
        }
        return plainText(json);
    }

    /**
     * A value as the reference (Python) writes it: bare terms expanded in strings, {@code True} and
     * {@code False}, {@code None} for null, integers exactly and other numbers as doubles.
     */
    private String plainText(JsonElement json) {
        if (json.isJsonNull()) {
            return "None";
        }
        if (!json.isJsonPrimitive()) {
            return json.toString();
        }
        JsonPrimitive p = json.getAsJsonPrimitive();
        if (p.isString()) {
            return vocabulary.expand(p.getAsString());
        }
        if (p.isBoolean()) {
            return p.getAsBoolean() ? "True" : "False";
        }
        String literal = p.getAsString();
        if (INTEGER.matcher(literal).matches()) {
            return new BigInteger(literal).toString();
        }
        return EventHashValues.shortestRepr(Double.parseDouble(literal));
    }

    /** {@code prefix:local} of a member name as {@code {namespace}local}. */
    private String expandedName(String name) {
        int colon = name.indexOf(':');
        if (colon >= 0 && namespaces.containsKey(name.substring(0, colon))) {
            return "{" + namespaces.get(name.substring(0, colon)) + "}" + name.substring(colon + 1);
        }
        return name;
    }

    /** {@code prefix:local} of a string value as {@code namespace + local}. */
    private String expandedValue(String value) {
        int colon = value.indexOf(':');
        if (colon >= 0 && namespaces.containsKey(value.substring(0, colon))) {
            return namespaces.get(value.substring(0, colon)) + value.substring(colon + 1);
        }
        return value;
    }

    // --- JSON shape to XML shape ----------------------------------------------------------------

    private static Element xmlShaped(Element element) {
        List<Element> children = new ArrayList<>();
        Map<String, List<Element>> lists = new LinkedHashMap<>();
        List<Element> childEpcs = new ArrayList<>();
        for (Element child : element.children) {
            if (child.name.endsWith("List")) {
                String itemName = child.name.substring(0, child.name.length() - "List".length());
                lists.computeIfAbsent(child.name, n -> new ArrayList<>())
                        .add(new Element(itemName, child.text, child.children));
            } else if (child.name.equals("childEPCs")) {
                childEpcs.add(new Element("epc", child.text, new ArrayList<>()));
            } else {
                children.add(xmlShaped(child));
            }
        }
        for (Map.Entry<String, List<Element>> list : lists.entrySet()) {
            if (PAIR_LISTS.contains(list.getKey())) {
                List<Element> pairs = new ArrayList<>();
                list.getValue().forEach(item -> pairs.add(pair(item)));
                children.add(new Element(list.getKey(), "", pairs));
            } else {
                children.add(xmlShaped(new Element(list.getKey(), "", list.getValue())));
            }
        }
        if (!childEpcs.isEmpty()) {
            children.add(new Element("childEPCs", "", childEpcs));
        }
        return new Element(xmlName(element), element.text, children);
    }

    /**
     * A pair list item: a nameless element of the item's first two members, typically type and
     * value. (The reference fails on an item with fewer members; this keeps what there is.)
     */
    private static Element pair(Element item) {
        List<Element> members =
                new ArrayList<>(item.children.subList(0, Math.min(2, item.children.size())));
        return new Element("", "", members);
    }

    /** Names the JSON form spells differently from the XML form. */
    private static String xmlName(Element element) {
        return switch (element.name) {
            case "inputEPC", "outputEPC" -> "epc";
            case "inputQuantity", "outputQuantity", "childQuantity" -> "quantityElement";
            case "quantity" -> element.children.isEmpty() ? "quantity" : "quantityElement";
            default -> element.name;
        };
    }

    // --- ordering -------------------------------------------------------------------------------

    /** Compares by Unicode code point, the order of the strings' UTF-8 bytes. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static int compareChildren(List<Element> a, List<Element> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = ORDER.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
