package io.colortracking.broadcast.live;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code heat} parameter of the live endpoints: up to {@value #MAX} area names, comma-separated. */
public final class HeatAreas {

    public static final int MAX = 4;
    private static final Pattern AREA = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

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
            if (!AREA.matcher(area).matches()) {
                throw new IllegalArgumentException("'heat' must list up to " + MAX + " area names, comma-separated, "
                        + "each 1 to 32 of a-z, 0-9, '_' and '-'");
            }
            areas.add(area);
        }
        if (areas.size() > MAX) {
            throw new IllegalArgumentException("'heat' takes at most " + MAX + " areas, got " + areas.size());
        }
        return Set.copyOf(areas);
    }
}
