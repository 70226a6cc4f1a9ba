package io.colortracking.system;

import static io.colortracking.system.ExactCountsFaultIT.FULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colortracking.testing.LiveClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** R6 and R8 of the fault suite: tenant isolation on every read path; instances killed mid-run. */
class LiveFaultIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String SUBSCRIBE =
            "{\"command\":\"subscribe\",\"identifier\":\"{\\\"channel\\\":\\\"%s\\\"}\"}";
    private static FaultPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = FaultPlatform.shared();
    }

    @Test
    void r6AnotherTenantSeesNothingOnRestWebSocketSseOrActionCable() throws Exception {
        // given: one tenant posting, another one watching every read path
        String poster = platform.newKey("r6-poster");
        String watcher = platform.newKey("r6-watcher");
        String ws = platform.broadcast().baseUrl().replace("http", "ws");
        try (LiveClient posterLive =
                        LiveClient.connectAdmitted(ws + "/v1/live?api_key=" + poster, Duration.ofSeconds(10));
                LiveClient watcherLive =
                        LiveClient.connectAdmitted(ws + "/v1/live?api_key=" + watcher, Duration.ofSeconds(10));
                LiveClient watcherCable =
                        LiveClient.connect(ws + "/v1/events/cable?api_key=" + watcher, "actioncable-v1-json");
                EventLoad load = new EventLoad(platform.ingest.baseUrl(), poster, 500, 50, 0.1)) {
            watcherCable.send(SUBSCRIBE.formatted("ClicksChannel"));
            watcherCable.send(SUBSCRIBE.formatted("HoversChannel"));
            List<String> watcherSse = sse(watcher);

            // when
            load.start(4);
            await().atMost(Duration.ofSeconds(60)).until(load::done);

            // then: the poster sees its counts everywhere
            ExactCountsFaultIT.assertExactCounts(poster, load);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(LiveFrames.latestAmounts(posterLive.frames()))
                            .containsAllEntriesOf(load.expected()));
            // and the watcher nothing: zeros on REST, no update on WebSocket, SSE or cable, never the other key
            assertThat(ExactCountsFaultIT.counts(watcher))
                    .hasSize(8)
                    .allSatisfy((counter, amount) -> assertThat(amount).isZero());
            assertThat(get("/v1/events?action_name=click&api_key=" + watcher))
                    .doesNotContainPattern("\"amount\":[1-9]");
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(get("/v1/counts/series?action=click&bucket=1m&api_key=" + watcher))
                            .path("buckets")
                            .findValues("counts"))
                    .isNotEmpty()
                    .allSatisfy(counts ->
                            counts.forEach(amount -> assertThat(amount.asLong()).isZero()));
            assertThat(watcherLive.frames())
                    .hasSize(1)
                    .allSatisfy(frame -> assertThat(frame)
                            .contains("snapshot")
                            .doesNotContainPattern(":[1-9]")
                            .doesNotContain(poster));
            assertThat(watcherSse).noneMatch(line -> line.contains("update") || line.contains(poster));
            assertThat(watcherCable.frames())
                    .noneMatch(frame -> frame.matches(".*\"amount\":[1-9].*") || frame.contains(poster));
            assertThat(watcherCable.frames()).anyMatch(frame -> frame.contains("confirm_subscription"));

            // and the control: the watcher's own event does reach each of its streams, so they were listening
            HttpResponse<String> posted = HTTP.send(
                    HttpRequest.newBuilder(URI.create(platform.ingest.baseUrl() + "/v1/events"))
                            .header("Content-Type", "application/json")
                            .header("X-API-Key", watcher)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"click\",\"color\":\"green\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(LiveFrames.latestAmounts(watcherLive.frames())).containsEntry("click:green", 1L);
                assertThat(watcherSse)
                        .anyMatch(line -> line.startsWith("data:")
                                && line.contains("\"green\"")
                                && line.contains("\"amount\":1"));
                assertThat(watcherCable.frames())
                        .anyMatch(frame -> frame.contains("green") && frame.matches(".*\"amount\\\\?\":1\\b.*"));
            });
            assertThat(ExactCountsFaultIT.counts(watcher))
                    .containsEntry("click:green", 1L)
                    .satisfies(counts -> assertThat(counts.values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum())
                            .isEqualTo(1));
        }
    }

    @Test
    void r8OneOfTwoCountersAndOneOfTwoBroadcastsKilledMidRunStillEndExactAndEveryClientSeesIt() throws Exception {
        // given: two instances of each, clients on both broadcasts
        String apiKey = platform.newKey("r8");
        ServiceProcess secondCounter = platform.another("counter-service");
        ServiceProcess killedCounter = null;
        ServiceProcess secondBroadcast = platform.another("broadcast-service");
        List<LiveClient> clients = new ArrayList<>();
        for (ServiceProcess broadcast : List.of(platform.broadcast(), secondBroadcast)) {
            for (int i = 0; i < 3; i++) {
                clients.add(LiveClient.connectAdmitted(
                        broadcast.baseUrl().replace("http", "ws") + "/v1/live?api_key=" + apiKey,
                        Duration.ofSeconds(10)));
            }
        }
        try (EventLoad load = new EventLoad(platform.ingest.baseUrl(), apiKey, FULL ? 60_000 : 12_000, 50, 0.05)
                .paced(FULL ? 2_000 : 1_500)
                .start(8)) {
            // when: a third of the way, one of the two counters (both count this key: its events are
            // keyed by event id, on every partition) and one broadcast die (kill -9, not restarted)
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() > (FULL ? 20_000 : 4_000));
            platform.awaitEveryCounterAssigned();
            killedCounter = secondCounter;
            platform.counters.remove(killedCounter);
            killedCounter.kill();
            secondBroadcast.kill();
            System.out.printf(
                    "R8: killed the counter on port %d (of %d and %d), counting the key's events on its partitions%n",
                    killedCounter.port, platform.counter().port, killedCounter.port);
            // the dead broadcast's clients are closed; they reconnect, as the dashboard does, to the one left
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> clients.subList(3, 6).stream().allMatch(c -> c.closeCode() != null));
            for (int i = 3; i < 6; i++) {
                clients.set(
                        i,
                        LiveClient.connectAdmitted(
                                platform.broadcast().baseUrl().replace("http", "ws") + "/v1/live?api_key=" + apiKey,
                                Duration.ofSeconds(10)));
            }
            await().atMost(Duration.ofSeconds(120)).until(load::done);

            // then: exact, and every client ends on the exact values
            ExactCountsFaultIT.assertExactCounts(apiKey, load);
            Map<String, Long> expected = load.expected();
            expected.values().removeIf(amount -> amount == 0);
            for (LiveClient client : clients) {
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(LiveFrames.latestAmounts(client.frames()))
                                .containsAllEntriesOf(expected));
            }
            System.out.printf("R8: %s%n", load.summary());
        } finally {
            for (LiveClient client : clients) {
                client.close();
            }
            // the platform goes on with one counter (the survivor) and its first broadcast
            if (killedCounter == null) {
                platform.counters.remove(secondCounter);
                secondCounter.close();
            } else {
                killedCounter.close();
            }
            platform.broadcasts.remove(secondBroadcast);
            secondBroadcast.close();
        }
    }

    /** The lines an SSE client receives, collected in the background. */
    private static List<String> sse(String apiKey) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<java.io.InputStream> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(platform.broadcast().baseUrl() + "/v1/live/sse?api_key=" + apiKey))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        in.lines().forEach(lines::add);
                    } catch (Exception closed) {
                        // the test ended
                    }
                },
                "sse-" + apiKey);
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(line -> line.contains("snapshot")));
        return lines;
    }

    private static String get(String path) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(platform.counter().baseUrl() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
