package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colortracking.events.Topics;
import io.colortracking.testing.LiveClient;
import io.colortracking.testing.TestKafka;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TopicRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A rolling update as Kubernetes does it: each service gets SIGTERM under load, with the shutdown
 * delay the manifests set (2 s here, 5 s there). Its serving group goes down at once while it keeps
 * answering; then it stops taking new connections, finishes what it accepted and exits. No request
 * it accepted is dropped, and every live client is told to reconnect (1001, ActionCable's
 * {@code disconnect}, SSE's last {@code close} event) and converges on another instance.
 */
class GracefulStopIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SERVING = "/q/health/group/serving";
    private static final Duration DELAY = Duration.ofSeconds(2);

    @Test
    void eachServiceStopsUnderLoadWithoutDroppingAnAcceptedRequestAndLiveClientsMoveOn() throws Exception {
        String apiKey = "graceful-" + UUID.randomUUID();
        TestKeys.register(apiKey);
        Map<String, String> delay = Map.of("QUARKUS_SHUTDOWN_DELAY", DELAY.toSeconds() + "s");
        try (ThreeServices services = ThreeServices.start(delay);
                ServiceProcess otherBroadcast = ServiceProcess.start(
                                "broadcast-service",
                                Map.of(
                                        "KAFKA_BOOTSTRAP_SERVERS",
                                        TestKafka.bootstrapServers(),
                                        "COLORTRACKING_TOPICS_PARTITIONS",
                                        String.valueOf(TestKafka.PARTITIONS)))
                        .awaitReady(Duration.ofSeconds(90))) {
            ingestStopsWithoutDroppingAnAcceptedEvent(services.ingest(), apiKey);
            broadcastTellsEveryClientToReconnect(services.broadcast(), otherBroadcast, apiKey);
            counterAnswersReadsUntilItLeaves(services.counter(), apiKey);
        }
    }

    private void ingestStopsWithoutDroppingAnAcceptedEvent(ServiceProcess ingest, String apiKey) throws Exception {
        // given: a client posting one event per connection, as fast as it can
        Load load = new Load(ingest.port, apiKey);
        Thread posting = new Thread(load, "posting");
        posting.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> load.accepted.size() >= 20);

        // when: the instance is asked to stop
        Instant asked = Instant.now();
        ingest.terminate();

        // then: it leaves the load balancer first, while it still takes events
        await("serving down").atMost(Duration.ofSeconds(1)).until(() -> ingest.status(SERVING) == 503);
        Instant servingDown = Instant.now();
        int acceptedBefore = load.accepted.size();
        await("still accepting during the delay").atMost(DELAY).until(() -> load.accepted.size() > acceptedBefore + 10);
        // and it exits once the delay is over and what it accepted is answered
        assertThat(ingest.awaitExit(Duration.ofSeconds(20))).isNotNull();
        assertThat(Duration.between(asked, Instant.now())).isGreaterThanOrEqualTo(DELAY);
        load.stop = true;
        posting.join();

        // and: every request sent while it was still in the load balancer's rotation or its delay
        // was answered 202: none refused, none cut off. Connections made after the delay, which no
        // load balancer sends any more, may be refused (503, connection refused) or cut by the
        // closing server (below: what that means for the events)
        Instant delayOver = asked.plus(DELAY);
        assertThat(Stream.concat(load.dropped.stream(), load.refused.stream()))
                .as("requests refused or cut off although sent before the delay was over at " + delayOver)
                .allMatch(drop -> drop.started().isAfter(delayOver));
        assertThat(load.acceptedAt.get()).isAfter(servingDown);
        List<String> written = TopicRecords.read(Topics.CLICK_ON_COLORS, TopicRecords.ofTenant(apiKey)).stream()
                .map(r -> idOf(r.value()))
                .toList();
        // and: nothing acknowledged is lost, nothing is written twice
        assertThat(written).doesNotHaveDuplicates().containsAll(load.accepted);
        // and: an event written without its 202 reached a closing server after the delay (its answer
        // was a 503 or was cut): the client sends it again with the same id, which is counted once
        List<String> unanswered =
                written.stream().filter(id -> !load.accepted.contains(id)).toList();
        List<String> lateAndUnanswered = Stream.concat(load.dropped.stream(), load.refused.stream())
                .filter(drop -> drop.started().isAfter(delayOver))
                .map(Drop::id)
                .toList();
        assertThat(lateAndUnanswered)
                .as("refused: " + load.refused + "; cut off: " + load.dropped + "; asked to stop at " + asked)
                .containsAll(unanswered);
    }

    private void broadcastTellsEveryClientToReconnect(ServiceProcess broadcast, ServiceProcess other, String apiKey)
            throws Exception {
        // given: clients of every kind on the instance that will stop, all up to date
        String ws = broadcast.baseUrl().replace("http", "ws");
        List<LiveClient> live = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            live.add(LiveClient.connectAdmitted(ws + "/v1/live?api_key=" + apiKey, Duration.ofSeconds(10)));
        }
        LiveClient cable = LiveClient.connect(ws + "/v1/events/cable?api_key=" + apiKey, "actioncable-v1-json");
        SseReader sse = SseReader.open(broadcast.baseUrl() + "/v1/live/sse?api_key=" + apiKey);
        long counted = redClicksIn(apiKey);
        for (LiveClient client : live) {
            await().atMost(Duration.ofSeconds(10)).until(() -> shows(client.frames(), counted));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> shows(sse.lines, counted));

        // when: the instance is asked to stop
        Instant asked = Instant.now();
        broadcast.terminate();

        // then: during the delay it is out of the load balancer but its clients stay connected
        await("serving down").atMost(Duration.ofSeconds(1)).until(() -> broadcast.status(SERVING) == 503);
        assertThat(live).allMatch(client -> client.closeCode() == null);
        // then every client is told to reconnect, and the instance does not wait for its streams
        for (LiveClient client : live) {
            await().atMost(DELAY.plusSeconds(5)).until(() -> client.closeCode() != null);
            assertThat(client.closeCode()).isEqualTo(1001);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> cable.closeCode() != null);
        assertThat(cable.closeCode()).isEqualTo(1001);
        assertThat(cable.frames())
                .contains("{\"type\":\"disconnect\",\"reason\":\"server_restart\",\"reconnect\":true}");
        await().atMost(Duration.ofSeconds(5)).until(() -> sse.ended);
        assertThat(sse.lines).contains("event: close").anyMatch(line -> line.contains("\"code\":1001"));
        assertThat(broadcast.awaitExit(Duration.ofSeconds(10))).isNotNull();
        assertThat(Duration.between(asked, Instant.now())).isLessThan(DELAY.plusSeconds(8));

        // and: reconnected to the other instance, every client converges on the counts
        List<LiveClient> again = new ArrayList<>();
        String otherWs = other.baseUrl().replace("http", "ws");
        for (int i = 0; i < live.size(); i++) {
            again.add(LiveClient.connectAdmitted(otherWs + "/v1/live?api_key=" + apiKey, Duration.ofSeconds(10)));
        }
        TopicRecords.write(Topics.CLICK_ON_COLORS, clicks(apiKey, 5));
        for (LiveClient client : again) {
            await().atMost(Duration.ofSeconds(15)).until(() -> shows(client.frames(), counted + 5));
            client.close();
        }
        live.forEach(LiveClient::close);
        cable.close();
    }

    private void counterAnswersReadsUntilItLeaves(ServiceProcess counter, String apiKey) throws Exception {
        // when: counter-service is asked to stop
        counter.terminate();

        // then: out of the load balancer at once, still answering reads during the delay
        await("serving down").atMost(Duration.ofSeconds(1)).until(() -> counter.status(SERVING) == 503);
        assertThat(counter.redClicks(apiKey)).isNotNegative();
        assertThat(counter.awaitExit(Duration.ofSeconds(20))).isNotNull();
    }

    /** The red clicks counter-service has counted for the key, as its API says once it has settled. */
    private long redClicksIn(String apiKey) {
        return TopicRecords.read(Topics.CLICK_ON_COLORS, TopicRecords.ofTenant(apiKey))
                .size();
    }

    private static boolean shows(List<String> frames, long red) {
        return frames.stream()
                .anyMatch(frame -> frame.contains("\"red\":" + red)
                        || frame.contains("\"color\":\"red\",\"amount\":" + red + ","));
    }

    private static List<Map.Entry<String, String>> clicks(String apiKey, int count) {
        List<Map.Entry<String, String>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String now = Instant.now().toString();
            UUID id = UUID.randomUUID();
            events.add(Map.entry(id.toString(), """
                    {"id":"%s","api_key":"%s","action":"click","color":"red","occurred_at":"%s","received_at":"%s"}""".formatted(id, apiKey, now, now)));
        }
        return events;
    }

    private static String idOf(String json) {
        int at = json.indexOf("\"id\":\"") + 6;
        return json.substring(at, at + 36);
    }

    /**
     * One event per connection ({@code Connection: close}), so each request's fate is its own: a
     * refused connection or a 503 was never taken; a connection that was accepted and then cut
     * before a whole response is a dropped request.
     */
    private static final class Load implements Runnable {
        final List<String> accepted = new CopyOnWriteArrayList<>();
        final List<Drop> dropped = new CopyOnWriteArrayList<>();
        /** Answered 503: not taken, to be sent again (with the same id, so never counted twice). */
        final List<Drop> refused = new CopyOnWriteArrayList<>();

        final AtomicReference<Instant> acceptedAt = new AtomicReference<>(Instant.EPOCH);
        private final int port;
        private final String apiKey;
        volatile boolean stop;

        Load(int port, String apiKey) {
            this.port = port;
            this.apiKey = apiKey;
        }

        @Override
        public void run() {
            while (!stop) {
                String id = UUID.randomUUID().toString();
                Instant started = Instant.now();
                String body = "{\"id\":\"" + id + "\",\"action\":\"click\",\"color\":\"red\"}";
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    socket.setSoTimeout(10_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + "X-API-Key: " + apiKey + "\r\nConnection: close\r\nContent-Length: "
                                    + body.length() + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    String status = new BufferedReader(
                                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine();
                    if (status == null) {
                        dropped.add(new Drop(id, started, "closed without an answer"));
                    } else if (status.startsWith("HTTP/1.1 202")) {
                        accepted.add(id);
                        acceptedAt.set(Instant.now());
                    } else if (status.startsWith("HTTP/1.1 503")) {
                        refused.add(new Drop(id, started, status));
                    } else {
                        dropped.add(new Drop(id, started, status));
                    }
                } catch (ConnectException refused) {
                    // never taken: the instance no longer listens, and will not again
                    stop = true;
                } catch (IOException cut) {
                    dropped.add(new Drop(id, started, cut.toString()));
                }
            }
        }
    }

    /** A request that got no whole answer. */
    private record Drop(String id, Instant started, String what) {}

    /** A Server-Sent Events stream read line by line on its own thread. */
    private static final class SseReader {
        final List<String> lines = new CopyOnWriteArrayList<>();
        volatile boolean ended;

        static SseReader open(String url) throws Exception {
            SseReader reader = new SseReader();
            HttpResponse<Stream<String>> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Accept", "text/event-stream")
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            Thread thread = new Thread(
                    () -> {
                        try {
                            response.body().forEach(reader.lines::add);
                        } catch (RuntimeException cut) {
                            reader.lines.add("cut: " + cut);
                        }
                        reader.ended = true;
                    },
                    "sse-reader");
            thread.setDaemon(true);
            thread.start();
            return reader;
        }
    }
}
