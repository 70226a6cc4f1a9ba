package io.colortracking.common.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.colortracking.events.ApiKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private static ApiKey key(String... origins) {
        return new ApiKey("k", "test", List.of(origins), 10, Instant.EPOCH, false);
    }

    @Test
    void aKeyWithoutAllowedOriginsAcceptsEveryOriginIncludingAPageFromDisk() {
        assertThat(OriginPolicy.allows(key(), "https://anything.example")).isTrue();
        assertThat(OriginPolicy.allows(key(), "null")).isTrue();
    }

    @Test
    void aKeyWithAllowedOriginsAcceptsOnlyThoseIgnoringCaseAndATrailingSlash() {
        ApiKey shop = key("https://shop.example/");
        assertThat(OriginPolicy.allows(shop, "HTTPS://Shop.Example")).isTrue();
        assertThat(OriginPolicy.allows(shop, "https://shop.example.evil")).isFalse();
        assertThat(OriginPolicy.allows(shop, "http://shop.example")).isFalse();
        assertThat(OriginPolicy.allows(shop, "null")).isFalse();
    }

    @Test
    void aRequestWithoutOriginIsNotABrowserCrossOriginRequestAndIsJudgedByItsKeyAlone() {
        assertThat(OriginPolicy.allows(key("https://shop.example"), null)).isTrue();
    }
}
