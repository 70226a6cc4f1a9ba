package io.colortracking.counter.messaging;

import io.colortracking.common.BackgroundRetry;
import io.colortracking.common.Backoff;
import io.colortracking.counter.config.CounterConfig;
import io.colortracking.counter.counting.CountingService;
import io.colortracking.counter.persistence.CounterRepository;
import io.colortracking.counter.persistence.HeatRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Counts one batch of the events channel until it is counted: its dead letters acknowledged, its
 * events and offsets committed in one transaction ({@link CountingService}), the changed counters
 * published. While PostgreSQL (or the broker, for dead letters) is away, the same batch is tried
 * again after a growing backoff, and the connector pauses the partitions once its queue is full: nothing
 * is skipped. A batch is left uncounted only when the service stops, by a throw, and no batch is
 * counted after it; whoever counts those partitions next reads them again from the stored offsets.
 */
@Singleton
public class BatchCounting {

    private static final Logger LOG = Logger.getLogger(BatchCounting.class);

    private final EventDecoder decoder;
    private final CountingService counting;
    private final CounterRepository counters;
    private final HeatRepository heat;
    private final AggregatePublisher publisher;
    private final DeadLetters deadLetters;
    private final ConsumerMetrics metrics;
    private final KafkaClientService kafka;
    private final CounterConfig config;
    /** Held while a batch is being counted, so a rebalance can let it settle first. */
    private final ReentrantLock busy = new ReentrantLock();

    private volatile boolean healthy = true;
    private volatile boolean stopping;
    /** A failed commit may have succeeded: its changes were not published, so all counters and cells are. */
    private volatile boolean commitInDoubt;

    private BackgroundRetry republisher;

    public BatchCounting(
            EventDecoder decoder,
            CountingService counting,
            CounterRepository counters,
            HeatRepository heat,
            AggregatePublisher publisher,
            DeadLetters deadLetters,
            ConsumerMetrics metrics,
            KafkaClientService kafka,
            CounterConfig config) {
        this.decoder = decoder;
        this.counting = counting;
        this.counters = counters;
        this.heat = heat;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.kafka = kafka;
        this.config = config;
    }

    /** Every committed counter and heatmap cell is published again at start (readers drop stale versions). */
    void onStart(@Observes StartupEvent event) {
        commitInDoubt = true;
        republisher = BackgroundRetry.start(
                "counters-republisher",
                config.consumer().backoff(),
                config.consumer().maxBackoff(),
                () -> !commitInDoubt || republishAll());
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (republisher != null) {
            republisher.stop();
        }
    }

    /** Whether the last batch went through; readiness follows it. */
    public boolean isHealthy() {
        return healthy;
    }

    boolean stopping() {
        return stopping;
    }

    /** Counts the batch; returns once it is counted, throws only when the service stops. */
    public void count(ConsumerRecords<String, EventValue> records) throws InterruptedException {
        EventDecoder.Decoded decoded = decoder.decode(records);
        String group = config.consumer().groupId();
        Backoff backoff =
                new Backoff(config.consumer().backoff(), config.consumer().maxBackoff());
        while (true) {
            if (stopping) {
                throw new IllegalStateException("Stopping: a batch of " + records.count() + " records is left "
                        + "uncounted; it is read again from the offsets stored with the counts");
            }
            busy.lock();
            try {
                deadLetters.send(decoded.dead());
                long started = System.nanoTime();
                CountingService.BatchResult result = counting.count(group, decoded.events());
                metrics.counted(
                        records.count(), result.counted(), decoded.dead().size(), System.nanoTime() - started);
                healthy = true;
                publisher.publish(result.changed(), result.heat(), TraceParents.byCounter(records, decoded.events()));
                if (commitInDoubt) {
                    republishAll();
                }
                noteOffsets(records);
                return;
            } catch (Exception e) {
                healthy = false;
                commitInDoubt = true;
                LOG.warnf(
                        "Batch of %d records not counted, tried again after a backoff: %s",
                        records.count(), e.toString());
            } finally {
                busy.unlock();
            }
            Thread.sleep(backoff.next().toMillis());
        }
    }

    /** Waits (at most {@code limit}) until the batch being counted, if any, has committed or failed. */
    void awaitIdle(Duration limit) {
        try {
            if (busy.tryLock(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                busy.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean republishAll() {
        try {
            // each as soon as read, so what is held is as fresh as can be
            publisher.publish(counters.all(), List.of(), Map.of());
            publisher.publish(List.of(), heat.allTotals(), Map.of());
            commitInDoubt = false;
            return true;
        } catch (Exception e) {
            LOG.warnf("Counters not republished yet: %s", e.getMessage());
            return false;
        }
    }

    /**
     * Notes the batch's offsets in Kafka, for lag monitoring only (the offsets that count are in
     * PostgreSQL), and the lag left, on the consumer's polling thread.
     */
    private void noteOffsets(ConsumerRecords<String, EventValue> records) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, EventValue>> inPartition = records.records(partition);
            next.put(
                    partition,
                    new OffsetAndMetadata(
                            inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        kafka.getConsumer(ColorEventsListener.CHANNEL)
                .runOnPollingThread(consumer -> {
                    consumer.commitAsync(next, null);
                    long lag = 0;
                    for (TopicPartition partition : consumer.assignment()) {
                        lag += consumer.currentLag(partition).orElse(0);
                    }
                    return lag;
                })
                .subscribe()
                .with(metrics::lag, failure -> LOG.debugf("Offsets not noted: %s", failure));
    }
}
