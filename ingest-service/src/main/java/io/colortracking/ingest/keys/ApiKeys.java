package io.colortracking.ingest.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.common.keys.ApiKeyRegistry;
import io.colortracking.common.keys.ApiKeysTail;
import io.colortracking.events.ApiKey;
import io.colortracking.ingest.config.IngestConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * The keys this service accepts, materialised from the {@code api_keys} topic: ingest needs no
 * database, so it keeps accepting events while PostgreSQL is down.
 */
@Singleton
public class ApiKeys {

    private final ApiKeyRegistry registry = new ApiKeyRegistry();
    private final ApiKeysTail tail;

    public ApiKeys(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper mapper,
            IngestConfig config) {
        this.tail = new ApiKeysTail(registry, kafkaConfig, mapper, config.topics().partitions(),
                config.topics().replicationFactor());
    }

    void onStart(@Observes StartupEvent event) {
        tail.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        tail.stop();
    }

    /** @return the key when it exists and is not revoked */
    public Optional<ApiKey> active(String apiKey) {
        return registry.active(apiKey);
    }

    /** Whether every key that existed when this instance started is known. */
    public boolean isCaughtUp() {
        return tail.isCaughtUp();
    }
}
