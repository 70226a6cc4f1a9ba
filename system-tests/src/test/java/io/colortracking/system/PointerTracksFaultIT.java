package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * R9 of the fault suite: pointer tracks while the broker is away (503s, each chunk re-sent with
 * its session and seq until it is accepted), counter-service is killed, and some accepted chunks
 * are sent again anyway (a client that never saw its 202): every session replays each accepted
 * chunk's samples exactly once, in order.
 */
class PointerTracksFaultIT {

    private static final boolean FULL = ExactCountsFaultIT.FULL;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int SAMPLES_PER_CHUNK = 10;

    /** Puts the broker back after the outage while the test thread awaits. */
    private static final ScheduledExecutorService FAULTS = Executors.newSingleThreadScheduledExecutor();

    private static FaultPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = FaultPlatform.shared();
    }

    @AfterAll
    static void stop() {
        FAULTS.shutdownNow();
    }

    /** One visitor: a chunk a second, each sent until accepted; what was accepted, by seq. */
    private record Visitor(UUID session, Map<Integer, String> accepted) {}

    @Test
    void r9ChunksResentAfter503sAndAcrossACounterKillAreStoredExactlyOnce() throws Exception {
        // given
        String readToken = "rt_r9-" + UUID.randomUUID();
        String apiKey = platform.newPointerKey("r9", readToken);
        int visitors = FULL ? 100 : 30;
        int chunks = FULL ? 40 : 12;
        AtomicInteger answered503 = new AtomicInteger();
        AtomicInteger resent = new AtomicInteger();
        List<Visitor> all = new ArrayList<>();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> running = new ArrayList<>();
        for (int v = 0; v < visitors; v++) {
            Visitor visitor = new Visitor(UUID.randomUUID(), new ConcurrentHashMap<>());
            all.add(visitor);
            Random random = new Random(v);
            running.add(threads.submit(() -> {
                for (int seq = 0; seq < chunks; seq++) {
                    String body = chunk(visitor.session(), seq, random);
                    sendUntilAccepted(apiKey, body, answered503);
                    visitor.accepted().put(seq, body);
                    if (random.nextInt(20) == 0) { // a client that never saw its 202 sends it again
                        sendUntilAccepted(apiKey, body, answered503);
                        resent.incrementAndGet();
                    }
                    Thread.sleep(1_000); // the visitor's pace: a chunk a second, as tracker.js sends them
                }
                return null;
            }));
        }

        // when: once chunks flow, the broker away for 5 s (full: 15 s); once chunks are accepted
        // again, counter-service killed and started again
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted(all) >= 3L * visitors);
        platform.broker.kill();
        ScheduledFuture<?> back = FAULTS.schedule(
                () -> {
                    platform.broker.start();
                    return null;
                },
                FULL ? 15 : 5,
                TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).until(back::isDone);
        back.get();
        long acceptedWhenBack = accepted(all);
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted(all) >= acceptedWhenBack + visitors);
        platform.restartCounter(0);
        for (Future<?> visitor : running) {
            visitor.get(5, TimeUnit.MINUTES);
        }
        threads.shutdown();
        platform.counter().awaitReady(FaultPlatform.STARTUP);

        // then: every session holds each accepted chunk's samples once, in seq order
        assertThat(answered503.get()).as("503s while the broker was away").isPositive();
        assertThat(resent.get()).as("accepted chunks sent again").isPositive();
        for (Visitor visitor : all) {
            List<List<Object>> expected = new ArrayList<>();
            for (int seq = 0; seq < chunks; seq++) {
                MAPPER.readTree(visitor.accepted().get(seq))
                        .get("samples")
                        .forEach(sample -> expected.add(MAPPER.convertValue(sample, List.class)));
            }
            await("session " + visitor.session() + " stored")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(replay(apiKey, readToken, visitor.session()))
                            .isEqualTo(expected));
        }
        JsonNode listed = get("/v1/sessions?limit=500", readToken);
        assertThat(listed.get("sessions").size()).isEqualTo(visitors);
        listed.get("sessions")
                .forEach(session -> assertThat(session.get("samples").asInt()).isEqualTo(chunks * SAMPLES_PER_CHUNK));
        System.out.printf(
                "R9: %d visitors x %d chunks of %d samples; %d answers of 503, %d accepted chunks sent again; "
                        + "every session exact%n",
                visitors, chunks, SAMPLES_PER_CHUNK, answered503.get(), resent.get());
    }

    /** Chunks accepted so far, over every visitor. */
    private static long accepted(List<Visitor> visitors) {
        return visitors.stream().mapToLong(visitor -> visitor.accepted().size()).sum();
    }

    private static String chunk(UUID session, int seq, Random random) {
        StringBuilder samples = new StringBuilder();
        for (int i = 0; i < SAMPLES_PER_CHUNK; i++) {
            samples.append(i == 0 ? "" : ",")
                    .append("[")
                    .append(seq * 1_000 + i * 100)
                    .append(",\"grid\",")
                    .append(random.nextInt(10_001) / 10_000.0)
                    .append(",")
                    .append(random.nextInt(10_001) / 10_000.0)
                    .append(i == SAMPLES_PER_CHUNK - 1 ? ",\"c\"]" : ",\"m\"]");
        }
        return "{\"session\":\"" + session + "\",\"seq\":" + seq + ",\"page\":\"https://shop.example/\","
                + "\"viewport\":{\"w\":1280,\"h\":800},\"samples\":[" + samples + "]}";
    }

    /** Posts the chunk until it gets a 202: after a 503 (or no answer) the same chunk again. */
    private static void sendUntilAccepted(String apiKey, String body, AtomicInteger answered503) throws Exception {
        while (true) {
            int status;
            try {
                status = HTTP.send(
                                HttpRequest.newBuilder(URI.create(platform.ingest.baseUrl() + "/v1/pointer"))
                                        .header("X-API-Key", apiKey)
                                        .header("Content-Type", "application/json")
                                        .timeout(Duration.ofSeconds(10))
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (java.io.IOException e) {
                status = -1;
            }
            if (status == 202) {
                return;
            }
            if (status == 503) {
                answered503.incrementAndGet();
            } else if (status != -1) {
                throw new IllegalStateException("A pointer chunk was answered " + status);
            }
            Thread.sleep(500); // a client's wait before it sends the same chunk again
        }
    }

    private static List<Object> replay(String apiKey, String readToken, UUID session) throws Exception {
        JsonNode replay = get("/v1/sessions/" + session + "?api_key=" + apiKey, readToken);
        List<Object> samples = new ArrayList<>();
        if (replay.has("samples")) {
            replay.get("samples").forEach(sample -> samples.add(MAPPER.convertValue(sample, List.class)));
        }
        return samples;
    }

    private static JsonNode get(String path, String readToken) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(platform.counter().baseUrl() + path))
                        .header("Authorization", "Bearer " + readToken)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return MAPPER.readTree(response.body());
    }
}
