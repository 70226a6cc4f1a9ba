package io.colortracking.broadcast.live;

import static io.colortracking.broadcast.BroadcastTesting.activeKey;
import static io.colortracking.broadcast.BroadcastTesting.aggregate;
import static io.colortracking.broadcast.BroadcastTesting.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colortracking.common.CloseCodes;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.LiveClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class SlowClientTest {

    @TestHTTPResource("/v1/live")
    URI live;

    @Inject
    LiveSessions sessions;

    @Test
    void aClientThatNeverReadsHoldsOneValuePerCounterDelaysNobodyAndIsClosedOnceStuck() throws Exception {
        // given: a client that opened the WebSocket and never reads a byte, and one that reads
        String url = live.toString().replaceFirst("^http", "ws");
        String apiKey = activeKey(url, "slow");
        try (Socket stuck = neverReadingClient(apiKey);
                LiveClient reader = LiveClient.connectAdmitted(url + "?api_key=" + apiKey, Duration.ofSeconds(10))) {
            await().until(() -> sessions.sessionsOf(apiKey).size() == 2);
            long connectedAt = System.nanoTime();

            // when: updates of all 8 counters keep coming, 1,000 and more, until the silent client's
            // socket buffers are full and it has not taken a frame for the (test) timeout of 2 s
            String[] colors = {"blue", "green", "red", "yellow"};
            long[] version = {0};
            int maxPending = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (sessions.sessionsOf(apiKey).size() == 2 || version[0] < 1000) {
                assertThat(System.nanoTime())
                        .as("the silent client is closed within 60 s")
                        .isLessThan(deadline);
                List<Map.Entry<String, String>> updates = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    version[0]++;
                    String padded = colors[(int) (version[0] % 4)];
                    updates.add(
                            aggregate(apiKey, version[0] % 2 == 0 ? "click" : "hover", padded, version[0], version[0]));
                }
                publish(updates);
                for (LiveSession session : sessions.sessionsOf(apiKey)) {
                    maxPending = Math.max(maxPending, session.pendingCount());
                }
            }
            long published = System.nanoTime();
            long last = version[0];

            // then: the reading client has the final value within a second, as if alone
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() ->
                            reader.frames().stream().anyMatch(frame -> frame.contains("\"version\":" + last + "}")));
            assertThat(Duration.ofNanos(System.nanoTime() - published)).isLessThan(Duration.ofSeconds(1));
            assertThat(reader.closeCode()).isNull();
            // at most one frame per 50 ms flush (20 frames/s), plus the snapshot, however many updates
            long flushes = Duration.ofNanos(System.nanoTime() - connectedAt).toMillis() / 50 + 1;
            assertThat(reader.frames().size())
                    .isLessThanOrEqualTo((int) flushes + 1)
                    .isLessThan((int) version[0]);
            // the silent one held at most one waiting value per counter (2 actions x 4 colors), then was let go
            assertThat(maxPending).isLessThanOrEqualTo(8);
            assertThat(sessions.sessionsOf(apiKey)).hasSize(1);
        }
    }

    @Test
    void aClientWhoseFrameStaysUnreadPastTheTimeoutIsClosedWith4408AndForgotten() {
        // given: an outlet whose network never takes the frame (the test profile's timeout is 2 s)
        String apiKey = activeKey(live.toString().replaceFirst("^http", "ws"), "stuck");
        StuckOutlet outlet = new StuckOutlet();
        sessions.open(
                new LiveSession(outlet, apiKey, new LiveFormat(new com.fasterxml.jackson.databind.ObjectMapper())));

        // when: changes keep coming for it
        publish(List.of(aggregate(apiKey, "hover", "red", 1, 1)));

        // then
        await().atMost(Duration.ofSeconds(10)).until(() -> outlet.closeCode != null);
        assertThat(outlet.closeCode).isEqualTo(CloseCodes.TOO_SLOW);
        assertThat(sessions.session(outlet.id())).isNull();
    }

    /** The network side of a client that stopped reading: no frame is ever handed over. */
    private static final class StuckOutlet implements Outlet {
        volatile Integer closeCode;

        @Override
        public String id() {
            return "stuck-outlet";
        }

        @Override
        public String endpoint() {
            return "live";
        }

        @Override
        public java.util.concurrent.CompletionStage<?> send(String frame) {
            return new java.util.concurrent.CompletableFuture<>();
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
        }
    }

    /** A WebSocket handshake on a raw socket, and then silence: nothing is ever read. */
    private Socket neverReadingClient(String apiKey) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new java.net.InetSocketAddress(live.getHost(), live.getPort()));
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /v1/live?api_key=" + apiKey + " HTTP/1.1\r\nHost: " + live.getHost() + ":" + live.getPort()
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                        + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
