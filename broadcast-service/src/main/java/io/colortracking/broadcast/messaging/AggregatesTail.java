package io.colortracking.broadcast.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.broadcast.config.BroadcastConfig;
import io.colortracking.broadcast.view.CountsView;
import io.colortracking.broadcast.ws.LiveSessions;
import io.colortracking.common.ConsumerLoop;
import io.colortracking.events.ColorAggregate;
import io.colortracking.events.Topics;
import io.colortracking.events.TopicsInitializer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
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
 * Reads every partition of the compacted {@code color_aggregates} from its beginning (no consumer
 * group: every instance holds the whole view), then follows it, handing each newer value to the
 * live sessions. Caught up once it reached the end offsets it saw at start.
 */
@Singleton
public class AggregatesTail extends ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(AggregatesTail.class);

    private final CountsView view;
    private final LiveSessions sessions;
    private final BroadcastConfig config;
    private final Map<String, Object> kafkaConfig;
    private final ObjectReader reader;
    private volatile boolean caughtUp;

    public AggregatesTail(CountsView view, LiveSessions sessions, BroadcastConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper mapper) {
        super("color-aggregates-tail", Duration.ofMillis(500), Duration.ofSeconds(5));
        this.view = view;
        this.sessions = sessions;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.reader = mapper.readerFor(ColorAggregate.class);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    /** Whether the view holds everything that was in the topic when this instance started. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    @Override
    protected void round() {
        String bootstrap = String.valueOf(kafkaConfig.get("bootstrap.servers"));
        TopicsInitializer.createMissing(bootstrap, config.topics().partitions(), config.topics().replicationFactor(),
                Duration.ofSeconds(10));
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "broadcast-service");
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            polling(kafka);
            List<TopicPartition> partitions = kafka.partitionsFor(Topics.COLOR_AGGREGATES).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> startEnds = kafka.endOffsets(partitions);
            while (running()) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(100))) {
                    apply(record);
                }
                if (!caughtUp && reached(kafka, startEnds)) {
                    caughtUp = true;
                    LOG.infof("View caught up with %s", Topics.COLOR_AGGREGATES);
                }
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            ColorAggregate aggregate = reader.readValue(record.value());
            if (view.apply(aggregate)) {
                sessions.changed(aggregate);
            }
        } catch (IOException e) {
            LOG.warnf("Unreadable aggregate at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
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
