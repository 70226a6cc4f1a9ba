package io.colortracking.broadcast.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.broadcast.config.BroadcastConfig;
import io.colortracking.common.keys.ApiKeysView;
import io.colortracking.events.ApiKey;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The keys live clients may use, from the {@code api_keys} topic; a revocation is heard at once. */
@Singleton
public class ApiKeys {

    private final ApiKeysView view;

    public ApiKeys(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper mapper,
            BroadcastConfig config) {
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

    /** Runs the listener with the key whenever an active key is revoked or deleted. */
    public void onRevoked(Consumer<String> listener) {
        view.onRevoked(listener);
    }
}
