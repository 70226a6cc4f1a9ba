package io.colortracking.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.TestKafka;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class EventsResourceTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private String apiKey;

    @BeforeEach
    void givenAnActiveKeyOfThisTest() {
        apiKey = Keys.active("ingest");
    }

    @Test
    void aValidEventIsAcknowledgedOnlyOnceItIsInItsTopic() throws Exception {
        // given
        String id = UUID.randomUUID().toString();

        // when
        given().header("X-API-Key", apiKey)
                .contentType("application/json")
                .body("{\"id\":\"" + id + "\",\"action\":\"click\",\"color\":\"red\",\"x\":0.5,\"y\":0.25}")
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("rejected", hasSize(0));

        // then: the 202 came after the broker's acknowledgement, so the record is already there
        List<ConsumerRecord<String, String>> clicks = recordsOfThisTest(Topics.CLICK_ON_COLORS);
        assertThat(clicks).hasSize(1);
        JsonNode event = mapper.readTree(clicks.get(0).value());
        assertThat(event.get("id").asText()).isEqualTo(id);
        assertThat(clicks.get(0).key()).as("keyed by event id").isEqualTo(id);
        assertThat(event.get("api_key").asText()).isEqualTo(apiKey);
        assertThat(event.get("color").asText()).isEqualTo("red");
        assertThat(event.get("received_at").asText()).isNotBlank();
        assertThat(event.get("occurred_at").asText())
                .isEqualTo(event.get("received_at").asText());
        assertThat(recordsOfThisTest(Topics.HOVER_ON_COLORS)).isEmpty();
    }

    @Test
    void aBatchAcceptsItsValidEventsAndReportsTheOthersByIndex() {
        // given
        String batch = """
                {"events": [
                  {"action": "hover", "color": "blue"},
                  {"action": "hover", "color": "purple"},
                  {"action": "click", "color": "green"}
                ]}""";

        // when
        given().header("Authorization", "Bearer " + apiKey)
                .contentType("application/json")
                .body(batch)
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected", hasSize(1))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].error", containsString("'color' must be one of blue, green, red, yellow"));

        // then
        assertThat(recordsOfThisTest(Topics.HOVER_ON_COLORS)).hasSize(1);
        assertThat(recordsOfThisTest(Topics.CLICK_ON_COLORS)).hasSize(1);
    }

    @Test
    void oneTenantsEventsSpreadOverThePartitionsByEventId() {
        // given: a batch of 100 clicks of one key, without ids (ingest gives each one)
        String batch = IntStream.range(0, 100)
                .mapToObj(i -> "{\"action\": \"click\", \"color\": \"yellow\"}")
                .collect(Collectors.joining(",", "{\"events\": [", "]}"));

        // when
        given().header("X-API-Key", apiKey)
                .contentType("application/json")
                .body(batch)
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(100));

        // then: each record is keyed by its event's id, so the tenant is on every partition
        List<ConsumerRecord<String, String>> clicks = recordsOfThisTest(Topics.CLICK_ON_COLORS);
        assertThat(clicks)
                .hasSize(100)
                .allSatisfy(record -> assertThat(record.key()).isEqualTo(idOf(record)));
        assertThat(clicks.stream().map(ConsumerRecord::partition).distinct()).hasSize(TestKafka.PARTITIONS);
    }

    @Test
    void sendBeaconsTextPlainBodyIsReadAsJson() {
        // when
        given().queryParam("api_key", apiKey)
                .contentType("text/plain")
                .body("{\"action\":\"click\",\"color\":\"yellow\"}")
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1));

        // then
        assertThat(recordsOfThisTest(Topics.CLICK_ON_COLORS)).hasSize(1);
    }

    @Test
    void anInvalidEventIsRefusedWithAProblemDetailAndNothingReachesKafka() {
        // when / then
        given().header("X-API-Key", apiKey)
                .contentType("application/json")
                .body("{\"action\":\"scroll\",\"color\":\"red\"}")
                .post("/v1/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("'action' must be \"click\" or \"hover\""));

        // and
        assertThat(recordsOfThisTest(Topics.CLICK_ON_COLORS)).isEmpty();
        assertThat(recordsOfThisTest(Topics.HOVER_ON_COLORS)).isEmpty();
    }

    @Test
    void aBatchWithoutAnyValidEventListsEveryErrorByIndex() {
        // when / then
        given().header("X-API-Key", apiKey)
                .contentType("application/json")
                .body("{\"events\":[{\"action\":\"click\"},{\"action\":\"click\",\"color\":\"pink\"}]}")
                .post("/v1/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("No event is valid"))
                .body("rejected", hasSize(2))
                .body("rejected[1].index", equalTo(1))
                .body("rejected[1].error", containsString("'color' must be one of"));
    }

    @Test
    void malformedJsonIsABadRequest() {
        // when / then
        given().header("X-API-Key", apiKey)
                .contentType("application/json")
                .body("{\"action\":\"click\",")
                .post("/v1/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void aRequestWithoutKeyIsUnauthorized() {
        // when / then
        given().contentType("application/json")
                .body("{\"action\":\"click\",\"color\":\"red\"}")
                .post("/v1/events")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("No API key"));
    }

    @Test
    void aNewKeyIsAcceptedWithinOneSecondOfBeingPublished() {
        // given
        String fresh = "fresh-" + UUID.randomUUID();

        // when: the key is on the topic (acknowledged) from here on
        TestKeys.register(fresh);
        long publishedAt = System.nanoTime();

        // then
        Keys.awaitStatusOtherThan401(fresh, true);
        assertThat(Duration.ofNanos(System.nanoTime() - publishedAt)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void anUnknownKeyIsUnauthorized() {
        // when / then
        given().header("X-API-Key", "nobody-" + UUID.randomUUID())
                .contentType("application/json")
                .body("{\"action\":\"click\",\"color\":\"red\"}")
                .post("/v1/events")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("is unknown or revoked"));
    }

    @Test
    void aRevokedKeyIsRefusedWithinOneSecondAndNothingItSendsAfterwardsReachesKafka() {
        // given
        String doomed = Keys.active("doomed");

        // when
        long revokedAt = System.nanoTime();
        TestKeys.revoke(doomed);

        // then
        Keys.awaitStatusOtherThan401(doomed, false);
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(1));
        given().header("Authorization", "Token token=" + doomed)
                .contentType("application/json")
                .body("{\"action\":\"click\",\"color\":\"red\"}")
                .post("/v1/events")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        assertThat(TopicRecords.read(Topics.CLICK_ON_COLORS, TopicRecords.ofTenant(doomed)))
                .isEmpty();
    }

    @Test
    void theSeedsFormPostIsAcknowledgedWith204() throws Exception {
        // when
        given().header("Authorization", "Token token=" + apiKey)
                .formParam("action_color[action_name]", "hover")
                .formParam("action_color[color_name]", "green")
                .post("/v1/events")
                .then()
                .statusCode(204);

        // then
        List<ConsumerRecord<String, String>> hovers = recordsOfThisTest(Topics.HOVER_ON_COLORS);
        assertThat(hovers).hasSize(1);
        assertThat(mapper.readTree(hovers.get(0).value()).get("color").asText()).isEqualTo("green");
    }

    @Test
    void aFormNamingAnUnknownColorIsABadRequest() {
        // when / then
        given().header("Authorization", "Token token=" + apiKey)
                .formParam("action_color[action_name]", "click")
                .formParam("action_color[color_name]", "purple")
                .post("/v1/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("'color' must be one of blue, green, red, yellow, got \"purple\""));
        assertThat(recordsOfThisTest(Topics.CLICK_ON_COLORS)).isEmpty();
    }

    @Test
    void anotherContentTypeIsUnsupportedWithAProblemDetail() {
        // when / then
        given().header("X-API-Key", apiKey)
                .contentType("application/xml")
                .body("<event/>")
                .post("/v1/events")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("detail", containsString("Content-Type 'application/xml"))
                .body("detail", containsString("application/json"));
    }

    @Test
    void aBodyOverTheSizeLimitIsRefusedAndNothingReachesKafka() {
        // given: one valid event padded past 256 KiB
        String body = "{\"action\":\"click\",\"color\":\"red\",\"page\":\"" + "p".repeat(300 * 1024) + "\"}";

        // when / then
        given().header("X-API-Key", apiKey)
                .contentType("application/json")
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("256 KiB"));
        assertThat(recordsOfThisTest(Topics.CLICK_ON_COLORS)).isEmpty();
    }

    @Test
    void aStreamedBodyOverTheSizeLimitIsRefusedWithAProblemDetailToo() {
        // given: a body handed over as a stream
        byte[] body = ("{\"action\":\"click\",\"color\":\"red\",\"page\":\"" + "p".repeat(300 * 1024) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // when / then
        given().header("X-API-Key", apiKey)
                .contentType("application/json")
                .body(new java.io.ByteArrayInputStream(body))
                .post("/v1/events")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        assertThat(recordsOfThisTest(Topics.CLICK_ON_COLORS)).isEmpty();
    }

    @Test
    void aBatchOfMoreThan500EventsIsRefusedWhole() {
        // given
        String event = "{\"action\":\"hover\",\"color\":\"red\"}";
        String batch = "{\"events\":[" + String.join(",", java.util.Collections.nCopies(501, event)) + "]}";

        // when / then
        given().header("X-API-Key", apiKey)
                .contentType("application/json")
                .body(batch)
                .post("/v1/events")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("at most 500 events; this one has 501"));
        assertThat(recordsOfThisTest(Topics.HOVER_ON_COLORS)).isEmpty();
    }

    @Test
    void aBodyTrickledInSlowerThanTheBodyTimeoutIsAnswered408AndItsConnectionClosed() throws Exception {
        // given: a request whose body comes a byte at a time, each well inside any idle timeout
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-API-Key: "
                            + apiKey + "\r\nContent-Length: 100\r\n\r\n{")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            var in = socket.getInputStream();

            // when: it keeps trickling (the test profile's body timeout is 2 s)
            StringBuilder answer = new StringBuilder();
            byte[] chunk = new byte[4096];
            socket.setSoTimeout(300);
            while (System.nanoTime() - started < Duration.ofSeconds(8).toNanos()) {
                try {
                    int read = in.read(chunk);
                    if (read < 0) {
                        break; // closed by the server
                    }
                    answer.append(new String(chunk, 0, read, java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.net.SocketTimeoutException nothingYet) {
                    try {
                        out.write(' ');
                        out.flush();
                    } catch (java.io.IOException closed) {
                        break;
                    }
                }
            }

            // then: a 408 problem, the connection closed, nothing in the topic
            assertThat(answer.toString())
                    .startsWith("HTTP/1.1 408")
                    .contains("application/problem+json")
                    .contains("did not arrive within 2 s");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        }
        assertThat(recordsOfThisTest(Topics.CLICK_ON_COLORS)).isEmpty();
    }

    private String idOf(ConsumerRecord<String, String> record) {
        try {
            return mapper.readTree(record.value()).get("id").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + record.value(), e);
        }
    }

    private List<ConsumerRecord<String, String>> recordsOfThisTest(String topic) {
        return TopicRecords.read(topic, TopicRecords.ofTenant(apiKey));
    }
}
