package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.testing.LiveClient;
import io.colortracking.testing.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services against a Kafka whose only client listener takes SASL/SCRAM (as Strimzi's and MSK's
 * SCRAM listeners do): every Kafka client of theirs, topic creation included, takes the same
 * {@code KAFKA_*} security settings; wrong credentials keep a service not ready, with a clear message.
 */
class SecuredKafkaIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String USER = "colortracking";
    private static final String PASSWORD = "scram-" + UUID.randomUUID();

    @TempDir
    Path state;

    @Test
    void theThreeServicesCountAnEventEndToEndThroughAScramListener() throws Exception {
        String apiKey = "scram-" + UUID.randomUUID();
        try (BrokerProcess kafka =
                        new BrokerProcess(state).withScram(USER, PASSWORD).start();
                ThreeServices services = ThreeServices.start(kafka.saslBootstrapServers(), scram(PASSWORD))) {
            // given: a key on the api_keys topic, known to ingest once it answers 400 (not 401) to an empty event
            TestKeys.registerOn(kafka.bootstrapServers(), apiKey);
            await().atMost(Duration.ofSeconds(10)).until(() -> post(services.ingest(), apiKey) == 400);
            try (LiveClient live = LiveClient.connectAdmitted(
                    services.broadcast().baseUrl().replace("http", "ws") + "/v1/live?api_key=" + apiKey,
                    Duration.ofSeconds(10))) {

                // when
                HttpResponse<String> answer = HTTP.send(
                        HttpRequest.newBuilder(URI.create(services.ingest().baseUrl() + "/v1/events"))
                                .header("Content-Type", "application/json")
                                .header("X-API-Key", apiKey)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"click\",\"color\":\"red\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

                // then: acknowledged, counted, and pushed live
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> assertThat(MAPPER.readTree(
                                                get(services.counter().baseUrl() + "/v1/counts?api_key=" + apiKey))
                                        .at("/counts/click/red")
                                        .asLong())
                                .isEqualTo(1));
                await().atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> assertThat(LiveFrames.latestAmounts(live.frames()))
                                .containsEntry("click:red", 1L));
            }
        }
    }

    @Test
    void wrongCredentialsKeepAServiceNotReadyAndSaySo() throws Exception {
        try (BrokerProcess kafka =
                        new BrokerProcess(state).withScram(USER, PASSWORD).start();
                ServiceProcess ingest = ServiceProcess.start(
                        "ingest-service",
                        with(scram("not-the-password"), "KAFKA_BOOTSTRAP_SERVERS", kafka.saslBootstrapServers()))) {
            // when: it has started and tried the broker
            await().atMost(Duration.ofSeconds(60)).until(() -> ingest.logText().contains("Kafka refused"));

            // then: a message that names the settings to check, and not ready once it answers
            assertThat(ingest.logText()).contains("KAFKA_SASL_JAAS_CONFIG").contains("Authentication failed");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> ready(ingest) == 503);
        }
    }

    private static Map<String, String> scram(String password) {
        return Map.of(
                "KAFKA_SECURITY_PROTOCOL",
                "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM",
                "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER + "\" password=\""
                        + password + "\";");
    }

    private static Map<String, String> with(Map<String, String> settings, String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put(name, value);
        return all;
    }

    private static int post(ServiceProcess ingest, String apiKey) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(ingest.baseUrl() + "/v1/events"))
                                .header("Content-Type", "application/json")
                                .header("X-API-Key", apiKey)
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static int ready(ServiceProcess service) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
