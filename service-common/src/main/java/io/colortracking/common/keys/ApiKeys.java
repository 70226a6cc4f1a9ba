package io.colortracking.common.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.ApiKey;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The keys as the {@code api_keys} topic says they are, kept in memory by a tail of their own and
 * looked up on every request with no I/O: what every service checks a request's key against.
 * A service needs no database for it (ingest keeps accepting while PostgreSQL is down), and every
 * instance agrees on a key within a fraction of a second of its change.
 */
@Singleton
public class ApiKeys implements KeyLookup {

    private final ApiKeyRegistry registry = new ApiKeyRegistry();
    private final ApiKeysTail tail;

    public ApiKeys(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper mapper,
            @ConfigProperty(name = "colortracking.topics.partitions", defaultValue = "6") int partitions,
            @ConfigProperty(name = "colortracking.topics.replication-factor", defaultValue = "1") short replicationFactor) {
        this.tail = new ApiKeysTail(registry, kafkaConfig, mapper, partitions, replicationFactor);
    }

    void onStart(@Observes StartupEvent event) {
        tail.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        tail.stop();
    }

    @Override
    public Optional<ApiKey> active(String apiKey) {
        return registry.active(apiKey);
    }

    @Override
    public boolean isCaughtUp() {
        return tail.isCaughtUp();
    }

    /** Runs the listener (on the tail's thread) whenever an active key is revoked or deleted. */
    public void onRevoked(Consumer<String> listener) {
        registry.onRevoked(listener);
    }
}
