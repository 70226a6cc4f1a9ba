package io.colortracking.events;

import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What makes a {@link ColorEvent} valid, checked the same way wherever it is checked: by
 * ingest-service before it produces an event (the problem is the client's 400), and by
 * counter-service before it counts one (the problem is the dead letter's reason). The JSON Schema
 * beside the record says the same for outside readers.
 */
public final class ColorEventRules {

    public static final int MAX_PAGE_LENGTH = 2048;
    /** What an area's name is (the value of a page's {@code data-ct-area}). */
    public static final String AREA_GRAMMAR = "1 to 32 of a-z, 0-9, '_' and '-', starting with a letter or digit";

    private static final Pattern AREA = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    /** What the database accepts as a time; anything else would fail the whole batch again and again. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    private ColorEventRules() {}

    /**
     * Whether the event can be counted; its area and position are {@link #positionProblem}'s.
     *
     * @return why the event is not valid for this palette, or {@code null}
     */
    public static String problemWith(ColorEvent event, Set<String> palette) {
        if (isIncomplete(event)) {
            return INCOMPLETE;
        }
        if (!ApiKey.isWellFormed(event.apiKey())) {
            return "api_key is not " + ApiKey.GRAMMAR;
        }
        return problemBesidesKey(event, palette);
    }

    /**
     * {@link #problemWith} for an event whose key is known to be well formed: ingest's events carry
     * the key the request was admitted with (checking it again per event was 3.7 % of ingest's
     * serving thread in benchmark P1).
     */
    public static String problemWithAdmittedKey(ColorEvent event, Set<String> palette) {
        return isIncomplete(event) ? INCOMPLETE : problemBesidesKey(event, palette);
    }

    private static final String INCOMPLETE = "incomplete: id, api_key, action, color and received_at are required";

    private static boolean isIncomplete(ColorEvent event) {
        return event.id() == null
                || event.apiKey() == null
                || event.action() == null
                || event.color() == null
                || event.receivedAt() == null;
    }

    private static String problemBesidesKey(ColorEvent event, Set<String> palette) {
        if (event.receivedAt().isBefore(EARLIEST) || event.receivedAt().isAfter(LATEST)) {
            return "received_at " + event.receivedAt() + " is out of range";
        }
        if (!palette.contains(event.color())) {
            return "'color' must be one of " + String.join(", ", palette) + ", got \"" + shortened(event.color())
                    + "\"";
        }
        return pageProblem(event.page());
    }

    /**
     * What is wrong with the event's area and position, or {@code null}: an area is a name of
     * {@link #AREA_GRAMMAR}; {@code x} and {@code y} come both or neither, each from 0 to 1.
     * Checked by ingest with {@link #problemWithAdmittedKey}; counter-service counts an event whose position
     * breaks these rules (one written before they existed) without its position.
     */
    public static String positionProblem(ColorEvent event) {
        if (event.area() != null && !isAreaName(event.area())) {
            return "'area' must be " + AREA_GRAMMAR + ", got \"" + shortened(event.area()) + "\"";
        }
        if ((event.x() == null) != (event.y() == null)) {
            return "'x' and 'y' come together: send both or neither";
        }
        if (!inUnitRange(event.x())) {
            return "'x' must be a number from 0 to 1, got " + event.x();
        }
        if (!inUnitRange(event.y())) {
            return "'y' must be a number from 0 to 1, got " + event.y();
        }
        return null;
    }

    /** Whether the text is an area's name ({@link #AREA_GRAMMAR}), wherever one is read. */
    public static boolean isAreaName(String text) {
        return text != null && AREA.matcher(text).matches();
    }

    /** What is wrong with a page address, or {@code null} (none is fine). */
    public static String pageProblem(String page) {
        if (page == null) {
            return null;
        }
        if (page.length() > MAX_PAGE_LENGTH) {
            return "'page' must be a string of at most " + MAX_PAGE_LENGTH + " characters";
        }
        // one pass (a control character anywhere is named first, before an unpaired surrogate)
        boolean unpaired = false;
        for (int i = 0; i < page.length(); i++) {
            char c = page.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "'page' must not contain control characters";
            }
            if (Character.isHighSurrogate(c) && i + 1 < page.length() && Character.isLowSurrogate(page.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                unpaired = true;
            }
        }
        return unpaired ? "'page' holds an unpaired UTF-16 surrogate (\\ud800-\\udfff escape)" : null;
    }

    private static boolean inUnitRange(Double value) {
        return value == null || (value >= 0.0 && value <= 1.0);
    }

    private static String shortened(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
