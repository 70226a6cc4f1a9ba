package io.colortracking.counter.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.colortracking.events.PointerChunk;
import io.colortracking.events.PointerSample;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.PostgresTestResource;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TestMessages;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Recorded sessions: every chunk stored once, replayed in order, read only with the key's read
 * token, deleted at once. Chunks are written to {@code pointer_tracks} as ingest-service writes them.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SessionsResourceTest {

    private static final Duration STORED = Duration.ofSeconds(10);

    @Inject
    DataSource dataSource;

    private final String apiKey = "replay-" + UUID.randomUUID();
    private final String readToken = "rt_test-" + UUID.randomUUID();

    private RequestSpecification reader() {
        return given().header("Authorization", "Bearer " + readToken);
    }

    private String readableKey() {
        TestKeys.registerReadable(apiKey, readToken, true);
        await().atMost(STORED).until(() -> reader().get("/v1/sessions").statusCode() == 200);
        return apiKey;
    }

    /** A chunk of {@code count} moves (a click at its end) whose times start at {@code t0}, 100 ms apart. */
    private static PointerChunk chunk(String apiKey, UUID session, int seq, long t0, int count) {
        List<PointerSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(new PointerSample(
                    t0 + i * 100L,
                    i % 2 == 0 ? "grid" : "viewport",
                    (seq * 10 + i) / 1000.0,
                    0.5 + i / 10_000.0,
                    i == count - 1 ? "c" : "m"));
        }
        return new PointerChunk(
                apiKey,
                session,
                seq,
                "https://shop.example/p?q=1",
                new PointerChunk.Viewport(1280, 800),
                samples,
                Instant.now());
    }

    private static void send(PointerChunk... chunks) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (PointerChunk chunk : chunks) {
            records.add(Map.entry(chunk.key(), TestMessages.json(chunk)));
        }
        TopicRecords.write(Topics.POINTER_TRACKS, records);
    }

    /** Writes the chunk on the partition of another record key, so it is read after that key's records. */
    private static void sendBehind(String key, PointerChunk chunk) {
        TopicRecords.write(Topics.POINTER_TRACKS, List.of(Map.entry(key, TestMessages.json(chunk))));
    }

    private long storedChunks(UUID session) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT count(*) FROM pointer_chunks WHERE session = ?")) {
            select.setObject(1, session);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void chunksComingTwiceAndOutOfOrderAreStoredOnceAndReplayedInOrder() throws Exception {
        // given
        readableKey();
        UUID session = UUID.randomUUID();
        PointerChunk first = chunk(apiKey, session, 0, 0, 10);
        PointerChunk second = chunk(apiKey, session, 1, 1_000, 10);
        PointerChunk third = chunk(apiKey, session, 2, 2_000, 5);

        // when: seq 2 before 0 and 1, and 0 and 2 re-sent (a client's retry after a 503)
        send(third, first);
        send(second, first, third);

        // then
        await().atMost(STORED)
                .until(() -> reader().get("/v1/sessions/" + session).statusCode() == 200
                        && reader().get("/v1/sessions/" + session)
                                        .jsonPath()
                                        .getList("samples")
                                        .size()
                                == 25);
        JsonPath replay = reader().get("/v1/sessions/" + session)
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .extract()
                .jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertThat(replay.getString("session")).isEqualTo(session.toString());
        assertThat(replay.getString("page")).isEqualTo("https://shop.example/p?q=1");
        assertThat(replay.getInt("viewport.w")).isEqualTo(1280);
        assertThat(replay.getInt("viewport.h")).isEqualTo(800);
        List<List<Object>> samples = replay.getList("samples");
        List<PointerSample> expected = new ArrayList<>();
        expected.addAll(first.samples());
        expected.addAll(second.samples());
        expected.addAll(third.samples());
        for (int i = 0; i < expected.size(); i++) {
            PointerSample want = expected.get(i);
            List<Object> got = samples.get(i);
            assertThat(((Number) got.get(0)).longValue())
                    .as("t of sample %d", i)
                    .isEqualTo(want.t());
            assertThat(got.get(1)).isEqualTo(want.area());
            assertThat(((Number) got.get(2)).doubleValue()).isEqualTo(want.x());
            assertThat(((Number) got.get(3)).doubleValue()).isEqualTo(want.y());
            assertThat(got.get(4)).isEqualTo(want.kind());
        }
        assertThat(storedChunks(session)).isEqualTo(3);

        // and the list counts each sample and click once
        JsonPath listed =
                reader().get("/v1/sessions").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("sessions")).hasSize(1);
        assertThat(listed.getString("sessions[0].session")).isEqualTo(session.toString());
        assertThat(listed.getInt("sessions[0].samples")).isEqualTo(25);
        assertThat(listed.getInt("sessions[0].clicks")).isEqualTo(3);
        Instant started = Instant.parse(listed.getString("sessions[0].started_at"));
        Instant ended = Instant.parse(listed.getString("sessions[0].ended_at"));
        assertThat(Duration.between(started, ended)).isEqualTo(Duration.ofMillis(2_400));

        // when: the whole session is sent again (a replay of the topic after a crash)
        UUID marker = UUID.randomUUID();
        send(first, second, third);
        sendBehind(session.toString(), chunk(apiKey, marker, 0, 0, 1));

        // then: once the chunk behind them on the same partition is stored, nothing changed
        await().atMost(STORED).until(() -> storedChunks(marker) == 1);
        assertThat(storedChunks(session)).isEqualTo(3);
        reader().get("/v1/sessions")
                .then()
                .body("sessions.find { it.session == '" + session + "' }.samples", equalTo(25));
    }

    @Test
    void thePublicKeyAWrongTokenOrAnotherKeysTokenReadNothingAndTheAdminTokenDoes() {
        // given
        readableKey();
        UUID session = UUID.randomUUID();
        send(chunk(apiKey, session, 0, 0, 3));
        await().atMost(STORED)
                .until(() -> reader().get("/v1/sessions/" + session).statusCode() == 200);

        // when / then: the public key, in every place a key may be sent
        given().header("X-API-Key", apiKey)
                .get("/v1/sessions")
                .then()
                .statusCode(401)
                .body("detail", containsString("read token"));
        given().queryParam("api_key", apiKey)
                .get("/v1/sessions/" + session)
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + apiKey)
                .get("/v1/sessions")
                .then()
                .statusCode(401);
        given().header("X-API-Key", apiKey)
                .delete("/v1/sessions/" + session)
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer rt_wrong")
                .get("/v1/sessions")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer");
        // another key's token, naming this key
        String other = "replay-other-" + UUID.randomUUID();
        TestKeys.registerReadable(other, "rt_other-" + other, true);
        await().atMost(STORED)
                .until(() -> given().header("Authorization", "Bearer rt_other-" + other)
                                .get("/v1/sessions")
                                .statusCode()
                        == 200);
        given().header("Authorization", "Bearer rt_other-" + other)
                .queryParam("api_key", apiKey)
                .get("/v1/sessions")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer rt_other-" + other)
                .get("/v1/sessions/" + session)
                .then()
                .statusCode(404);
        given().header("Authorization", "Bearer rt_other-" + other)
                .get("/v1/sessions")
                .then()
                .statusCode(200)
                .body("sessions", hasSize(0));
        // the public key on the path's other spellings (a trailing slash), and the token where only the socket takes it
        assertThat(given().queryParam("api_key", apiKey).get("/v1/sessions/").statusCode())
                .isNotEqualTo(200);
        assertThat(given().header("X-API-Key", apiKey)
                        .get("/v1/sessions/" + session + "/")
                        .statusCode())
                .isNotEqualTo(200);
        given().queryParam("api_key", apiKey)
                .queryParam("token", readToken)
                .get("/v1/sessions")
                .then()
                .statusCode(401);
        // the admin token, naming the key
        given().header("Authorization", "Bearer test-only-admin-token")
                .queryParam("api_key", apiKey)
                .get("/v1/sessions/" + session)
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer test-only-admin-token")
                .get("/v1/sessions")
                .then()
                .statusCode(401);
    }

    @Test
    void aRotatedReadTokenStopsReadingAtOnce() {
        // given
        readableKey();

        // when: counter-service publishes the key with a new token's hash
        TestKeys.registerReadable(apiKey, "rt_rotated-" + apiKey, true);

        // then
        await().atMost(STORED).until(() -> reader().get("/v1/sessions").statusCode() == 401);
        given().header("Authorization", "Bearer rt_rotated-" + apiKey)
                .get("/v1/sessions")
                .then()
                .statusCode(200);
    }

    @Test
    void aDeletedSessionIsGoneAtOnceAndItsLateChunksAreNotStored() throws Exception {
        // given
        readableKey();
        UUID session = UUID.randomUUID();
        send(chunk(apiKey, session, 0, 0, 4));
        await().atMost(STORED)
                .until(() -> reader().get("/v1/sessions/" + session).statusCode() == 200);

        // when
        reader().delete("/v1/sessions/" + session).then().statusCode(204);

        // then
        reader().get("/v1/sessions/" + session).then().statusCode(404);
        reader().get("/v1/sessions").then().statusCode(200).body("sessions", hasSize(0));
        assertThat(storedChunks(session)).isZero();
        reader().delete("/v1/sessions/" + session).then().statusCode(404);

        // when: a chunk of it still on its way arrives, then another session's on the same partition
        UUID marker = UUID.randomUUID();
        send(chunk(apiKey, session, 1, 1_000, 4));
        sendBehind(session.toString(), chunk(apiKey, marker, 0, 0, 1));

        // then
        await().atMost(STORED).until(() -> storedChunks(marker) == 1);
        assertThat(storedChunks(session)).isZero();
        reader().get("/v1/sessions/" + session).then().statusCode(404);
    }

    @Test
    void badParametersAreRefusedWithTheirReason() {
        // given
        readableKey();

        // when / then
        reader().queryParam("limit", 0)
                .get("/v1/sessions")
                .then()
                .statusCode(400)
                .body("detail", containsString("'limit'"));
        reader().queryParam("limit", 501).get("/v1/sessions").then().statusCode(400);
        reader().queryParam("limit", "ten").get("/v1/sessions").then().statusCode(400);
        reader().queryParam("from", "yesterday")
                .get("/v1/sessions")
                .then()
                .statusCode(400)
                .body("detail", containsString("ISO-8601"));
        reader().queryParam("from", "2026-11-30T10:00:00Z")
                .queryParam("to", "2026-11-30T09:00:00Z")
                .get("/v1/sessions")
                .then()
                .statusCode(400);
        reader().get("/v1/sessions/not-a-session").then().statusCode(404);
        reader().get("/v1/sessions/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void theListIsNewestFirstWithinFromToAndLimit() {
        // given: three sessions started 3, 2 and 1 minutes ago
        readableKey();
        Instant now = Instant.now();
        List<UUID> sessions = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            PointerChunk chunk = chunk(apiKey, sessions.get(i), 0, 0, 2);
            send(new PointerChunk(
                    chunk.apiKey(),
                    chunk.session(),
                    0,
                    chunk.page(),
                    null,
                    chunk.samples(),
                    now.minusSeconds(180 - 60L * i)));
        }
        await().atMost(STORED)
                .until(() -> reader().get("/v1/sessions")
                                .jsonPath()
                                .getList("sessions")
                                .size()
                        == 3);

        // when / then
        assertThat(reader().get("/v1/sessions").jsonPath().getList("sessions.session"))
                .containsExactly(
                        sessions.get(2).toString(),
                        sessions.get(1).toString(),
                        sessions.get(0).toString());
        assertThat(reader().queryParam("limit", 1)
                        .get("/v1/sessions")
                        .jsonPath()
                        .getList("sessions.session"))
                .containsExactly(sessions.get(2).toString());
        assertThat(reader().queryParam("from", now.minusSeconds(150).toString())
                        .queryParam("to", now.minusSeconds(90).toString())
                        .get("/v1/sessions")
                        .jsonPath()
                        .getList("sessions.session"))
                .containsExactly(sessions.get(1).toString());
    }
}
