package io.colortracking.counter.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.common.Backoff;
import io.colortracking.common.ConsumerLoop;
import io.colortracking.counter.config.CounterConfig;
import io.colortracking.counter.domain.ConsumedEvent;
import io.colortracking.counter.domain.CountingService;
import io.colortracking.events.ColorEvent;
import io.colortracking.events.Topics;
import io.colortracking.events.TopicsInitializer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads both events topics in batches and hands each batch to {@link CountingService}. The
 * offsets that count are those stored with the counts: on assignment the consumer seeks to them.
 * Kafka's own committed offsets are written afterwards, for lag monitoring only.
 */
@Singleton
public class ColorEventsConsumer extends ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(ColorEventsConsumer.class);
    /** What the database accepts; anything else would fail the whole batch again and again. */
    private static final java.util.regex.Pattern API_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final java.time.Instant EARLIEST = java.time.Instant.parse("2000-01-01T00:00:00Z");
    private static final java.time.Instant LATEST = java.time.Instant.parse("9999-01-01T00:00:00Z");

    private final CountingService counting;
    private final AggregatePublisher publisher;
    private final DeadLetters deadLetters;
    private final Set<String> palette;
    private final CounterConfig config;
    private final Map<String, Object> kafkaConfig;
    private final ObjectReader reader;
    private volatile boolean healthy;
    private boolean commitInDoubt;
    /** The batch being counted on the counting thread, if any (consumer thread only). */
    private InFlight inFlight;
    private final ConsumerMetrics metrics;
    /** Runs the database transactions, so the consumer thread reads the next batch meanwhile. */
    private final ExecutorService counter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "color-events-counting");
        thread.setDaemon(true);
        return thread;
    });

    public ColorEventsConsumer(CountingService counting, AggregatePublisher publisher, DeadLetters deadLetters,
            CounterConfig config, ConsumerMetrics metrics,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper mapper) {
        super("color-events-consumer", config.consumer().backoff(), config.consumer().maxBackoff());
        this.counting = counting;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.palette = new LinkedHashSet<>(config.palette());
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.reader = mapper.copy()
                .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("event-timestamps")
                        .addDeserializer(java.time.Instant.class, new IsoInstantDeserializer()))
                .readerFor(ColorEvent.class);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
        counter.shutdown();
        counter.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Whether the last batch (or start) went through; readiness follows it. */
    public boolean isHealthy() {
        return healthy && running();
    }

    @Override
    protected void failed(Exception error, Duration retryIn) {
        healthy = false;
        super.failed(error, retryIn);
    }

    @Override
    protected void round() throws SQLException, InterruptedException {
        TopicsInitializer.createMissing(String.valueOf(kafkaConfig.get("bootstrap.servers")),
                config.topics().partitions(), config.topics().replicationFactor(), Duration.ofSeconds(10));
        awaitInFlight(Duration.ofSeconds(30)); // an earlier round's batch settles before the counters are read
        publisher.publish(counting.allCounters());
        String group = config.consumer().groupId();
        KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig(group),
                new StringDeserializer(), new ByteArrayDeserializer());
        boolean fenced = false;
        try {
            polling(kafka);
            kafka.subscribe(List.of(Topics.CLICK_ON_COLORS, Topics.HOVER_ON_COLORS), new SeekToStoredOffsets(kafka, group));
            healthy = true;
            Backoff databaseBackoff = new Backoff(config.consumer().backoff(), config.consumer().maxBackoff());
            // one batch is counted (on the counting thread) while the next is read and decoded here;
            // batches are still counted one after the other, in order
            while (running()) {
                ConsumerRecords<String, byte[]> records = kafka.poll(inFlight == null ? Duration.ofMillis(100) : Duration.ZERO);
                publisher.publish(List.of()); // retries anything the broker did not acknowledge yet
                if (records.isEmpty() && inFlight != null) {
                    awaitInFlight(Duration.ofMillis(100)); // nothing new: wait for the batch, not the broker
                }
                List<DeadLetters.DeadLetter> dead = new ArrayList<>();
                List<ConsumedEvent> batch = records.isEmpty() ? List.of() : decode(records, dead);
                if (inFlight != null && (!records.isEmpty() || inFlight.result().isDone())) {
                    InFlight finished = inFlight;
                    inFlight = null;
                    if (!finish(kafka, finished, databaseBackoff)) {
                        // rolled back: read it again, and what came after it, after the backoff
                        rewind(kafka, finished.records(), records);
                        pause(databaseBackoff.next());
                        continue;
                    }
                }
                if (records.isEmpty()) {
                    continue;
                }
                updateLag(kafka);
                inFlight = new InFlight(records, batch.size(), dead.size(), counter.submit(() -> {
                    deadLetters.send(dead);
                    long started = System.nanoTime();
                    return new Counted(counting.count(group, batch), System.nanoTime() - started);
                }));
            }
        } catch (FencedInstanceIdException e) {
            // another running instance has this group instance id: both would fence each other in turn
            // forever. This one stops counting (and stays not ready); the other goes on.
            healthy = false;
            fenced = true;
            LOG.errorf("Stopped counting: another instance uses COLORTRACKING_CONSUMER_INSTANCE_ID=%s; "
                    + "every running instance needs a name of its own", config.consumer().instanceId().orElse(""));
            giveUp();
        } finally {
            if (inFlight != null) {
                // a batch handed over before the round ended (stop, error): whatever it committed is
                // published, or republished in full by the next round if that cannot be told
                awaitInFlight(Duration.ofSeconds(30));
                InFlight last = inFlight;
                inFlight = null;
                try {
                    if (!last.result().isDone()
                            || !finish(kafka, last, new Backoff(config.consumer().backoff(), config.consumer().maxBackoff()))) {
                        commitInDoubt = true;
                    }
                } catch (InterruptedException | RuntimeException e) {
                    commitInDoubt = true;
                    LOG.warnf("The last batch's outcome is unknown; all counters are published again: %s", e.toString());
                }
            }
            // stopping: leave the group, so the partitions move on at once (a static member would
            // otherwise keep them for the session timeout); a failed round keeps its membership and
            // the next round's consumer takes it over (and a fenced one leaves the membership to its owner)
            try {
                kafka.close(CloseOptions.groupMembershipOperation(running() || fenced
                        ? CloseOptions.GroupMembershipOperation.DEFAULT : CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                LOG.warnf("Consumer not closed cleanly: %s", e.toString());
            }
        }
    }

    /** Waits (at most {@code limit}) until the batch being counted, if any, has committed or failed. */
    private void awaitInFlight(Duration limit) {
        InFlight batch = inFlight;
        if (batch == null) {
            return;
        }
        try {
            batch.result().get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // finish() reports it
        }
    }

    /** A batch handed to the counting thread, and what became of it. */
    private record InFlight(ConsumerRecords<String, byte[]> records, int size, int dead, Future<Counted> result) {
    }

    private record Counted(CountingService.BatchResult result, long nanos) {
    }

    /**
     * Waits for the batch's transaction; on success publishes its changes and notes its offsets
     * in Kafka (for lag monitoring).
     *
     * @return whether it was counted; if not, it was rolled back (or its commit is in doubt: the
     *     replay then counts nothing and the counters are published in full after the next batch)
     */
    private boolean finish(KafkaConsumer<String, byte[]> kafka, InFlight batch, Backoff databaseBackoff)
            throws InterruptedException {
        Counted counted;
        try {
            counted = batch.result().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!(cause instanceof SQLException) && !(cause instanceof DeadLetters.NotAcknowledged)) {
                throw new IllegalStateException("Counting a batch failed", cause);
            }
            healthy = false;
            commitInDoubt = true;
            LOG.warnf("Batch of %d records not counted, retried after a backoff: %s", batch.size(), cause.getMessage());
            return false;
        }
        metrics.counted(batch.size(), counted.result().counted(), batch.dead(), counted.nanos());
        publisher.publish(counted.result().changed());
        if (commitInDoubt) {
            // a failed commit may have succeeded: its changes were not published then
            try {
                publisher.publish(counting.allCounters());
                commitInDoubt = false;
            } catch (SQLException e) {
                LOG.warnf("Counters not republished yet: %s", e.getMessage());
            }
        }
        kafka.commitAsync(nextOffsets(batch.records()), null);
        healthy = true;
        databaseBackoff.reset();
        return true;
    }

    /**
     * Every record of the poll, in order; one that cannot be counted holds no event (its offset
     * still moves on) and is added to {@code dead} with the reason.
     */
    private List<ConsumedEvent> decode(ConsumerRecords<String, byte[]> records, List<DeadLetters.DeadLetter> dead) {
        List<ConsumedEvent> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            ColorEvent event = null;
            String reason = null;
            try {
                event = record.value() == null ? null : reader.readValue(record.value());
                reason = problemWith(event);
            } catch (IOException e) {
                reason = "unreadable: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage() : e.getMessage());
            }
            if (reason != null) {
                dead.add(new DeadLetters.DeadLetter(record, reason));
                event = null;
            }
            batch.add(new ConsumedEvent(record.topic(), record.partition(), record.offset(), event));
        }
        return batch;
    }

    /** @return why the event cannot be counted, or {@code null} */
    private String problemWith(ColorEvent event) {
        if (event == null) {
            return "no value";
        }
        if (event.id() == null || event.apiKey() == null || event.action() == null || event.color() == null
                || event.receivedAt() == null) {
            return "incomplete: id, api_key, action, color and received_at are required";
        }
        if (!API_KEY.matcher(event.apiKey()).matches()) {
            return "api_key is not 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' and '.'";
        }
        if (event.receivedAt().isBefore(EARLIEST) || event.receivedAt().isAfter(LATEST)) {
            return "received_at " + event.receivedAt() + " is out of range";
        }
        if (!palette.contains(event.color())) {
            return "unknown color '" + event.color() + "'; the palette is " + String.join(", ", palette);
        }
        return null;
    }

    private void updateLag(KafkaConsumer<String, byte[]> kafka) {
        long lag = 0;
        for (TopicPartition partition : kafka.assignment()) {
            lag += kafka.currentLag(partition).orElse(0);
        }
        metrics.lag(lag);
    }

    /** Back to the first record of each partition in the polls (the earlier poll first). */
    private static void rewind(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> earlier,
            ConsumerRecords<String, byte[]> later) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecords<String, byte[]> records : List.of(later, earlier)) {
            for (TopicPartition partition : records.partitions()) {
                first.put(partition, records.records(partition).get(0).offset());
            }
        }
        first.forEach((partition, offset) -> {
            if (kafka.assignment().contains(partition)) {
                kafka.seek(partition, offset);
            }
        });
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private Map<String, Object> consumerConfig(String group) {
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.consumer().maxBatchSize());
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "counter-service");
        config.consumer().instanceId().ifPresent(id -> consumerConfig.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return consumerConfig;
    }

    /** Positions each newly assigned partition at the offset stored with the counts. */
    private final class SeekToStoredOffsets implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, byte[]> kafka;
        private final String group;

        SeekToStoredOffsets(KafkaConsumer<String, byte[]> kafka, String group) {
            this.kafka = kafka;
            this.group = group;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> stored;
            try {
                stored = counting.storedOffsets(group, partitions);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot read the stored offsets", e);
            }
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                Long next = stored.get(partition);
                if (next == null) {
                    kafka.seekToBeginning(List.of(partition));
                } else if (next > ends.get(partition)) {
                    LOG.warnf("%s: stored offset %d lies past the end %d (topic recreated?); counting from its start",
                            partition, next, ends.get(partition));
                    try {
                        counting.forgetOffset(group, partition);
                    } catch (SQLException e) {
                        throw new IllegalStateException("Cannot reset the stored offset of " + partition, e);
                    }
                    kafka.seekToBeginning(List.of(partition));
                } else {
                    kafka.seek(partition, next);
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // the batch being counted commits (or fails) before the partitions move, so whoever gets
            // them reads the offsets it stored; its changes are published once poll returns
            awaitInFlight(Duration.ofSeconds(30));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            awaitInFlight(Duration.ofSeconds(30));
        }
    }
}
