package io.colortracking.counter.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.colortracking.common.BackgroundRetry;
import io.colortracking.common.keys.ReadTokens;
import io.colortracking.counter.config.CounterConfig;
import io.colortracking.events.ApiKey;
import io.colortracking.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes the keys to the compacted {@code api_keys} topic, which every service reads. At start
 * every key is published again, until the broker acknowledged them all, so the topic can always
 * be rebuilt from the table.
 */
@Singleton
public class ApiKeysPublisher {

    /**
     * The outgoing channel onto {@code api_keys}; not named after the topic, because this service
     * also reads the topic through the channel of that name.
     */
    public static final String CHANNEL = "api-keys-out";

    private static final Logger LOG = Logger.getLogger(ApiKeysPublisher.class);

    /**
     * Longest wait for the broker to acknowledge key records: longer than the channel's delivery
     * timeout (2 s) plus the connector's retry, so a record not acknowledged by then never is.
     */
    private static final Duration ACKNOWLEDGEMENT = Duration.ofSeconds(6);

    /** The local demo key, made by the first migration. */
    static final String DEMO_KEY = "demo";

    private final KeyStore store;
    private final Optional<String> demoReadToken;
    private final MutinyEmitter<Record<String, byte[]>> channel;
    private final ObjectWriter writer;
    private volatile boolean published;
    private BackgroundRetry republisher;

    /** {@code store} is a client proxy (it needs this publisher too), so the cycle is fine for CDI. */
    public ApiKeysPublisher(
            KeyStore store,
            @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                    MutinyEmitter<Record<String, byte[]>> channel,
            ObjectMapper mapper,
            CounterConfig config) {
        this.store = store;
        this.demoReadToken = config.demoReadToken().filter(token -> !token.isBlank());
        this.channel = channel;
        this.writer = mapper.writerFor(ApiKey.class);
    }

    void onStart(@Observes StartupEvent event) {
        republisher = BackgroundRetry.start(
                "api-keys-republisher", Duration.ofMillis(200), Duration.ofSeconds(5), this::republishAll);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (republisher != null) {
            republisher.stop();
        }
    }

    /** Whether every key of the table has been acknowledged on the topic since this start. */
    public boolean isPublished() {
        return published;
    }

    /** Publishes the keys' states and waits until the broker acknowledged them all. */
    public void publish(List<ApiKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<Uni<Void>> sent = keys.stream()
                .map(key -> channel.send(Record.of(key.apiKey(), json(key))))
                .toList();
        Uni.join().all(sent).andFailFast().await().atMost(ACKNOWLEDGEMENT);
    }

    /** Publishes a tombstone: the key does not exist. */
    public void publishDeleted(String apiKey) {
        channel.send(Record.<String, byte[]>of(apiKey, null)).await().atMost(ACKNOWLEDGEMENT);
    }

    /** One try at putting every key of the table on the topic; @return whether it succeeded */
    private boolean republishAll() {
        try {
            demoReadToken.ifPresent(token -> {
                if (store.ensureReadable(DEMO_KEY, ReadTokens.sha256(token))) {
                    LOG.infof("The local key %s records pointers, read with DEMO_READ_TOKEN", DEMO_KEY);
                }
            });
            int count = store.publishAll();
            published = true;
            LOG.infof("Published %d API keys to %s", count, Topics.API_KEYS);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("API keys not published yet, retrying: %s", e.toString());
            return false;
        }
    }

    private byte[] json(ApiKey key) {
        try {
            return writer.writeValueAsBytes(key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise the key " + key.apiKey(), e);
        }
    }
}
