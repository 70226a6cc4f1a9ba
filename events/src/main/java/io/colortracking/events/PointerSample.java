package io.colortracking.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One sample of a visitor's pointer, written as the array {@code [t_ms, "area", x, y, "m"|"c"]}.
 *
 * @param t milliseconds since the session's start
 * @param area the area the position is relative to ({@link ColorEventRules#isAreaName}); {@value #VIEWPORT}
 *     when the pointer was over no marked area: then relative to the viewport
 * @param x from 0 (left) to 1 (right)
 * @param y from 0 (top) to 1 (bottom)
 * @param kind {@value #MOVE} for a move, {@value #CLICK} for a click
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"t", "area", "x", "y", "kind"})
public record PointerSample(long t, String area, double x, double y, String kind) {

    public static final String MOVE = "m";
    public static final String CLICK = "c";
    /** The area of a position relative to the viewport. */
    public static final String VIEWPORT = "viewport";

    @JsonIgnore
    public boolean isClick() {
        return CLICK.equals(kind);
    }
}
