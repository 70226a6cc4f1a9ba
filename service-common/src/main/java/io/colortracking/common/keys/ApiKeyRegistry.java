package io.colortracking.common.keys;

import io.colortracking.events.ApiKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The API keys as the {@code api_keys} topic says they are now: looked up on every request, so it
 * is a plain in-memory map with no I/O. Written only by {@link ApiKeysTail}.
 */
public final class ApiKeyRegistry {

    private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();
    /** Active keys by their read token's hash. */
    private final Map<String, String> byReadToken = new ConcurrentHashMap<>();

    private final List<Consumer<String>> revocationListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> readAccessListeners = new CopyOnWriteArrayList<>();

    /** @return the key when it exists and is not revoked */
    public Optional<ApiKey> active(String apiKey) {
        ApiKey key = keys.get(apiKey);
        return key == null || key.revoked() ? Optional.empty() : Optional.of(key);
    }

    /** @return the active key whose read token has this SHA-256 (hex) */
    public Optional<ApiKey> readableWith(String readTokenSha256) {
        String apiKey = byReadToken.get(readTokenSha256);
        return apiKey == null ? Optional.empty() : active(apiKey);
    }

    /** Records the key's latest state; {@code null} means it was deleted. */
    public void update(String apiKey, ApiKey state) {
        ApiKey previous = state == null ? keys.remove(apiKey) : keys.put(apiKey, state);
        boolean wasActive = previous != null && !previous.revoked();
        boolean isActive = state != null && !state.revoked();
        String previousToken = wasActive ? previous.readTokenSha256() : null;
        String token = isActive ? state.readTokenSha256() : null;
        if (previousToken != null && !previousToken.equals(token)) {
            byReadToken.remove(previousToken, apiKey); // an unchanged token stays: no gap for its readers
        }
        if (token != null) {
            byReadToken.put(token, apiKey);
        }
        if (wasActive && !isActive) {
            revocationListeners.forEach(listener -> listener.accept(apiKey));
        }
        if (previousToken != null && !previousToken.equals(token)) {
            readAccessListeners.forEach(listener -> listener.accept(apiKey));
        }
    }

    /**
     * Runs the listener with the key whenever a read token it had stops being valid: rotated, the
     * key revoked or deleted.
     */
    public void onReadTokenInvalidated(Consumer<String> listener) {
        readAccessListeners.add(listener);
    }

    /** Runs the listener with the key whenever an active key is revoked or deleted. */
    public void onRevoked(Consumer<String> listener) {
        revocationListeners.add(listener);
    }
}
