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

/** A counter of {@code action_colors}, as the read API shows it; written only by {@link CounterRepository}. */
@Entity
@Table(name = "action_colors")
@IdClass(CounterEntity.Key.class)
@Immutable
public class CounterEntity extends PanacheEntityBase {

    @Id
    @Column(name = "api_key")
    public String apiKey;

    @Id
    @Column(name = "action_id")
    public short actionId;

    @Id
    @Column(name = "color_id")
    public short colorId;

    @Column(name = "amount")
    public long amount;

    @Column(name = "version")
    public long version;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Every counter of a tenant. */
    public static List<CounterEntity> ofTenant(String apiKey) {
        return list("apiKey", apiKey);
    }

    /** The primary key. */
    public static class Key implements Serializable {
        public String apiKey;
        public short actionId;
        public short colorId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && apiKey.equals(key.apiKey)
                    && actionId == key.actionId
                    && colorId == key.colorId;
        }

        @Override
        public int hashCode() {
            return Objects.hash(apiKey, actionId, colorId);
        }
    }
}
