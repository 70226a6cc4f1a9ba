package io.colortracking.broadcast.live;

import static io.colortracking.broadcast.BroadcastTesting.activeKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.Action;
import io.colortracking.events.ColorAggregate;
import io.colortracking.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A change goes out at once, and a client still gets at most one frame per flush interval. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(FlushThrottleTest.LongInterval.class)
class FlushThrottleTest {

    /** A long interval, so "at once" and "after the interval" cannot be mistaken for each other. */
    public static class LongInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("colortracking.live.flush-interval", "3s");
        }
    }

    @TestHTTPResource("/v1/live")
    URI live;

    @Inject
    LiveSessions sessions;

    @Test
    void aChangeIsSentAtOnceAndTheNextOnlyOnceTheIntervalIsOver() {
        // given: a session that got its snapshot and has been quiet
        String apiKey = activeKey(live.toString().replaceFirst("^http", "ws"), "throttle");
        RecordingOutlet outlet = new RecordingOutlet();
        sessions.open(new LiveSession(outlet, apiKey, new LiveFormat(new ObjectMapper())));
        await().until(() -> outlet.frames.size() == 1);

        // when: one change
        long changedAt = System.nanoTime();
        sessions.changed(aggregate(apiKey, "red", 1, 1));

        // then: it is sent without waiting for the interval
        await().atMost(Duration.ofSeconds(10)).until(() -> outlet.frames.size() == 2);
        assertThat(Duration.ofNanos(outlet.frames.get(1).at() - changedAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(outlet.frames.get(1).json()).contains("\"amount\":1");

        // when: three more changes right after it
        for (int version = 2; version <= 4; version++) {
            sessions.changed(aggregate(apiKey, "red", version, version));
        }

        // then: one frame with the latest value, not before the interval after the previous frame
        await().atMost(Duration.ofSeconds(10)).until(() -> outlet.frames.size() == 3);
        assertThat(Duration.ofNanos(
                        outlet.frames.get(2).at() - outlet.frames.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
        assertThat(outlet.frames.get(2).json()).contains("\"amount\":4").doesNotContain("\"amount\":2");
        sessions.closed(outlet.id(), LiveMetrics.CLIENT);
    }

    private static ColorAggregate aggregate(String apiKey, String color, long amount, long version) {
        return new ColorAggregate(apiKey, Action.CLICK, color, amount, version, Instant.now());
    }

    private record Frame(long at, String json) {}

    /** A network side that takes every frame at once and notes when. */
    private static final class RecordingOutlet implements Outlet {
        final List<Frame> frames = new CopyOnWriteArrayList<>();

        @Override
        public String id() {
            return "recording-outlet";
        }

        @Override
        public String endpoint() {
            return "live";
        }

        @Override
        public CompletionStage<?> send(String frame) {
            frames.add(new Frame(System.nanoTime(), frame));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close(int code, String reason) {}
    }
}
