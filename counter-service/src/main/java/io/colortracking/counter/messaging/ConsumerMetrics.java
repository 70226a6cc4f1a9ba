package io.colortracking.counter.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** How counting goes: lag, batch size and latency, events counted, dead letters. */
@Singleton
public class ConsumerMetrics {

    private final AtomicLong lag = new AtomicLong();
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Counter counted;
    private final Counter deadLetters;

    public ConsumerMetrics(MeterRegistry registry) {
        Gauge.builder("colortracking.counter.consumer.lag", lag, AtomicLong::get)
                .description("Records on the events topics not yet read by this instance (its partitions)")
                .register(registry);
        this.batchSize = DistributionSummary.builder("colortracking.counter.batch.size")
                .description("Records per counted batch")
                .publishPercentileHistogram()
                .register(registry);
        this.batchDuration = Timer.builder("colortracking.counter.batch.duration")
                .description("One batch's database transaction")
                .publishPercentileHistogram()
                .register(registry);
        this.counted = Counter.builder("colortracking.counter.events.counted")
                .description("Events counted (first seen ids)")
                .register(registry);
        this.deadLetters = Counter.builder("colortracking.counter.dlq.records")
                .description("Records sent to color_events_dlq")
                .register(registry);
    }

    void lag(long records) {
        lag.set(records);
    }

    void counted(int records, int events, int dead, long nanos) {
        batchSize.record(records);
        batchDuration.record(nanos, TimeUnit.NANOSECONDS);
        counted.increment(events);
        deadLetters.increment(dead);
    }
}
