package io.colortracking.counter.counting;

import io.colortracking.counter.persistence.Catalog;
import io.colortracking.counter.persistence.HeatDayEntity;
import io.colortracking.counter.persistence.HeatTotalEntity;
import io.colortracking.events.Action;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;

/** Reads one tenant's heatmaps: an area and action, all colors or one, over days or all time. */
@ApplicationScoped
public class HeatmapReader {

    private final Catalog catalog;

    public HeatmapReader(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The days {@code from} to {@code to}, inclusive (UTC days of received_at). */
    public HeatmapGrid days(
            String apiKey, String area, Action action, String color, LocalDate from, LocalDate to, int resolution) {
        return HeatmapGrid.fold(
                HeatmapGrid.sum(
                        HeatDayEntity.inRange(apiKey, area, catalog.actionId(action), colorId(color), from, to).stream()
                                .map(day -> day.cells)
                                .toList()),
                resolution);
    }

    /** All time: kept for ever, where the days are kept for the retention period only. */
    public HeatmapGrid allTime(String apiKey, String area, Action action, String color, int resolution) {
        return HeatmapGrid.fold(
                HeatmapGrid.sum(HeatTotalEntity.of(apiKey, area, catalog.actionId(action), colorId(color)).stream()
                        .map(total -> total.cells)
                        .toList()),
                resolution);
    }

    private Short colorId(String color) {
        return color == null ? null : catalog.colorId(color);
    }
}
