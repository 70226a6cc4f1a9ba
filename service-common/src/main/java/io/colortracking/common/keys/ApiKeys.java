package io.colortracking.common.keys;

import io.colortracking.common.kafka.CompactedTail;
import io.colortracking.events.ApiKey;
import io.colortracking.events.Topics;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The keys as the {@code api_keys} topic says they are, kept in memory by {@link ApiKeysTail} and
 * looked up on every request with no I/O: what every service checks a request's key against.
 * A service needs no database for it (ingest keeps accepting while PostgreSQL is down), and every
 * instance agrees on a key within a fraction of a second of its change.
 */
@Singleton
public class ApiKeys implements KeyLookup {

    private final ApiKeyRegistry registry = new ApiKeyRegistry();
    private final CompactedTail tail;

    public ApiKeys(KafkaClientService kafka) {
        this.tail = new CompactedTail(Topics.API_KEYS, kafka);
    }

    @Override
    public Optional<ApiKey> active(String apiKey) {
        return registry.active(apiKey);
    }

    @Override
    public Optional<ApiKey> readableWith(String readTokenSha256) {
        return registry.readableWith(readTokenSha256);
    }

    /** Runs the listener (on the tail's context) whenever a key's read token stops being valid. */
    public void onReadTokenInvalidated(Consumer<String> listener) {
        registry.onReadTokenInvalidated(listener);
    }

    @Override
    public boolean isCaughtUp() {
        return tail.isCaughtUp();
    }

    /** Runs the listener (on the tail's context) whenever an active key is revoked or deleted. */
    public void onRevoked(Consumer<String> listener) {
        registry.onRevoked(listener);
    }

    ApiKeyRegistry registry() {
        return registry;
    }

    CompactedTail tail() {
        return tail;
    }
}
