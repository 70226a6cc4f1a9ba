package io.colortracking.common.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.colortracking.events.ApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestKeysTest {

    private static final ApiKey SHOP =
            new ApiKey("shop", "shop", List.of("https://shop.example"), 10, Instant.EPOCH, false);

    /** The keys an instance knows, and whether it has read all of them yet. */
    private record Keys(Map<String, ApiKey> known, boolean isCaughtUp) implements KeyLookup {
        @Override
        public Optional<ApiKey> active(String apiKey) {
            return Optional.ofNullable(known.get(apiKey));
        }
    }

    @Test
    void aKnownKeyFromAnAllowedOriginIsAdmitted() {
        // when
        RequestKeys.Admission admission =
                RequestKeys.admit(new Keys(Map.of("shop", SHOP), true), "shop", null, null, "https://shop.example");
        // then
        assertThat(admission.admitted()).isTrue();
        assertThat(admission.key()).isEqualTo(SHOP);
    }

    @Test
    void anUnknownKeyIs401OnceEveryKeyHasBeenRead() {
        RequestKeys.Admission admission = RequestKeys.admit(new Keys(Map.of(), true), "nope", null, null, null);
        assertThat(admission.status()).isEqualTo(401);
        assertThat(admission.detail()).contains("'nope' is unknown or revoked");
    }

    @Test
    void anUnknownKeyIs503WhileTheKeysAreStillBeingRead() {
        // given: an instance that just started and has not reached this key yet
        Keys loading = new Keys(Map.of(), false);
        // when
        RequestKeys.Admission admission = RequestKeys.admit(loading, "shop", null, null, null);
        // then: retry, not "unknown"
        assertThat(admission.admitted()).isFalse();
        assertThat(admission.status()).isEqualTo(RequestKeys.KEYS_LOADING).isEqualTo(503);
        assertThat(admission.detail()).contains("retry");
    }

    @Test
    void aKeyAlreadyReadIsJudgedNormallyWhileTheRestAreLoading() {
        Keys loading = new Keys(Map.of("shop", SHOP), false);
        assertThat(RequestKeys.admit(loading, "shop", null, null, "https://shop.example")
                        .admitted())
                .isTrue();
        assertThat(RequestKeys.admit(loading, "shop", null, null, "https://evil.example")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aMissingOrMalformedKeyIs401WhateverTheLoadingState() {
        assertThat(RequestKeys.admit(new Keys(Map.of(), false), null, null, null, null)
                        .status())
                .isEqualTo(401);
        assertThat(RequestKeys.admit(new Keys(Map.of(), false), "bad key!", null, null, null)
                        .status())
                .isEqualTo(401);
    }
}
