package io.colortracking.broadcast.messaging;

import io.colortracking.common.kafka.CompactedTail;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import java.io.IOException;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * A part of the view rebuilt from a compacted topic, every partition read from its beginning by
 * every instance: each record's value is applied in order (a null value, a tombstone, is skipped;
 * one the view cannot take is logged and skipped), and the tail tracks how far the view is from the end offsets seen at
 * start (readiness) and from the topic's end now (a lag gauge).
 */
abstract class ViewTail implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(ViewTail.class);

    private final CompactedTail tail;

    ViewTail(String topic, KafkaClientService kafka, MeterRegistry registry, String lagGauge, String description) {
        this.tail = new CompactedTail(topic, kafka);
        Gauge.builder(lagGauge, tail, CompactedTail::lag)
                .description(description)
                .register(registry);
    }

    /** Applies a batch of the channel (called from the subclass's {@code @Incoming} method). */
    void applyAll(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                apply(record);
            } catch (IOException | RuntimeException e) {
                // one record the view cannot take (unreadable, an unknown action, a cell out of the
                // grid) must not stop the channel: it stays on the compacted topic for every instance
                LOG.warnf(
                        "Record at %s-%d@%d skipped: %s",
                        record.topic(), record.partition(), record.offset(), e.toString());
            }
        }
        tail.applied(records);
    }

    /** Applies one record's value (never null) to the view. */
    abstract void apply(ConsumerRecord<String, byte[]> record) throws IOException;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        tail.assigned(consumer, partitions);
    }

    /** Whether the view holds everything the topic held when this instance started. */
    public boolean isCaughtUp() {
        return tail.isCaughtUp();
    }
}
