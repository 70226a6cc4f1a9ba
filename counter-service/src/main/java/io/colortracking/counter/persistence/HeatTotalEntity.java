package io.colortracking.counter.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An all-time heatmap of {@code heat_totals}, as the heatmap API reads it; written only by {@link HeatRepository}. */
@Entity
@Table(name = "heat_totals")
@IdClass(HeatTotalEntity.Key.class)
@Immutable
public class HeatTotalEntity extends PanacheEntityBase {

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
    @Column(name = "color_id")
    public short colorId;

    /** 1024 counts, row by row. */
    @Column(name = "cells")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public long[] cells;

    @Column(name = "version")
    public long version;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The all-time grids of one area and action, of one color or all. */
    public static List<HeatTotalEntity> of(String apiKey, String area, short actionId, Short colorId) {
        String query = "apiKey = ?1 and area = ?2 and actionId = ?3";
        return colorId == null
                ? list(query, apiKey, area, actionId)
                : list(query + " and colorId = ?4", apiKey, area, actionId, colorId);
    }

    /** The primary key. */
    public static class Key implements Serializable {
        public String apiKey;
        public String area;
        public short actionId;
        public short colorId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && apiKey.equals(key.apiKey)
                    && area.equals(key.area)
                    && actionId == key.actionId
                    && colorId == key.colorId;
        }

        @Override
        public int hashCode() {
            return Objects.hash(apiKey, area, actionId, colorId);
        }
    }
}
