package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colortracking.events.Topics;
import io.colortracking.testing.TestKafka;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TopicRecords;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The seed's own client library, {@code @rails/actioncable} from npm, against the packaged
 * broadcast-service: it connects, subscribes, and receives the results after a change, unchanged.
 * Needs {@code npm ci} in {@code frontend/} ({@code .ci/run} does it).
 */
class CableCompatibilityIT {

    @Test
    void theSeedsActionCableClientReceivesResultsUnchanged() throws Exception {
        Path frontend = ServiceProcess.root().resolve("frontend");
        assertThat(frontend.resolve("node_modules/@rails/actioncable"))
                .as("run 'npm ci' in frontend/ first")
                .exists();
        String apiKey = "cable-npm-" + UUID.randomUUID();
        TestKeys.register(apiKey);
        try (ServiceProcess broadcast = ServiceProcess.start(
                "broadcast-service",
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                        "COLORTRACKING_TOPICS_PARTITIONS", String.valueOf(TestKafka.PARTITIONS)))) {
            broadcast.awaitReady(Duration.ofSeconds(90));
            String url = broadcast.baseUrl().replace("http", "ws") + "/v1/events/cable?api_key=" + apiKey;
            Process client = new ProcessBuilder("node", "test/cable-client.mjs", url, "ClicksChannel", "30")
                    .directory(frontend.toFile())
                    .redirectErrorStream(true)
                    .start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader out = new BufferedReader(
                                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
                            out.lines().forEach(lines::add);
                        } catch (java.io.IOException ended) {
                            // the client was stopped
                        }
                    },
                    "cable-client-output");
            reader.setDaemon(true);
            reader.start();
            try {
                // given: the library says it is connected (welcome, then confirm_subscription)
                await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("{\"event\":\"connected\"}"));

                // when
                TopicRecords.write(
                        Topics.COLOR_AGGREGATES, List.of(Map.entry(apiKey + ":click:green", """
                        {"api_key":"%s","action":"click","color":"green","amount":12,"version":12,"updated_at":"2026-11-27T10:00:00Z"}""".formatted(apiKey))));

                // then: its received() callback gets the seed's message
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> lines.stream()
                                .anyMatch(line -> line.startsWith("{\"event\":\"received\"")
                                        && line.contains("{\"action\":\"click\",\"color\":\"green\",\"amount\":12}")));
                assertThat(lines).noneMatch(line -> line.contains("rejected"));
            } finally {
                client.destroy();
                Files.writeString(
                        ServiceProcess.root().resolve("system-tests/target/service-logs/cable-client.log"),
                        String.join("\n", lines));
            }
        }
    }
}
