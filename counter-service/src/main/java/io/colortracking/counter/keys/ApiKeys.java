package io.colortracking.counter.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.common.keys.ApiKeysView;
import io.colortracking.counter.config.CounterConfig;
import io.colortracking.events.ApiKey;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * The keys requests are checked against, read from the {@code api_keys} topic like the other
 * services do, so every instance agrees on a key within a fraction of a second of its change, and
 * no request costs a database lookup.
 */
@Singleton
public class ApiKeys {

    private final ApiKeysView view;

    public ApiKeys(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper mapper,
            CounterConfig config) {
        this.view = new ApiKeysView(kafkaConfig, mapper, config.topics().partitions(), config.topics().replicationFactor());
    }

    void onStart(@Observes StartupEvent event) {
        view.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        view.stop();
    }

    /** @return the key when it exists and is not revoked */
    public Optional<ApiKey> active(String apiKey) {
        return view.active(apiKey);
    }

    public boolean isCaughtUp() {
        return view.isCaughtUp();
    }
}
