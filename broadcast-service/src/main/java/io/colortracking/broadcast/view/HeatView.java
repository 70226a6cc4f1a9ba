package io.colortracking.broadcast.view;

import io.colortracking.events.HeatBin;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest committed all-time value of every heatmap cell, per tenant and area, as read from the
 * compacted {@code heat_bins} topic. A value older than the one held (lower version) is ignored,
 * so the view never goes back.
 */
@ApplicationScoped
public class HeatView {

    private static final Comparator<HeatBin> ORDER = Comparator.comparing((HeatBin bin) -> bin.action())
            .thenComparing(HeatBin::color)
            .thenComparingInt(HeatBin::by)
            .thenComparingInt(HeatBin::bx);

    /** api_key → area → cell (action:color:bx:by) → its latest value. */
    private final Map<String, Map<String, Map<String, HeatBin>>> byTenant = new ConcurrentHashMap<>();

    /** @return whether the view changed (the value is newer than what it held) */
    public boolean apply(HeatBin bin) {
        Map<String, HeatBin> cells = byTenant.computeIfAbsent(bin.apiKey(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(bin.area(), k -> new ConcurrentHashMap<>());
        boolean[] changed = {false};
        cells.compute(cell(bin), (k, held) -> {
            if (held == null || bin.version() > held.version()) {
                changed[0] = true;
                return bin;
            }
            return held;
        });
        return changed[0];
    }

    /** The area's cells, sorted by action, color, row and column. */
    public List<HeatBin> cells(String apiKey, String area) {
        List<HeatBin> cells = new ArrayList<>(byTenant.getOrDefault(apiKey, Map.of())
                .getOrDefault(area, Map.of())
                .values());
        cells.sort(ORDER);
        return cells;
    }

    /** Which cell of its area the value is: {@code action:color:bx:by}. */
    public static String cell(HeatBin bin) {
        return bin.action().wireName() + ":" + bin.color() + ":" + bin.bx() + ":" + bin.by();
    }
}
