package io.colortracking.common.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.events.ApiKey;
import io.colortracking.events.Topics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps {@link ApiKeys} in step with the compacted {@code api_keys} topic, which counter-service
 * writes: the channel of the same name, read from the beginning by every instance (its channel
 * settings are in this module's {@code META-INF/microprofile-config.properties}). A change reaches
 * the keys within a poll of being written, so a new or revoked key takes effect in well under a second.
 */
@ApplicationScoped
@Identifier(ApiKeysTail.REBALANCE_LISTENER)
public class ApiKeysTail implements KafkaConsumerRebalanceListener {

    /** The name the channel's {@code consumer-rebalance-listener.name} gives. */
    public static final String REBALANCE_LISTENER = "api-keys-tail";

    private static final Logger LOG = Logger.getLogger(ApiKeysTail.class);

    private final ApiKeys keys;
    private final ObjectReader reader;

    public ApiKeysTail(ApiKeys keys, ObjectMapper mapper) {
        this.keys = keys;
        this.reader = mapper.readerFor(ApiKey.class);
    }

    @Incoming(Topics.API_KEYS)
    public void apply(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            apply(record);
        }
        keys.tail().applied(records);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        keys.tail().assigned(consumer, partitions);
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warnf("Ignored an api_keys record without key at %d@%d", record.partition(), record.offset());
            return;
        }
        if (record.value() == null) {
            keys.registry().update(record.key(), null);
            return;
        }
        try {
            ApiKey key = reader.readValue(record.value());
            if (!record.key().equals(key.apiKey())) {
                LOG.warnf("Ignored an api_keys record whose key %s differs from its api_key", record.key());
                return;
            }
            keys.registry().update(record.key(), key);
        } catch (IOException e) {
            LOG.warnf(
                    "Ignored an unreadable api_keys record at %d@%d: %s",
                    record.partition(), record.offset(), e.getMessage());
        }
    }
}
