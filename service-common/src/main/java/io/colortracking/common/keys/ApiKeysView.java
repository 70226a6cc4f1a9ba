package io.colortracking.common.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.ApiKey;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The keys as the {@code api_keys} topic says they are, kept in memory by a tail of their own:
 * what every service looks a request's key up in. Start it with the service, stop it with it.
 */
public final class ApiKeysView {

    private final ApiKeyRegistry registry = new ApiKeyRegistry();
    private final ApiKeysTail tail;

    public ApiKeysView(Map<String, Object> kafkaConfig, ObjectMapper mapper, int partitions, short replicationFactor) {
        this.tail = new ApiKeysTail(registry, kafkaConfig, mapper, partitions, replicationFactor);
    }

    public void start() {
        tail.start();
    }

    public void stop() throws InterruptedException {
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

    /** Runs the listener (on the tail's thread) whenever an active key is revoked or deleted. */
    public void onRevoked(Consumer<String> listener) {
        registry.onRevoked(listener);
    }
}
