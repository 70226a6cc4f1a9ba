package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.testing.LiveClient;
import io.colortracking.testing.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What an operator watches, from the packaged services as they run: one click is one trace from
 * its request through ingest-service, Kafka, counter-service and Kafka again to the live frame
 * broadcast-service sends (spans exported over OTLP to a collector, here the test's); logs are
 * JSON with the trace id when asked; and every metric the Grafana dashboard and the alert rules
 * query is one the services export.
 */
class ObservabilityIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path MONITORING = ServiceProcess.root().resolve("deploy/kubernetes/components/monitoring");
    private static final Path ALERTS = ServiceProcess.root().resolve("deploy/observability/prometheus/alerts.yml");

    @Test
    void oneClickIsOneTraceToTheLiveFrameLogsAreJsonAndEveryWatchedMetricExists() throws Exception {
        String apiKey = "traced-" + UUID.randomUUID();
        TestKeys.register(apiKey);
        try (OtlpReceiver collector = OtlpReceiver.start();
                ThreeServices services = ThreeServices.start(Map.of(
                        "QUARKUS_OTEL_SDK_DISABLED", "false",
                        "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", collector.url(),
                        "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                        "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms",
                        "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"))) {
            // given: a live client, and the key known at ingest
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> click(services.ingest(), apiKey, null).statusCode() == 400);
            try (LiveClient live = LiveClient.connectAdmitted(
                    services.broadcast().baseUrl().replace("http", "ws") + "/v1/live?api_key=" + apiKey,
                    Duration.ofSeconds(10))) {

                // when: a page sends one click within a trace of its own
                String traceId = hex(16);
                HttpResponse<String> accepted =
                        click(services.ingest(), apiKey, "00-" + traceId + "-" + hex(8) + "-01");
                assertThat(accepted.statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> live.frames().stream().anyMatch(frame -> frame.contains("\"amount\":1")));

                // then: each service's part of it is in that one trace, down to the live update
                await("one trace across the three services")
                        .atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(collector.spans().stream()
                                        .filter(span -> span.traceId().equals(traceId))
                                        .map(span -> span.service() + ": " + span.name())
                                        .collect(Collectors.toSet()))
                                .as("spans received: " + collector.spans().size() + " "
                                        + collector.spans().stream().limit(8).toList())
                                .anyMatch(span -> span.startsWith("ingest-service: POST /v1/events"))
                                .anyMatch(span -> span.startsWith("counter-service: "))
                                .contains("broadcast-service: live update"));
            }

            // and: the logs are JSON records (each parses, none is a text line)
            for (ServiceProcess service : List.of(services.ingest(), services.counter(), services.broadcast())) {
                List<String> records = service.logText()
                        .lines()
                        .filter(line -> line.startsWith("{"))
                        .toList();
                assertThat(records).as(service.name).isNotEmpty();
                for (String record : records) {
                    JsonNode json = MAPPER.readTree(record);
                    assertThat(json.has("timestamp") && json.has("level") && json.has("message"))
                            .as(record)
                            .isTrue();
                }
                assertThat(service.logText().lines().filter(line -> line.matches("^\\d{4}-\\d\\d-\\d\\d .*")))
                        .as(service.name + ": text log lines")
                        .isEmpty();
            }

            // and: every metric the dashboard and the alerts query is exported by a service
            Set<String> exported = new TreeSet<>();
            for (ServiceProcess service : List.of(services.ingest(), services.counter(), services.broadcast())) {
                exported.addAll(metricNames(service));
            }
            Set<String> watched =
                    new TreeSet<>(queried(Files.readString(MONITORING.resolve("dashboards/colortracking.json"))));
            watched.addAll(queried(Files.readString(ALERTS)));
            assertThat(watched).hasSizeGreaterThan(10);
            assertThat(exported).containsAll(watched);
        }
    }

    private static HttpResponse<String> click(ServiceProcess ingest, String apiKey, String traceparent)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingest.baseUrl() + "/v1/events"))
                .header("Content-Type", "application/json")
                .header("X-API-Key", apiKey)
                .timeout(Duration.ofSeconds(10));
        if (traceparent == null) {
            request.POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            request.header("traceparent", traceparent)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"click\",\"color\":\"red\"}"));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The metric names a service exports on /q/metrics (histogram and summary series by their base name too). */
    private static Set<String> metricNames(ServiceProcess service) throws IOException, InterruptedException {
        String text = HTTP.send(
                        HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Set<String> names = new TreeSet<>();
        text.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .forEach(names::add);
        return names;
    }

    /** The metric names a dashboard or a rules file queries: ours and the HTTP server's. */
    private static Set<String> queried(String text) {
        Set<String> names = new TreeSet<>();
        Matcher metric = Pattern.compile("\\b(colortracking_[a-z_]+|http_server_requests_seconds_[a-z]+)\\b")
                .matcher(text);
        while (metric.find()) {
            names.add(metric.group(1));
        }
        return names;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros, which would be an invalid id
        return HexFormat.of().formatHex(random);
    }
}
