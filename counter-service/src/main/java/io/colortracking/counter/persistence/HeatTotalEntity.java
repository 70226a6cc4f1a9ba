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

/** An all-time cell of {@code heat_totals}, as the heatmap API reads it; written only by {@link HeatRepository}. */
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

    @Id
    @Column(name = "bin_y")
    public short by;

    @Id
    @Column(name = "bin_x")
    public short bx;

    @Column(name = "amount")
    public long amount;

    @Column(name = "version")
    public long version;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The all-time cells of one area and action summed over the colors, or of one color when {@code colorId} is given. */
    public static List<HeatCellSum> summed(String apiKey, String area, short actionId, Short colorId) {
        String colorClause = colorId == null ? "" : " and t.colorId = :color";
        var query = getEntityManager()
                .createQuery(
                        "select t.bx, t.by, sum(t.amount)"
                                + " from HeatTotalEntity t where t.apiKey = :key and t.area = :area"
                                + " and t.actionId = :action" + colorClause + " group by t.by, t.bx",
                        Object[].class)
                .setParameter("key", apiKey)
                .setParameter("area", area)
                .setParameter("action", actionId);
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
        public short colorId;
        public short by;
        public short bx;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && apiKey.equals(key.apiKey)
                    && area.equals(key.area)
                    && actionId == key.actionId
                    && colorId == key.colorId
                    && by == key.by
                    && bx == key.bx;
        }

        @Override
        public int hashCode() {
            return Objects.hash(apiKey, area, actionId, colorId, by, bx);
        }
    }
}
