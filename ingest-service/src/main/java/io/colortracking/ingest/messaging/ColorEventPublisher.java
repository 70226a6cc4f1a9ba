package io.colortracking.ingest.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.colortracking.events.ColorEvent;
import io.colortracking.events.Topics;
import io.colortracking.events.TopicsInitializer;
import io.colortracking.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import java.util.concurrent.locks.LockSupport;
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
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer acknowledgedTimer;
    private final Timer failedTimer;

    public ColorEventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            ObjectMapper mapper, IngestConfig config, MeterRegistry registry) {
        this.acknowledgedTimer = produceTimer(registry, "acknowledged");
        this.failedTimer = produceTimer(registry, "failed");
        Gauge.builder("colortracking.ingest.events.in.flight", inFlight, AtomicInteger::get)
                .description("Events sent to Kafka and not yet acknowledged or failed").register(registry);
        this.config = config;
        this.writer = mapper.copy()
                .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("event-timestamps")
                        .addSerializer(java.time.Instant.class, new IsoInstantSerializer()))
                .writerFor(ColorEvent.class);
        this.bootstrapServers = String.valueOf(kafkaConfig.get("bootstrap.servers"));
        this.producer = new KafkaProducer<>(producerConfig(kafkaConfig, config.produce().timeout()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static Timer produceTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("colortracking.ingest.produce")
                .description("From the first send of a request's events to the broker's acknowledgement of all")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }

    static Map<String, Object> producerConfig(Map<String, Object> kafkaConfig, Duration timeout) {
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // send() runs on the event loop and must never wait: without metadata or buffer space it
        // fails at once (503) instead of blocking; the acknowledgement is bounded by the delivery timeout
        int timeoutMs = (int) timeout.toMillis();
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        // and so the producer must never forget the topics' metadata after a quiet spell (default 5 min)
        producerConfig.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, Duration.ofDays(365).toMillis());
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
            awaitMetadata(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warnf("Kafka at %s is not reachable yet (%s); requests get 503 until it is", bootstrapServers,
                    e.getMessage());
        }
    }

    /**
     * Fetches the topics' metadata before the first request: with {@code max.block.ms=0}, a send
     * without it would fail. Afterwards the producer keeps it fresh in the background.
     */
    private void awaitMetadata(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String topic : List.of(Topics.CLICK_ON_COLORS, Topics.HOVER_ON_COLORS)) {
            while (true) {
                try {
                    producer.partitionsFor(topic);
                    break;
                } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                }
            }
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
        long started = System.nanoTime();
        inFlight.addAndGet(events.size());
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
        return acknowledged.orTimeout(config.produce().timeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, error) -> {
                    inFlight.addAndGet(-events.size());
                    (error == null ? acknowledgedTimer : failedTimer).record(System.nanoTime() - started,
                            TimeUnit.NANOSECONDS);
                });
    }
}
