package io.colortracking.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Reads and writes topics of a test broker as plain strings, through SmallRye's {@link KafkaCompanion}. */
public final class TopicRecords {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TopicRecords() {}

    /** Every record of the topic, from its beginning up to its end now, that matches the filter. */
    public static List<ConsumerRecord<String, String>> read(
            String topic, Predicate<ConsumerRecord<String, String>> filter) {
        return read(TestKafka.bootstrapServers(), topic, filter);
    }

    /** The same, on another broker than the JVM's shared one. */
    public static List<ConsumerRecord<String, String>> read(
            String bootstrapServers, String topic, Predicate<ConsumerRecord<String, String>> filter) {
        try (KafkaCompanion companion = new KafkaCompanion(bootstrapServers)) {
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            companion.topics().describe(topic).get(topic).partitions().forEach(partition -> {
                earliest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
            });
            Map<TopicPartition, Long> from = new HashMap<>();
            companion.offsets().list(earliest).forEach((partition, offset) -> from.put(partition, offset.offset()));
            long count = companion.offsets().list(latest).entrySet().stream()
                    .mapToLong(end -> end.getValue().offset() - from.get(end.getKey()))
                    .sum();
            if (count == 0) {
                return List.of();
            }
            ConsumerTask<String, String> records =
                    companion.consumeStrings().fromOffsets(from, count).awaitCompletion(READ_TIMEOUT);
            return records.getRecords().stream().filter(filter).toList();
        }
    }

    /**
     * Records whose JSON value names this tenant ({@code "api_key"}): the event topics are keyed by
     * event id, so a tenant's events are told apart by their value.
     */
    public static Predicate<ConsumerRecord<String, String>> ofTenant(String apiKey) {
        return record -> record.value() != null && apiKey.equals(apiKeyOf(record.value()));
    }

    private static String apiKeyOf(String json) {
        try {
            return MAPPER.readTree(json).path("api_key").asText(null);
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    /** Writes the records (key → JSON value) and waits for the broker's acknowledgement. */
    public static void write(String topic, List<Map.Entry<String, String>> records) {
        write(TestKafka.bootstrapServers(), topic, records);
    }

    /** The same, on another broker than the JVM's shared one. */
    public static void write(String bootstrapServers, String topic, List<Map.Entry<String, String>> records) {
        try (KafkaCompanion companion = new KafkaCompanion(bootstrapServers)) {
            companion
                    .produceStrings()
                    .fromRecords(records.stream()
                            .map(record -> new ProducerRecord<>(topic, record.getKey(), record.getValue()))
                            .toList())
                    .awaitCompletion(READ_TIMEOUT);
        }
    }
}
