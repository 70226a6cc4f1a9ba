package io.colortracking.common.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.colortracking.events.ApiKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading visitor behaviour takes a key's read token; the public key alone never does. */
class ReadAccessTest {

    private static final String TOKEN = "rt_secret-of-the-shop";

    private static ApiKey shop(String token, boolean revoked) {
        return new ApiKey(
                "shop",
                "shop",
                List.of("https://shop.example"),
                10,
                Instant.EPOCH,
                revoked,
                true,
                token == null ? null : ReadTokens.sha256(token));
    }

    private static KeyLookup keys(ApiKeyRegistry registry, boolean caughtUp) {
        return new KeyLookup() {
            @Override
            public java.util.Optional<ApiKey> active(String apiKey) {
                return registry.active(apiKey);
            }

            @Override
            public java.util.Optional<ApiKey> readableWith(String sha256) {
                return registry.readableWith(sha256);
            }

            @Override
            public boolean isCaughtUp() {
                return caughtUp;
            }
        };
    }

    @Test
    void theReadTokenAloneAdmitsItsKeyFromAnyOrigin() {
        // given
        ApiKeyRegistry registry = new ApiKeyRegistry();
        registry.update("shop", shop(TOKEN, false));

        // when
        var byHeader = RequestKeys.admitReader(keys(registry, true), null, "Bearer " + TOKEN, null, null);
        var byParameter = RequestKeys.admitReader(keys(registry, true), null, null, "shop", TOKEN);

        // then
        assertThat(byHeader.admitted()).isTrue();
        assertThat(byHeader.key().apiKey()).isEqualTo("shop");
        assertThat(byParameter.admitted()).isTrue();
    }

    @Test
    void thePublicKeyAWrongTokenOrAnotherKeysTokenAre401() {
        // given
        ApiKeyRegistry registry = new ApiKeyRegistry();
        registry.update("shop", shop(TOKEN, false));
        registry.update(
                "other",
                new ApiKey("other", "o", List.of(), 10, Instant.EPOCH, false, true, ReadTokens.sha256("rt_other")));
        KeyLookup lookup = keys(registry, true);

        // when / then
        assertThat(RequestKeys.admitReader(lookup, "shop", null, null, null).status())
                .isEqualTo(401);
        assertThat(RequestKeys.admitReader(lookup, "shop", null, null, null).detail())
                .isEqualTo(RequestKeys.NO_READ_TOKEN);
        assertThat(RequestKeys.admitReader(lookup, null, "Bearer shop", null, null)
                        .status())
                .isEqualTo(401);
        assertThat(RequestKeys.admitReader(lookup, null, "Bearer rt_wrong", null, null)
                        .status())
                .isEqualTo(401);
        assertThat(RequestKeys.admitReader(lookup, "shop", "Bearer rt_other", null, null)
                        .detail())
                .contains("'shop'");
        assertThat(RequestKeys.admitReader(lookup, null, "Bearer " + "x".repeat(300), null, null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aRotatedTokenOrARevokedKeyStopsReadingAndListenersHear() {
        // given
        ApiKeyRegistry registry = new ApiKeyRegistry();
        registry.update("shop", shop(TOKEN, false));
        List<String> invalidated = new ArrayList<>();
        registry.onReadTokenInvalidated(invalidated::add);

        // when: rotated
        registry.update("shop", shop("rt_new", false));

        // then
        assertThat(RequestKeys.admitReader(keys(registry, true), null, "Bearer " + TOKEN, null, null)
                        .admitted())
                .isFalse();
        assertThat(RequestKeys.admitReader(keys(registry, true), null, "Bearer rt_new", null, null)
                        .admitted())
                .isTrue();
        assertThat(invalidated).containsExactly("shop");

        // when: revoked
        registry.update("shop", shop("rt_new", true));

        // then
        assertThat(RequestKeys.admitReader(keys(registry, true), null, "Bearer rt_new", null, null)
                        .admitted())
                .isFalse();
        assertThat(invalidated).containsExactly("shop", "shop");
    }

    @Test
    void anUnknownTokenIs503WhileTheKeysAreLoading() {
        // when
        var admission = RequestKeys.admitReader(keys(new ApiKeyRegistry(), false), null, "Bearer " + TOKEN, null, null);

        // then
        assertThat(admission.status()).isEqualTo(503);
    }

    @Test
    void aPublicKeyAdmissionNeverReadsBehaviourAndATokenOneDoes() {
        // given
        ApiKeyRegistry registry = new ApiKeyRegistry();
        registry.update("shop", shop(TOKEN, false));

        // when
        var publicKey = RequestKeys.admit(keys(registry, true), "shop", null, null, "https://shop.example");
        var reader = RequestKeys.admitReader(keys(registry, true), null, "Bearer " + TOKEN, null, null);

        // then: the endpoints ask this, whatever path the request was classified by
        assertThat(publicKey.admitted()).isTrue();
        assertThat(publicKey.readsBehaviour()).isFalse();
        assertThat(reader.readsBehaviour()).isTrue();
    }

    @Test
    void anUnchangedTokenStaysReadableWhileItsKeyIsPublishedAgain() {
        // given
        ApiKeyRegistry registry = new ApiKeyRegistry();
        registry.update("shop", shop(TOKEN, false));
        List<String> invalidated = new ArrayList<>();
        registry.onReadTokenInvalidated(invalidated::add);

        // when: the same key again (a restart's republish, a PATCH of another field)
        registry.update("shop", shop(TOKEN, false));

        // then
        assertThat(registry.readableWith(ReadTokens.sha256(TOKEN))).isPresent();
        assertThat(invalidated).isEmpty();
    }

    @Test
    void theSocketsTokenSubprotocolIsRead() {
        assertThat(RequestKeys.subprotocolToken("cursors.v1, token.rt_abc-_1")).isEqualTo("rt_abc-_1");
        assertThat(RequestKeys.subprotocolToken("token.demo-read")).isEqualTo("demo-read");
        assertThat(RequestKeys.subprotocolToken("cursors.v1")).isNull();
        assertThat(RequestKeys.subprotocolToken("token.")).isNull();
        assertThat(RequestKeys.subprotocolToken(null)).isNull();
    }

    @Test
    void onlyTheBehaviouralPathsNeedAReadToken() {
        assertThat(RequestKeys.readsBehaviour("/v1/sessions")).isTrue();
        assertThat(RequestKeys.readsBehaviour("/v1/sessions/3f0c9a52-1c1e-4b59-9e0e-2f6b1d6a7c11"))
                .isTrue();
        assertThat(RequestKeys.readsBehaviour("/v1/live/cursors")).isTrue();
        assertThat(RequestKeys.readsBehaviour("/v1/live/cursors/")).isTrue();
        assertThat(RequestKeys.readsBehaviour("/v1/sessions//")).isTrue();
        assertThat(RequestKeys.isCursors("/v1/live/cursors/")).isTrue();
        assertThat(RequestKeys.isCursors("/v1/sessions")).isFalse();
        assertThat(RequestKeys.readsBehaviour("/v1/live")).isFalse();
        assertThat(RequestKeys.readsBehaviour("/v1/counts")).isFalse();
        assertThat(RequestKeys.readsBehaviour("/v1/heatmap")).isFalse();
        assertThat(RequestKeys.readsBehaviour("/v1/pointer")).isFalse();
        assertThat(ReadTokens.generate()).startsWith("rt_").hasSize(46).isNotEqualTo(ReadTokens.generate());
        assertThat(ReadTokens.sha256("demo-read")).hasSize(64).matches("[0-9a-f]+");
    }
}
