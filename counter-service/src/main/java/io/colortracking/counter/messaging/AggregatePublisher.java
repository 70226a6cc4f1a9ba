package io.colortracking.counter.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.colortracking.events.ColorAggregate;
import io.colortracking.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes committed counters to {@link Topics#COLOR_AGGREGATES}. A counter stays pending until
 * the broker acknowledged its latest version, so a Kafka outage delays the live view but never
 * loses its final value; on start every counter is published again (readers drop stale versions).
 */
@ApplicationScoped
public class AggregatePublisher {

    private static final Logger LOG = Logger.getLogger(AggregatePublisher.class);

    private final Producer<String, byte[]> producer;
    private final ObjectWriter writer;
    private final Map<String, ColorAggregate> pending = new ConcurrentHashMap<>();
    private final Set<ColorAggregate> inFlight = ConcurrentHashMap.newKeySet();

    public AggregatePublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper mapper) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "counter-service-aggregates");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.writer = mapper.writerFor(ColorAggregate.class);
    }

    void onStop(@Observes ShutdownEvent event) {
        producer.close(Duration.ofSeconds(5));
    }

    /** Sends these counters and any still unacknowledged from before. */
    public void publish(Collection<ColorAggregate> changed) {
        for (ColorAggregate aggregate : changed) {
            pending.merge(aggregate.key(), aggregate, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
        }
        for (ColorAggregate aggregate : pending.values()) {
            if (inFlight.add(aggregate)) {
                send(aggregate);
            }
        }
    }

    private void send(ColorAggregate aggregate) {
        byte[] value;
        try {
            value = writer.writeValueAsBytes(aggregate);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise " + aggregate, e);
        }
        try {
            producer.send(new ProducerRecord<>(Topics.COLOR_AGGREGATES, aggregate.key(), value), (metadata, error) -> {
                inFlight.remove(aggregate);
                if (error == null) {
                    pending.remove(aggregate.key(), aggregate);
                } else {
                    LOG.warnf("Counter %s v%d not published yet: %s", aggregate.key(), aggregate.version(), error);
                }
            });
        } catch (RuntimeException e) {
            inFlight.remove(aggregate);
            LOG.warnf("Counter %s v%d not published yet: %s", aggregate.key(), aggregate.version(), e);
        }
    }
}
