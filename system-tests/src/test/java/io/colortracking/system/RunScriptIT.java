package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.testing.LiveClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run.sh} as a newcomer uses it: it comes up, a click is counted and pushed within 2 s,
 * Ctrl-C leaves no process behind, a second run shows the same counts, and a counter-service that
 * dies is started again with counting resumed within 10 s.
 */
class RunScriptIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path ROOT =
            Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    private static final Map<String, Integer> PORTS = new HashMap<>();

    @TempDir
    static Path state;

    @BeforeAll
    static void choosePorts() throws IOException {
        for (String name : List.of(
                "KAFKA_PORT",
                "KAFKA_CONTROLLER_PORT",
                "POSTGRES_PORT",
                "GATEWAY_PORT",
                "INGEST_PORT",
                "COUNTER_PORT",
                "BROADCAST_PORT")) {
            try (ServerSocket socket = new ServerSocket(0)) {
                PORTS.put(name, socket.getLocalPort());
            }
        }
    }

    @Test
    void aClickIsCountedAndPushedAndSurvivesARestart() throws Exception {
        // given
        Process run = start("first");
        List<ProcessHandle> parts = run.descendants().toList();
        long before = redClicks();
        // the dashboard and everything it loads, from the printed URL's origin
        for (String path :
                List.of("/", "/config.json", "/js/main.js", "/css/dashboard.css", "/vendor/d3.min.js", "/tracker.js")) {
            HttpRequest asset = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + PORTS.get("GATEWAY_PORT") + path))
                    .build();
            assertThat(HTTP.send(asset, HttpResponse.BodyHandlers.discarding()).statusCode())
                    .as(path)
                    .isEqualTo(200);
        }

        try (LiveClient live = LiveClient.connectAdmitted(
                "ws://127.0.0.1:" + PORTS.get("BROADCAST_PORT") + "/v1/live?api_key=demo", Duration.ofSeconds(10))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !live.frames().isEmpty());

            // when
            assertThat(postRedClick()).isEqualTo(202);

            // then: within 2 s in the read API and in a WebSocket frame
            await().atMost(Duration.ofSeconds(2))
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> {
                        assertThat(redClicks()).isEqualTo(before + 1);
                        assertThat(live.frames())
                                .anySatisfy(
                                        frame -> assertThat(redClicksIn(frame)).isEqualTo(before + 1));
                    });
        }

        // when: Ctrl-C
        Runtime.getRuntime()
                .exec(new String[] {"kill", "-INT", String.valueOf(run.pid())})
                .waitFor();

        // then: every part is gone
        await().atMost(Duration.ofSeconds(60)).until(() -> !run.isAlive());
        assertThat(parts).isNotEmpty().noneMatch(ProcessHandle::isAlive);

        // when: started again
        Process again = start("second");
        try {
            // then: the count survived
            assertThat(redClicks()).isEqualTo(before + 1);

            // when: counter-service dies without a word (SIGKILL, as the out-of-memory killer would)
            ProcessHandle counter = again.descendants()
                    .filter(part -> part.info().commandLine().orElse("").contains("counter-service"))
                    .filter(part -> part.info().commandLine().orElse("").contains("quarkus-run.jar"))
                    .findFirst()
                    .orElseThrow();
            Instant killed = Instant.now();
            counter.destroyForcibly();
            assertThat(postRedClick()).isEqualTo(202);

            // then: run.sh starts it again and says so, and counting resumes within 10 s (the same
            // static member id takes its partitions back at once), the platform staying up
            await("counted again")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> countedOrMissing() == before + 2);
            Duration resumed = Duration.between(killed, Instant.now());
            System.out.printf(
                    "RunScriptIT: a click posted after kill -9 of counter-service counted %d ms after the kill%n",
                    resumed.toMillis());
            assertThat(resumed).isLessThanOrEqualTo(Duration.ofSeconds(10));
            assertThat(Files.readString(ROOT.resolve("system-tests/target/run-sh/second.log")))
                    .contains("counter-service exited (status 137); starting it again");
            assertThat(again.isAlive()).isTrue();
        } finally {
            again.destroy(); // SIGTERM
            await().atMost(Duration.ofSeconds(60)).until(() -> !again.isAlive());
        }
    }

    private static Process start(String name) throws IOException {
        Path log = Files.createDirectories(ROOT.resolve("system-tests/target/run-sh"))
                .resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", ROOT.resolve("run.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("COLORTRACKING_STATE_DIR", state.toString());
        PORTS.forEach((variable, port) -> builder.environment().put(variable, String.valueOf(port)));
        builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        Process process = builder.start();
        await("run.sh up (log: " + log + ")")
                .atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("run.sh exited; see " + log);
                    }
                    return Files.readString(log).contains("Ctrl-C stops everything.");
                });
        return process;
    }

    private static int postRedClick() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + PORTS.get("INGEST_PORT") + "/v1/events"))
                .header("Content-Type", "application/json")
                .header("X-API-Key", "demo")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"click\",\"color\":\"red\"}"))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The red clicks, or -1 while counter-service does not answer. */
    private static long countedOrMissing() {
        try {
            return redClicks();
        } catch (Exception notAnswering) {
            return -1;
        }
    }

    private static long redClicks() throws Exception {
        // through the gateway, as the dashboard reads it
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + PORTS.get("GATEWAY_PORT") + "/v1/counts?api_key=demo"))
                .build();
        JsonNode counts = MAPPER.readTree(
                HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        return counts.at("/counts/click/red").asLong();
    }

    private static long redClicksIn(String frame) throws Exception {
        JsonNode json = MAPPER.readTree(frame);
        if (json.get("type").asText().equals("snapshot")) {
            return json.at("/counts/click/red").asLong();
        }
        for (JsonNode change : json.get("changes")) {
            if (change.get("action").asText().equals("click")
                    && change.get("color").asText().equals("red")) {
                return change.get("amount").asLong();
            }
        }
        return -1;
    }
}
