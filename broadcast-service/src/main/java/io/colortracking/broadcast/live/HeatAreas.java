package io.colortracking.broadcast.live;

import io.colortracking.events.ColorEventRules;
import java.util.LinkedHashSet;
import java.util.Set;

/** The {@code heat} parameter of the live endpoints: up to {@value #MAX} area names, comma-separated. */
public final class HeatAreas {

    public static final int MAX = 4;

    private HeatAreas() {}

    /**
     * @param parameter the parameter's value, or {@code null} (no heatmaps)
     * @return the areas, in the order given
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Set<String> parse(String parameter) {
        if (parameter == null) {
            return Set.of();
        }
        Set<String> areas = new LinkedHashSet<>();
        for (String area : parameter.split(",", -1)) {
            if (!ColorEventRules.isAreaName(area)) {
                throw new IllegalArgumentException("'heat' must list up to " + MAX
                        + " area names, comma-separated, each " + ColorEventRules.AREA_GRAMMAR);
            }
            areas.add(area);
        }
        if (areas.size() > MAX) {
            throw new IllegalArgumentException("'heat' takes at most " + MAX + " areas, got " + areas.size());
        }
        return Set.copyOf(areas);
    }
}
