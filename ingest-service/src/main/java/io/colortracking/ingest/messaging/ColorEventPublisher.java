package io.colortracking.ingest.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.colortracking.events.ColorEvent;
import io.colortracking.events.Topics;
import io.colortracking.events.TopicsInitializer;
import io.colortracking.ingest.config.IngestConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Puts accepted events on their topics. A plain {@link KafkaProducer} with one completion per
 * request: the request is acknowledged only when the broker has acknowledged every event in it.
 */
@ApplicationScoped
public class ColorEventPublisher {

    private static final Logger LOG = Logger.getLogger(ColorEventPublisher.class);

    private final Producer<String, byte[]> producer;
    private final ObjectWriter writer;
    private final IngestConfig config;
    private final String bootstrapServers;

    public ColorEventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            ObjectMapper mapper, IngestConfig config) {
        this.config = config;
        this.writer = mapper.writerFor(ColorEvent.class);
        this.bootstrapServers = String.valueOf(kafkaConfig.get("bootstrap.servers"));
        this.producer = new KafkaProducer<>(producerConfig(kafkaConfig, config.produce().timeout()),
                new StringSerializer(), new ByteArraySerializer());
    }

    static Map<String, Object> producerConfig(Map<String, Object> kafkaConfig, Duration timeout) {
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // a request never waits longer than the produce timeout, even when the broker is gone
        int timeoutMs = (int) timeout.toMillis();
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(500, timeoutMs));
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(timeoutMs - 500, 500));
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        producerConfig.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ingest-service");
        return producerConfig;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            List<String> created = TopicsInitializer.createMissing(bootstrapServers,
                    config.topics().partitions(), config.topics().replicationFactor(), Duration.ofSeconds(10));
            if (!created.isEmpty()) {
                LOG.infof("Created topics %s", created);
            }
            // fetch metadata now, so the first requests do not wait for it
            producer.partitionsFor(Topics.CLICK_ON_COLORS);
            producer.partitionsFor(Topics.HOVER_ON_COLORS);
        } catch (RuntimeException e) {
            LOG.warnf("Kafka at %s is not reachable yet (%s); requests get 503 until it is", bootstrapServers,
                    e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * @return completes when the broker has acknowledged every event, or exceptionally when any
     *     was not acknowledged within the produce timeout
     */
    public CompletionStage<Void> publish(List<ColorEvent> events) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(events.size());
        try {
            for (ColorEvent event : events) {
                var record = new ProducerRecord<>(Topics.forAction(event.action()), event.apiKey(),
                        writer.writeValueAsBytes(event));
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        acknowledged.completeExceptionally(error);
                    } else if (pending.decrementAndGet() == 0) {
                        acknowledged.complete(null);
                    }
                });
            }
        } catch (JsonProcessingException e) {
            acknowledged.completeExceptionally(new IllegalStateException("Could not serialise an event", e));
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged.orTimeout(config.produce().timeout().toMillis() + 250, TimeUnit.MILLISECONDS);
    }
}
