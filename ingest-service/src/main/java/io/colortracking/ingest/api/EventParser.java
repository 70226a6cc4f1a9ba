package io.colortracking.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.colortracking.events.Action;
import io.colortracking.events.ColorEvent;
import io.colortracking.events.ColorEventRules;
import io.colortracking.events.IsoInstantDeserializer;
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

    Parsed parse(EventFields fields, String apiKey, Instant receivedAt) {
        if (!fields.isObject()) {
            return Parsed.invalid("an event must be a JSON object");
        }
        if (fields.unknownField() != null) {
            return Parsed.invalid("unknown field '" + truncate(fields.unknownField()) + "'; allowed: "
                    + String.join(", ", EventFields.NAMES));
        }
        Object actionValue = fields.get(EventFields.ACTION);
        if (actionValue == null) {
            return Parsed.invalid("'action' is required: \"click\" or \"hover\"");
        }
        Action action = actionValue instanceof String text ? Action.fromWireName(text) : null;
        if (action == null) {
            return Parsed.invalid(
                    "'action' must be \"click\" or \"hover\", got " + truncate(EventFields.json(actionValue)));
        }
        Object colorValue = fields.get(EventFields.COLOR);
        if (colorValue == null) {
            return Parsed.invalid("'color' is required: one of " + String.join(", ", palette));
        }
        if (!(colorValue instanceof String color)) {
            return Parsed.invalid("'color' must be one of " + String.join(", ", palette) + ", got "
                    + truncate(EventFields.json(colorValue)));
        }
        UUID id;
        Object idValue = fields.get(EventFields.ID);
        if (idValue == null) {
            id = EventIds.next();
        } else {
            id = uuid(idValue);
            if (id == null) {
                return Parsed.invalid("'id' must be a UUID string such as \"3f0c9a52-1c1e-4b59-9e0e-2f6b1d6a7c11\"");
            }
        }
        Instant occurredAt;
        Object occurredValue = fields.get(EventFields.OCCURRED_AT);
        if (occurredValue == null) {
            occurredAt = receivedAt;
        } else {
            occurredAt = instant(occurredValue);
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
        Object pageValue = fields.get(EventFields.PAGE);
        if (pageValue != null) {
            if (!(pageValue instanceof String text)) {
                return Parsed.invalid(
                        "'page' must be a string of at most " + ColorEventRules.MAX_PAGE_LENGTH + " characters");
            }
            page = text;
        }
        Double x = null;
        Double y = null;
        for (int axis : new int[] {EventFields.X, EventFields.Y}) {
            Object value = fields.get(axis);
            if (value == null) {
                continue;
            }
            if (!(value instanceof JsonNode number && number.isNumber())) {
                return Parsed.invalid("'" + EventFields.NAMES.get(axis) + "' must be a number from 0 to 1, got "
                        + truncate(EventFields.json(value)));
            }
            if (axis == EventFields.X) {
                x = number.doubleValue();
            } else {
                y = number.doubleValue();
            }
        }
        String area = null;
        Object areaValue = fields.get(EventFields.AREA);
        if (areaValue != null) {
            if (!(areaValue instanceof String text)) {
                return Parsed.invalid("'area' must be a string: " + ColorEventRules.AREA_GRAMMAR);
            }
            area = text;
        } else if (x != null && y != null) {
            area = ColorEvent.ELEMENT_AREA; // a position without an area is relative to the element
        }
        ColorEvent event = new ColorEvent(id, apiKey, action, color, occurredAt, receivedAt, page, area, x, y);
        String problem = ColorEventRules.problemWithAdmittedKey(event, palette); // the key passed admission
        if (problem == null) {
            problem = ColorEventRules.positionProblem(event);
        }
        return problem == null ? new Parsed(event, null, idValue != null) : Parsed.invalid(problem);
    }

    Instant now() {
        return clock.instant();
    }

    private static UUID uuid(Object value) {
        if (!(value instanceof String text) || text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The instant of an ISO-8601 UTC timestamp, or {@code null}: what {@link Instant#parse} reads,
     * the form browsers write ({@code Date.toISOString()}: {@code 2026-11-27T10:15:30.123Z}) read
     * directly first ({@link IsoInstantDeserializer#parse}: {@code Instant.parse} took a sixth of
     * ingest's CPU for tracker.js's events), anything else by {@code Instant.parse} itself.
     */
    static Instant instant(Object value) {
        if (!(value instanceof String text)) {
            return null;
        }
        Instant fast = IsoInstantDeserializer.parse(text);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String truncate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
