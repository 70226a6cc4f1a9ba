package io.colortracking.broadcast.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.PointerChunk;
import io.colortracking.events.PointerSample;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.LiveClient;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TestMessages;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Live cursors: {@code /v1/live/cursors}, only with the key's read token. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class CursorsSocketTest {

    /** As LiveSocketTest's clients: a local broker delivers in milliseconds, this covers a loaded CI machine. */
    private static final Duration LIVE = Duration.ofSeconds(5);

    @TestHTTPResource("/v1/live/cursors")
    URI cursors;

    private final ObjectMapper mapper = new ObjectMapper();
    private String apiKey;
    private String token;

    @BeforeEach
    void givenAKeyThatRecordsPointersAndItsReadToken() throws Exception {
        apiKey = "cursors-" + UUID.randomUUID();
        token = "rt_" + UUID.randomUUID();
        TestKeys.registerReadable(apiKey, token, true);
        LiveClient.connectAdmitted(url(apiKey, token), Duration.ofSeconds(10)).close();
    }

    private String url(String key, String readToken) {
        String ws = cursors.toString().replaceFirst("^http", "ws");
        return ws + "?api_key=" + key + (readToken == null ? "" : "&token=" + readToken);
    }

    private static PointerChunk chunk(String apiKey, UUID session, int seq, double x) {
        return new PointerChunk(
                apiKey,
                session,
                seq,
                "https://shop.example/",
                new PointerChunk.Viewport(800, 600),
                List.of(
                        new PointerSample(seq * 1000L, "grid", x / 2, 0.5, "m"),
                        new PointerSample(seq * 1000L + 100, "grid", x, 0.25, "m")),
                Instant.now());
    }

    private static void send(PointerChunk... chunks) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (PointerChunk chunk : chunks) {
            records.add(Map.entry(chunk.key(), TestMessages.json(chunk)));
        }
        TopicRecords.write(Topics.POINTER_TRACKS, records);
    }

    private List<JsonNode> frames(LiveClient client, String type) throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        for (String frame : client.frames()) {
            JsonNode json = mapper.readTree(frame);
            if (json.get("type").asText().equals(type)) {
                frames.add(json);
            }
        }
        return frames;
    }

    /** Sends chunks of the session until the client shows its position: the tail reads from the end it found at start. */
    private void sendUntilSeen(LiveClient client, UUID session) {
        int[] seq = {0};
        await().atMost(LIVE).pollInterval(Duration.ofMillis(200)).until(() -> {
            send(chunk(apiKey, session, seq[0]++, 0.5));
            return frames(client, "cursors").stream()
                    .anyMatch(frame -> frame.get("positions").toString().contains(session.toString()));
        });
    }

    @Test
    void withoutTheReadTokenTheSocketIsClosed4401() throws Exception {
        // given
        String other = "cursors-other-" + UUID.randomUUID();
        TestKeys.registerReadable(other, "rt_other-" + other, true);
        LiveClient.connectAdmitted(url(other, "rt_other-" + other), Duration.ofSeconds(10))
                .close();

        // when / then: the public key alone, a wrong token, another key's token
        for (String url : List.of(url(apiKey, null), url(apiKey, "rt_wrong"), url(apiKey, "rt_other-" + other))) {
            try (LiveClient client = LiveClient.connect(url)) {
                await().atMost(LIVE).until(() -> client.closeCode() != null);
                assertThat(client.closeCode()).as(url).isEqualTo(4401);
                assertThat(client.frames()).isEmpty();
            }
        }
    }

    @Test
    void thePublicKeyGetsNothingOnAnotherSpellingOfThePath() throws Exception {
        // given: the path with a trailing slash, which the router may match as well
        String ws = cursors.toString().replaceFirst("^http", "ws");

        // when / then: refused at the upgrade, or closed 4401; never a frame
        try (LiveClient client = LiveClient.connect(ws + "/?api_key=" + apiKey)) {
            await().atMost(LIVE).until(() -> client.closeCode() != null);
            assertThat(client.closeCode()).isEqualTo(4401);
            assertThat(client.frames()).isEmpty();
        } catch (java.util.concurrent.ExecutionException refusedAtUpgrade) {
            assertThat(refusedAtUpgrade).hasMessageContaining("WebSocket");
        }
    }

    @Test
    void theReadTokenMayComeAsASubprotocolKeptOutOfTheAddress() throws Exception {
        // when
        try (LiveClient viewer = LiveClient.connect(url(apiKey, null), "cursors.v1", "token." + token)) {
            await().atMost(LIVE).until(() -> !viewer.frames().isEmpty() || viewer.closeCode() != null);

            // then
            assertThat(viewer.subprotocol()).isEqualTo("cursors.v1");
            assertThat(mapper.readTree(viewer.frames().get(0)).get("type").asText())
                    .isEqualTo("presence");
        }
        try (LiveClient wrong = LiveClient.connect(url(apiKey, null), "cursors.v1", "token.rt_wrong")) {
            await().atMost(LIVE).until(() -> wrong.closeCode() != null);
            assertThat(wrong.closeCode()).isEqualTo(4401);
        }
    }

    @Test
    void aViewerSeesWhoIsHereAndTheirLatestPositionsButNotAnotherTenants() throws Exception {
        // given
        UUID session = UUID.randomUUID();
        String other = "cursors-tenant-" + UUID.randomUUID();
        TestKeys.registerReadable(other, "rt_" + other, true);
        try (LiveClient viewer = LiveClient.connectAdmitted(url(apiKey, token), LIVE)) {
            assertThat(mapper.readTree(viewer.frames().get(0)).get("type").asText())
                    .isEqualTo("presence");
            assertThat(mapper.readTree(viewer.frames().get(0)).get("sessions").size())
                    .isZero();

            // when
            send(chunk(other, UUID.randomUUID(), 0, 0.9));
            sendUntilSeen(viewer, session);

            // then: joined first, then positions: the last sample of a chunk
            JsonNode joined = frames(viewer, "joined").get(0);
            assertThat(joined.get("session").asText()).isEqualTo(session.toString());
            assertThat(joined.get("page").asText()).isEqualTo("https://shop.example/");
            assertThat(joined.has("since")).isTrue();
            JsonNode position =
                    frames(viewer, "cursors").get(0).get("positions").get(0);
            assertThat(position.get("area").asText()).isEqualTo("grid");
            assertThat(position.get("x").asDouble()).isEqualTo(0.5);
            assertThat(position.get("y").asDouble()).isEqualTo(0.25);
            assertThat(position.get("t").asLong() % 1000).isEqualTo(100);
            assertThat(String.join("", viewer.frames())).doesNotContain(other);

            // and a viewer that comes later is told who is here, and where
            try (LiveClient late = LiveClient.connectAdmitted(url(apiKey, token), LIVE)) {
                JsonNode presence = mapper.readTree(late.frames().get(0));
                assertThat(presence.get("type").asText()).isEqualTo("presence");
                assertThat(presence.get("sessions").get(0).get("session").asText())
                        .isEqualTo(session.toString());
                await().atMost(LIVE).until(() -> !frames(late, "cursors").isEmpty());
            }
        }
    }

    @Test
    void aVisitorWithoutSamplesLeavesAndBurstsAreCoalesced() throws Exception {
        try (LiveClient viewer = LiveClient.connectAdmitted(url(apiKey, token), LIVE)) {
            // given
            UUID session = UUID.randomUUID();
            sendUntilSeen(viewer, session);

            // when: 10 visitors send 20 chunks each at once
            List<UUID> sessions = new ArrayList<>();
            List<PointerChunk> burst = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sessions.add(UUID.randomUUID());
            }
            for (int seq = 0; seq < 20; seq++) {
                for (UUID visitor : sessions) {
                    burst.add(chunk(apiKey, visitor, seq, seq / 20.0));
                }
            }
            int before = frames(viewer, "cursors").size();
            send(burst.toArray(PointerChunk[]::new));

            // then: each visitor's latest position arrives; 200 chunks came in far fewer frames
            // (without coalescing 200; one frame per 50 ms flush over a burst read within a second is about 20)
            await().atMost(LIVE).until(() -> {
                List<JsonNode> all = frames(viewer, "cursors");
                return sessions.stream()
                        .allMatch(visitor -> all.stream()
                                .anyMatch(frame -> frame.get("positions")
                                        .toString()
                                        .contains(visitor + "\",\"area\":\"grid\",\"x\":0.95")));
            });
            assertThat(frames(viewer, "cursors").size() - before).isLessThan(100);
            assertThat(frames(viewer, "joined")).hasSize(11);

            // and: without samples for 2 s (the test's left-after), every visitor has left
            await().atMost(LIVE).until(() -> frames(viewer, "left").size() == 11);
            List<String> everyone =
                    new ArrayList<>(sessions.stream().map(UUID::toString).toList());
            everyone.add(session.toString());
            assertThat(frames(viewer, "left").stream()
                            .map(frame -> frame.get("session").asText()))
                    .containsExactlyInAnyOrderElementsOf(everyone);
        }
    }

    @Test
    void aRotatedTokenClosesItsViewers() throws Exception {
        try (LiveClient viewer = LiveClient.connectAdmitted(url(apiKey, token), LIVE)) {
            // when
            TestKeys.registerReadable(apiKey, "rt_rotated-" + apiKey, true);

            // then
            await().atMost(LIVE).until(() -> viewer.closeCode() != null);
            assertThat(viewer.closeCode()).isEqualTo(4401);
        }
    }
}
