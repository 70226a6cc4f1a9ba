package io.colortracking.common.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.colortracking.events.ApiKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyRegistryTest {

    private final ApiKeyRegistry registry = new ApiKeyRegistry();
    private final List<String> revoked = new ArrayList<>();

    private static ApiKey key(String name, boolean revoked) {
        return new ApiKey(name, name, List.of(), 100, Instant.EPOCH, revoked);
    }

    @Test
    void anUnknownKeyIsNotActive() {
        assertThat(registry.active("nobody")).isEmpty();
    }

    @Test
    void aRevokedKeyIsNoLongerActiveAndItsListenersHearOfIt() {
        // given
        registry.onRevoked(revoked::add);
        registry.update("shop", key("shop", false));
        assertThat(registry.active("shop")).isPresent();

        // when
        registry.update("shop", key("shop", true));

        // then
        assertThat(registry.active("shop")).isEmpty();
        assertThat(revoked).containsExactly("shop");
    }

    @Test
    void aDeletedKeyIsNoLongerActiveAndADeletionOfAnUnknownKeyIsNoRevocation() {
        // given
        registry.onRevoked(revoked::add);
        registry.update("shop", key("shop", false));

        // when
        registry.update("shop", null);
        registry.update("never-seen", null);

        // then
        assertThat(registry.active("shop")).isEmpty();
        assertThat(revoked).containsExactly("shop");
    }
}
