package io.colortracking.counter.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.colortracking.common.Backoff;
import io.colortracking.events.ApiKey;
import io.colortracking.events.Topics;
import io.colortracking.events.TopicsInitializer;
import io.colortracking.counter.config.CounterConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes the keys to the compacted {@code api_keys} topic, which ingest-service and
 * broadcast-service read. At start every key is published again, until the broker acknowledged
 * them all, so the topic can always be rebuilt from the table.
 */
@Singleton
public class ApiKeysPublisher {

    private static final Logger LOG = Logger.getLogger(ApiKeysPublisher.class);

    /** Longest wait for the broker to acknowledge key records; longer than the delivery timeout. */
    private static final Duration ACKNOWLEDGEMENT = Duration.ofSeconds(6);

    private final KeyStore store;
    private final CounterConfig config;
    private final String bootstrapServers;
    private final Producer<String, byte[]> producer;
    private final ObjectWriter writer;
    private volatile boolean published;
    private volatile boolean stopping;
    private Thread republisher;

    /** {@code store} is a client proxy (it needs this publisher too), so the cycle is fine for CDI. */
    public ApiKeysPublisher(KeyStore store, CounterConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper mapper) {
        this.store = store;
        this.config = config;
        this.bootstrapServers = String.valueOf(kafkaConfig.get("bootstrap.servers"));
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "counter-service-keys");
        // a record not acknowledged within the wait is given up, never delivered later behind our back
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        this.writer = mapper.writerFor(ApiKey.class);
    }

    void onStart(@Observes StartupEvent event) {
        republisher = new Thread(this::republishAll, "api-keys-republisher");
        republisher.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        if (republisher != null) {
            republisher.interrupt();
            republisher.join(5_000);
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** Whether every key of the table has been acknowledged on the topic since this start. */
    public boolean isPublished() {
        return published;
    }

    /** Publishes the keys' states and waits until the broker acknowledged them all. */
    public void publish(List<ApiKey> keys) throws Exception {
        long deadline = System.nanoTime() + ACKNOWLEDGEMENT.toNanos();
        List<Future<RecordMetadata>> sent = keys.stream().map(this::send).toList();
        for (Future<RecordMetadata> acknowledgement : sent) {
            acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** Publishes a tombstone: the key does not exist. */
    public void publishDeleted(String apiKey) throws Exception {
        producer.send(new ProducerRecord<>(Topics.API_KEYS, apiKey, null))
                .get(ACKNOWLEDGEMENT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void republishAll() {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        while (!stopping && !published) {
            try {
                TopicsInitializer.createMissing(bootstrapServers, config.topics().partitions(),
                        config.topics().replicationFactor(), Duration.ofSeconds(10));
                int count = store.publishAll();
                published = true;
                LOG.infof("Published %d API keys to %s", count, Topics.API_KEYS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                Duration wait = backoff.next();
                LOG.warnf("API keys not published yet, retrying in %s: %s", wait, e.toString());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private Future<RecordMetadata> send(ApiKey key) {
        try {
            return producer.send(new ProducerRecord<>(Topics.API_KEYS, key.apiKey(), writer.writeValueAsBytes(key)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise the key " + key.apiKey(), e);
        }
    }
}
