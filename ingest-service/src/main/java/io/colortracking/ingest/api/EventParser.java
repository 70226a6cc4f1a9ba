package io.colortracking.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.colortracking.events.Action;
import io.colortracking.events.ColorEvent;
import io.colortracking.events.ColorEventRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

/**
 * Turns one event of a request body into a {@link ColorEvent}, or says exactly what is wrong with
 * it. The conversion happens here, at the edge; the rest of the service only sees valid events.
 */
final class EventParser {

    private static final Set<String> FIELDS = Set.of("id", "action", "color", "occurred_at", "page", "area", "x", "y");

    private final Set<String> palette;
    private final Duration maxClockSkew;
    private final Clock clock;

    EventParser(Set<String> palette, Duration maxClockSkew, Clock clock) {
        this.palette = palette;
        this.maxClockSkew = maxClockSkew;
        this.clock = clock;
    }

    /**
     * The outcome for one event: exactly one of {@code event} and {@code error} is set.
     *
     * @param idGiven whether the client sent the event's id (one ingest made cannot repeat)
     */
    record Parsed(ColorEvent event, String error, boolean idGiven) {
        static Parsed invalid(String error) {
            return new Parsed(null, error, false);
        }
    }

    Parsed parse(JsonNode node, String apiKey, Instant receivedAt) {
        if (node == null || !node.isObject()) {
            return Parsed.invalid("an event must be a JSON object");
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return Parsed.invalid("unknown field '" + truncate(name) + "'; allowed: "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        JsonNode actionNode = node.get("action");
        if (actionNode == null || actionNode.isNull()) {
            return Parsed.invalid("'action' is required: \"click\" or \"hover\"");
        }
        Action action = actionNode.isTextual() ? Action.fromWireName(actionNode.textValue()) : null;
        if (action == null) {
            return Parsed.invalid("'action' must be \"click\" or \"hover\", got " + truncate(actionNode.toString()));
        }
        JsonNode colorNode = node.get("color");
        if (colorNode == null || colorNode.isNull()) {
            return Parsed.invalid("'color' is required: one of " + String.join(", ", palette));
        }
        if (!colorNode.isTextual()) {
            return Parsed.invalid(
                    "'color' must be one of " + String.join(", ", palette) + ", got " + truncate(colorNode.toString()));
        }
        UUID id;
        JsonNode idNode = node.get("id");
        if (idNode == null || idNode.isNull()) {
            id = EventIds.next();
        } else {
            id = uuid(idNode);
            if (id == null) {
                return Parsed.invalid("'id' must be a UUID string such as \"3f0c9a52-1c1e-4b59-9e0e-2f6b1d6a7c11\"");
            }
        }
        Instant occurredAt;
        JsonNode occurredNode = node.get("occurred_at");
        if (occurredNode == null || occurredNode.isNull()) {
            occurredAt = receivedAt;
        } else {
            occurredAt = instant(occurredNode);
            if (occurredAt == null) {
                return Parsed.invalid(
                        "'occurred_at' must be an ISO-8601 UTC timestamp such as \"2026-11-27T10:15:30Z\"");
            }
            if (occurredAt.isAfter(receivedAt.plus(maxClockSkew))) {
                return Parsed.invalid(
                        "'occurred_at' lies more than " + maxClockSkew.toMinutes() + " minutes in the future");
            }
        }
        String page = null;
        JsonNode pageNode = node.get("page");
        if (pageNode != null && !pageNode.isNull()) {
            if (!pageNode.isTextual()) {
                return Parsed.invalid(
                        "'page' must be a string of at most " + ColorEventRules.MAX_PAGE_LENGTH + " characters");
            }
            page = pageNode.textValue();
        }
        Double x = null;
        Double y = null;
        for (String axis : new String[] {"x", "y"}) {
            JsonNode value = node.get(axis);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isNumber()) {
                return Parsed.invalid("'" + axis + "' must be a number from 0 to 1, got " + truncate(value.toString()));
            }
            if (axis.equals("x")) {
                x = value.doubleValue();
            } else {
                y = value.doubleValue();
            }
        }
        String area = null;
        JsonNode areaNode = node.get("area");
        if (areaNode != null && !areaNode.isNull()) {
            if (!areaNode.isTextual()) {
                return Parsed.invalid("'area' must be a string: " + ColorEventRules.AREA_GRAMMAR);
            }
            area = areaNode.textValue();
        } else if (x != null && y != null) {
            area = ColorEvent.ELEMENT_AREA; // a position without an area is relative to the element
        }
        ColorEvent event =
                new ColorEvent(id, apiKey, action, colorNode.textValue(), occurredAt, receivedAt, page, area, x, y);
        String problem = ColorEventRules.problemWith(event, palette);
        if (problem == null) {
            problem = ColorEventRules.positionProblem(event);
        }
        return problem == null ? new Parsed(event, null, idNode != null && !idNode.isNull()) : Parsed.invalid(problem);
    }

    Instant now() {
        return clock.instant();
    }

    private static UUID uuid(JsonNode node) {
        if (!node.isTextual() || node.textValue().length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(node.textValue());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant instant(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.textValue());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String truncate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
