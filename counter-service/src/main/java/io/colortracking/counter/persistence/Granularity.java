package io.colortracking.counter.persistence;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The time buckets counts are rolled up into, and how long each is kept. */
public enum Granularity {
    SECOND("1s", ChronoUnit.SECONDS, Duration.ofHours(1)),
    MINUTE("1m", ChronoUnit.MINUTES, Duration.ofDays(7)),
    HOUR("1h", ChronoUnit.HOURS, Duration.ofDays(90));

    private final String label;
    private final ChronoUnit unit;
    private final Duration retention;

    Granularity(String label, ChronoUnit unit, Duration retention) {
        this.label = label;
        this.unit = unit;
        this.retention = retention;
    }

    /** As written in the API and the database: {@code 1s}, {@code 1m}, {@code 1h}. */
    public String label() {
        return label;
    }

    public Duration size() {
        return unit.getDuration();
    }

    public Duration retention() {
        return retention;
    }

    public Instant bucketOf(Instant instant) {
        return instant.truncatedTo(unit);
    }

    /** @return the granularity with this label, or {@code null} */
    public static Granularity fromLabel(String label) {
        for (Granularity granularity : values()) {
            if (granularity.label.equals(label)) {
                return granularity;
            }
        }
        return null;
    }
}
