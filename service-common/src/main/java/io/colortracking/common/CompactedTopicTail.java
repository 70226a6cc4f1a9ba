package io.colortracking.common;

import io.colortracking.events.TopicsInitializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads every partition of a compacted topic from its beginning, with no consumer group (each
 * instance holds the whole state), then follows it. Caught up once it reached the end offsets it
 * saw at start, which is when a view built from it may serve.
 */
public abstract class CompactedTopicTail extends ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(CompactedTopicTail.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final String topic;
    private final Map<String, Object> kafkaConfig;
    private final int partitions;
    private final short replicationFactor;
    private volatile boolean caughtUp;
    private volatile long lag;

    /**
     * @param partitions         partitions of the topics this tail creates when they are missing
     * @param replicationFactor  their replication factor
     */
    protected CompactedTopicTail(String topic, Map<String, Object> kafkaConfig, int partitions,
            short replicationFactor) {
        super(topic + "-tail", Duration.ofMillis(500), Duration.ofSeconds(5));
        this.topic = topic;
        this.kafkaConfig = kafkaConfig;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    /** Whether everything that was in the topic when this instance started has been applied. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** Records written to the topic and not applied yet, as of the last poll. */
    public long lag() {
        return lag;
    }

    /** Applies one record (a {@code null} value is a tombstone); called on the tail's thread only. */
    protected abstract void apply(ConsumerRecord<String, byte[]> record);

    @Override
    protected void round() {
        String bootstrap = String.valueOf(kafkaConfig.get("bootstrap.servers"));
        TopicsInitializer.createMissing(bootstrap, partitions, replicationFactor, Duration.ofSeconds(10));
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, topic + "-tail");
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            polling(kafka);
            List<TopicPartition> assigned = kafka.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            kafka.assign(assigned);
            kafka.seekToBeginning(assigned);
            Map<TopicPartition, Long> startEnds = kafka.endOffsets(assigned);
            while (running()) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                    apply(record);
                }
                long behind = 0;
                for (TopicPartition partition : assigned) {
                    behind += kafka.currentLag(partition).orElse(0);
                }
                lag = behind;
                if (!caughtUp && reached(kafka, startEnds)) {
                    caughtUp = true;
                    LOG.infof("Caught up with %s", topic);
                }
            }
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> ends) {
        for (var end : ends.entrySet()) {
            if (kafka.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
