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

/** A cell of one day of {@code heat_bins}, as the heatmap API reads it; written only by {@link HeatRepository}. */
@Entity
@Table(name = "heat_bins")
@IdClass(HeatBinEntity.Key.class)
@Immutable
public class HeatBinEntity extends PanacheEntityBase {

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

    @Id
    @Column(name = "bin_y")
    public short by;

    @Id
    @Column(name = "bin_x")
    public short bx;

    @Column(name = "amount")
    public long amount;

    /**
     * The cells of one area and action summed over the days {@code from} to {@code to} (inclusive)
     * and over the colors, or of one color when {@code colorId} is given.
     */
    public static List<HeatCellSum> summed(
            String apiKey, String area, short actionId, Short colorId, LocalDate from, LocalDate to) {
        String colorClause = colorId == null ? "" : " and h.colorId = :color";
        var query = getEntityManager()
                .createQuery(
                        "select h.bx, h.by, sum(h.amount)"
                                + " from HeatBinEntity h where h.apiKey = :key and h.area = :area"
                                + " and h.actionId = :action and h.day between :from and :to" + colorClause
                                + " group by h.by, h.bx",
                        Object[].class)
                .setParameter("key", apiKey)
                .setParameter("area", area)
                .setParameter("action", actionId)
                .setParameter("from", from)
                .setParameter("to", to);
        if (colorId != null) {
            query.setParameter("color", colorId);
        }
        return query.getResultList().stream().map(HeatCellSum::of).toList();
    }

    /** The primary key. */
    public static class Key implements Serializable {
        public String apiKey;
        public String area;
        public short actionId;
        public LocalDate day;
        public short colorId;
        public short by;
        public short bx;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && apiKey.equals(key.apiKey)
                    && area.equals(key.area)
                    && actionId == key.actionId
                    && day.equals(key.day)
                    && colorId == key.colorId
                    && by == key.by
                    && bx == key.bx;
        }

        @Override
        public int hashCode() {
            return Objects.hash(apiKey, area, actionId, day, colorId, by, bx);
        }
    }
}
