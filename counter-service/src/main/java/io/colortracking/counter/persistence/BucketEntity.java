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

/** A time bucket of {@code count_buckets}, as the series API shows it; written only by {@link BucketRepository}. */
@Entity
@Table(name = "count_buckets")
@IdClass(BucketEntity.Key.class)
@Immutable
public class BucketEntity extends PanacheEntityBase {

    @Id
    @Column(name = "api_key")
    public String apiKey;

    @Id
    @Column(name = "action_id")
    public short actionId;

    @Id
    @Column(name = "granularity")
    public String granularity;

    @Id
    @Column(name = "bucket_start")
    public Instant bucketStart;

    @Id
    @Column(name = "color_id")
    public short colorId;

    @Column(name = "amount")
    public long amount;

    /** A tenant's buckets of one action and granularity that start in {@code [from, to)}. */
    public static List<BucketEntity> inRange(
            String apiKey, short actionId, Granularity granularity, Instant from, Instant to) {
        return list(
                "apiKey = ?1 and actionId = ?2 and granularity = ?3 and bucketStart >= ?4 and bucketStart < ?5",
                apiKey,
                actionId,
                granularity.label(),
                from,
                to);
    }

    /** The primary key. */
    public static class Key implements Serializable {
        public String apiKey;
        public short actionId;
        public String granularity;
        public Instant bucketStart;
        public short colorId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && apiKey.equals(key.apiKey)
                    && actionId == key.actionId
                    && granularity.equals(key.granularity)
                    && bucketStart.equals(key.bucketStart)
                    && colorId == key.colorId;
        }

        @Override
        public int hashCode() {
            return Objects.hash(apiKey, actionId, granularity, bucketStart, colorId);
        }
    }
}
