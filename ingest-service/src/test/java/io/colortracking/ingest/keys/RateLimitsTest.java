package io.colortracking.ingest.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.colortracking.events.ApiKey;
import io.colortracking.ingest.config.IngestConfig;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private static final ApiKey KEY = new ApiKey("shop", "shop", List.of(), 1, Instant.EPOCH, false, true, null);

    private static IngestConfig config() {
        IngestConfig.RateLimit rateLimit = () -> 1000;
        return (IngestConfig) Proxy.newProxyInstance(
                IngestConfig.class.getClassLoader(),
                new Class<?>[] {IngestConfig.class},
                (proxy, method, args) -> method.getName().equals("rateLimit") ? rateLimit : null);
    }

    @Test
    void pointerChunksHaveTheirOwnBudgetApartFromTheKeysEvents() {
        // given: a key whose events are spent (one a second)
        RateLimits limits = new RateLimits(config());
        assertThat(limits.charge(KEY, 1)).isEmpty();
        assertThat(limits.charge(KEY, 1)).isPresent();

        // when / then: its pointer budget (here 3 chunks a second) is untouched, and is spent on its own
        assertThat(limits.chargePointer(KEY, 3)).isEmpty();
        assertThat(limits.chargePointer(KEY, 3)).isEmpty();
        assertThat(limits.chargePointer(KEY, 3)).isEmpty();
        assertThat(limits.chargePointer(KEY, 3)).isPresent();
        // a chunk Kafka did not take (503) is given back
        limits.refundPointer(KEY);
        assertThat(limits.chargePointer(KEY, 3)).isEmpty();
        // and the events stay spent
        assertThat(limits.charge(KEY, 1)).isPresent();
    }
}
