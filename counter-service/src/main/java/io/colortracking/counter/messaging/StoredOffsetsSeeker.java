package io.colortracking.counter.messaging;

import io.colortracking.common.Backoff;
import io.colortracking.counter.config.CounterConfig;
import io.colortracking.counter.persistence.OffsetRepository;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The offsets that count are those stored with the counts (Kafka's own are only noted for
 * monitoring): each partition assigned to this instance is read from the offset stored in
 * PostgreSQL, or from its beginning when it was never counted.
 */
@ApplicationScoped
@Identifier(StoredOffsetsSeeker.NAME)
public class StoredOffsetsSeeker implements KafkaConsumerRebalanceListener {

    /** The name the channel's {@code consumer-rebalance-listener.name} gives. */
    public static final String NAME = "color-events-stored-offsets";

    private static final Logger LOG = Logger.getLogger(StoredOffsetsSeeker.class);

    private final OffsetRepository offsets;
    private final BatchCounting batches;
    private final String group;

    public StoredOffsetsSeeker(OffsetRepository offsets, BatchCounting batches, CounterConfig config) {
        this.offsets = offsets;
        this.batches = batches;
        this.group = config.consumer().groupId();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored = storedOffsets(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndMetadata> noted = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long next = stored.get(partition);
            if (next != null && next <= ends.get(partition)) {
                noted.put(partition, new OffsetAndMetadata(next));
            }
            if (next == null) {
                consumer.seekToBeginning(List.of(partition));
            } else if (next > ends.get(partition)) {
                LOG.warnf(
                        "%s: stored offset %d lies past the end %d (topic recreated?); counting from its start",
                        partition, next, ends.get(partition));
                try {
                    offsets.forget(group, partition);
                } catch (SQLException e) {
                    throw new IllegalStateException("Cannot reset the stored offset of " + partition, e);
                }
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, next);
            }
        }
        // noted in Kafka for lag monitoring: the previous owner's last note may have failed in the
        // rebalance, and with nothing more to count on the partition, none would follow
        consumer.commitAsync(noted, (committed, error) -> {
            if (error != null) {
                LOG.debugf("Stored offsets not noted in Kafka: %s", error.toString());
            }
        });
    }

    /**
     * Waits for the database if it is away: no partition may be read before its offset is known.
     * (The group's heartbeats go on meanwhile; a wait past {@code max.poll.interval.ms} costs a rejoin.)
     */
    private Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        while (true) {
            try {
                return offsets.stored(group, partitions);
            } catch (SQLException e) {
                if (batches.stopping()) {
                    throw new IllegalStateException("Cannot read the stored offsets", e);
                }
                Duration wait = backoff.next();
                LOG.warnf("Stored offsets not readable, retrying in %s: %s", wait, e.getMessage());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while reading the stored offsets", e);
                }
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // the batch being counted commits (or fails) before the partitions move, so whoever gets
        // them reads the offsets it stored (counting stays exact either way: the offsets are locked
        // and checked in the counting transaction; this only spares the new owner a re-read)
        batches.awaitIdle(Duration.ofSeconds(10));
    }
}
