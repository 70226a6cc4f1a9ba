package io.colortracking.common.keys;

import io.colortracking.events.ApiKey;
import java.util.Optional;

/** Where a request's key is looked up: the keys known so far, and whether that is all of them yet. */
public interface KeyLookup {

    /** @return the key when it exists and is not revoked */
    Optional<ApiKey> active(String apiKey);

    /** @return the active key whose read token has this SHA-256 (hex); none by default */
    default Optional<ApiKey> readableWith(String readTokenSha256) {
        return Optional.empty();
    }

    /** Whether every key that existed when this instance started is known. */
    boolean isCaughtUp();
}
