package io.colortracking.counter.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One day's heatmap of {@code heat_days}, as the heatmap API reads it; written only by {@link HeatRepository}. */
@Entity
@Table(name = "heat_days")
@IdClass(HeatDayEntity.Key.class)
@Immutable
public class HeatDayEntity extends PanacheEntityBase {

    @Id
    @Column(name = "api_key")
    public String apiKey;

    @Id
    @Column(name = "area")
    public String area;

    @Id
    @Column(name = "action_id")
    public short actionId;

    @Id
    @Column(name = "day")
    public LocalDate day;

    @Id
    @Column(name = "color_id")
    public short colorId;

    /** 1024 counts, row by row. */
    @Column(name = "cells")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public long[] cells;

    /** The grids of one area and action on the days {@code from} to {@code to} (inclusive), of one color or all. */
    public static List<HeatDayEntity> inRange(
            String apiKey, String area, short actionId, Short colorId, LocalDate from, LocalDate to) {
        String query = "apiKey = ?1 and area = ?2 and actionId = ?3 and day >= ?4 and day <= ?5";
        return colorId == null
                ? list(query, apiKey, area, actionId, from, to)
                : list(query + " and colorId = ?6", apiKey, area, actionId, from, to, colorId);
    }

    /** The primary key. */
    public static class Key implements Serializable {
        public String apiKey;
        public String area;
        public short actionId;
        public LocalDate day;
        public short colorId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && apiKey.equals(key.apiKey)
                    && area.equals(key.area)
                    && actionId == key.actionId
                    && day.equals(key.day)
                    && colorId == key.colorId;
        }

        @Override
        public int hashCode() {
            return Objects.hash(apiKey, area, actionId, day, colorId);
        }
    }
}
