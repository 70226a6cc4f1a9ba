package io.colortracking.events;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One topic of the platform: its name, what its records' keys are, what their values are (a
 * message record of this module, written as JSON with {@link EventTimestamps}, and described by the
 * JSON Schema beside it), and its retention or compaction policy.
 *
 * @param key what the key holds (every key is a UTF-8 string: Kafka's {@code StringSerializer} in every channel)
 * @param value the message record, or {@code null} when the value is another topic's record as it was (dead letters)
 * @param config the topic's configuration: cleanup policy, retention
 */
public record Topic(String name, String key, Class<? extends Record> value, Map<String, String> config) {

    /** The JSON Schema of the values, a resource beside the message records, or {@code null}. */
    public String schema() {
        return value == null ? null : value.getSimpleName() + ".schema.json";
    }

    /** How the topic is created where the services create it. */
    public NewTopic declaration(int partitions, short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor).configs(config);
    }
}
