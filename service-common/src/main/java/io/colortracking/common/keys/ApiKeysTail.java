package io.colortracking.common.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.common.CompactedTopicTail;
import io.colortracking.events.ApiKey;
import io.colortracking.events.Topics;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Keeps an {@link ApiKeyRegistry} in step with the compacted {@code api_keys} topic, which
 * counter-service writes. A change reaches the registry within one poll (100 ms) of being
 * written, so a new or revoked key takes effect in well under a second.
 */
public final class ApiKeysTail extends CompactedTopicTail {

    private static final Logger LOG = Logger.getLogger(ApiKeysTail.class);

    private final ApiKeyRegistry registry;
    private final ObjectReader reader;

    public ApiKeysTail(ApiKeyRegistry registry, Map<String, Object> kafkaConfig, ObjectMapper mapper,
            int partitions, short replicationFactor) {
        super(Topics.API_KEYS, kafkaConfig, partitions, replicationFactor);
        this.registry = registry;
        this.reader = mapper.readerFor(ApiKey.class);
    }

    @Override
    protected void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warnf("Ignored an api_keys record without key at %d@%d", record.partition(), record.offset());
            return;
        }
        if (record.value() == null) {
            registry.update(record.key(), null);
            return;
        }
        try {
            ApiKey key = reader.readValue(record.value());
            if (!record.key().equals(key.apiKey())) {
                LOG.warnf("Ignored an api_keys record whose key %s differs from its api_key", record.key());
                return;
            }
            registry.update(record.key(), key);
        } catch (IOException e) {
            LOG.warnf("Ignored an unreadable api_keys record at %d@%d: %s", record.partition(), record.offset(),
                    e.getMessage());
        }
    }
}
