package io.colortracking.ingest.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One event of a request body as it was sent, before {@link EventParser} judges it: whether it was
 * an object, the first field it has that no event has, and each known field's value — a
 * {@link String} for JSON text, {@code null} for JSON null or no field, any other value as its
 * {@link JsonNode}. Read straight from the body's tokens ({@link #read}) for a batch, so that a
 * batch needs no tree, or from a tree ({@link #of}) for everything else; both give the same fields.
 */
final class EventFields {

    /** The fields an event may have, in the order the error message lists them. */
    static final List<String> NAMES = List.of("action", "area", "color", "id", "occurred_at", "page", "x", "y");

    static final int ACTION = 0;
    static final int AREA = 1;
    static final int COLOR = 2;
    static final int ID = 3;
    static final int OCCURRED_AT = 4;
    static final int PAGE = 5;
    static final int X = 6;
    static final int Y = 7;

    private static final EventFields NOT_AN_OBJECT = new EventFields(false);

    /**
     * Reads one value of an event as its tree, as the body's tree would hold it. Not the body's
     * own reader: that one refuses anything after the value it reads, and inside an event something
     * always follows. The parser's own rules (duplicates, nesting) still hold.
     */
    private static final ObjectReader VALUE_TREES = new ObjectMapper().reader();

    private final boolean object;
    private final Object[] values = new Object[NAMES.size()];
    private String unknownField;

    private EventFields(boolean object) {
        this.object = object;
    }

    /** Whether the event was a JSON object at all. */
    boolean isObject() {
        return object;
    }

    /** The first field (in the body's order) that no event has, or {@code null}. */
    String unknownField() {
        return unknownField;
    }

    /** The field's value: a {@link String}, another JSON value's {@link JsonNode}, or {@code null}. */
    Object get(int field) {
        return values[field];
    }

    /** A value as JSON text, for error messages: {@code "text"} quoted, anything else as written. */
    static String json(Object value) {
        return value instanceof String text ? TextNode.valueOf(text).toString() : String.valueOf(value);
    }

    /** The fields of one event of a tree: the single event of a body, or the form's. */
    static EventFields of(JsonNode node) {
        if (node == null || !node.isObject()) {
            return NOT_AN_OBJECT;
        }
        EventFields fields = new EventFields(true);
        for (var entries = node.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode value = entry.getValue();
            fields.put(entry.getKey(), value.isNull() ? null : value.isTextual() ? value.textValue() : value);
        }
        return fields;
    }

    /**
     * The fields of the event whose token the parser is on, read up to and including its last
     * token; values other than text and null become trees.
     */
    static EventFields read(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return NOT_AN_OBJECT;
        }
        EventFields fields = new EventFields(true);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            Object value;
            if (token == JsonToken.VALUE_STRING) {
                value = parser.getText();
            } else if (token == JsonToken.VALUE_NULL) {
                value = null;
            } else if (slot(name) < 0) {
                parser.skipChildren(); // an unknown field's value is never looked at
                value = null;
            } else {
                value = VALUE_TREES.readTree(parser); // numbers (x, y), or a wrong type
            }
            fields.put(name, value);
        }
        return fields;
    }

    private void put(String name, Object value) {
        int slot = slot(name);
        if (slot >= 0) {
            values[slot] = value;
        } else if (unknownField == null) {
            unknownField = name;
        }
    }

    private static int slot(String name) {
        return switch (name) {
            case "action" -> ACTION;
            case "area" -> AREA;
            case "color" -> COLOR;
            case "id" -> ID;
            case "occurred_at" -> OCCURRED_AT;
            case "page" -> PAGE;
            case "x" -> X;
            case "y" -> Y;
            default -> -1;
        };
    }
}
