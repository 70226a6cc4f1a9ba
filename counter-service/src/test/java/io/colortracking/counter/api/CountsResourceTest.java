package io.colortracking.counter.api;

import static io.colortracking.counter.CounterTestEvents.event;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.counter.CounterKeys;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.PostgresTestResource;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class CountsResourceTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private String apiKey;

    @BeforeEach
    void givenAnActiveKeyOfThisTest() {
        apiKey = CounterKeys.active("counter");
    }

    @Test
    void eventsOnBothTopicsAreCountedExactlyPerColorWithZerosForTheRest() {
        // given
        TopicRecords.write(
                Topics.CLICK_ON_COLORS,
                List.of(event(apiKey, "click", "red"), event(apiKey, "click", "red"), event(apiKey, "click", "blue")));
        TopicRecords.write(Topics.HOVER_ON_COLORS, List.of(event(apiKey, "hover", "green")));

        // then
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().header("X-API-Key", apiKey)
                        .get("/v1/counts")
                        .then()
                        .statusCode(200)
                        .body("api_key", equalTo(apiKey))
                        .body("counts.click.red", equalTo(2))
                        .body("counts.click.blue", equalTo(1))
                        .body("counts.click.yellow", equalTo(0))
                        .body("counts.hover.green", equalTo(1))
                        .body("counts.hover.red", equalTo(0)));
    }

    @Test
    void aClientRetryWithTheSameIdIsCountedOnce() {
        // given
        UUID id = UUID.randomUUID();
        TopicRecords.write(Topics.CLICK_ON_COLORS, List.of(event(apiKey, id, "click", "yellow")));
        TopicRecords.write(
                Topics.CLICK_ON_COLORS, List.of(event(apiKey, id, "click", "yellow"), event(apiKey, "click", "green")));

        // then: green proves the second write was consumed; yellow stays at one
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().header("X-API-Key", apiKey)
                        .get("/v1/counts")
                        .then()
                        .statusCode(200)
                        .body("counts.click.green", equalTo(1))
                        .body("counts.click.yellow", equalTo(1)));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheEventsBehindThemAreCounted() {
        // given
        TopicRecords.write(
                Topics.CLICK_ON_COLORS,
                List.of(
                        Map.entry(apiKey, "{not json"),
                        Map.entry(
                                apiKey,
                                "{\"id\":\"" + UUID.randomUUID() + "\",\"api_key\":\"" + apiKey
                                        + "\",\"action\":\"click\",\"color\":\"purple\",\"received_at\":\"2026-01-01T00:00:00Z\"}"),
                        event(apiKey, "click", "blue")));

        // then: counted behind them, never counted themselves
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().header("X-API-Key", apiKey)
                        .get("/v1/counts")
                        .then()
                        .statusCode(200)
                        .body("counts.click.blue", equalTo(1))
                        .body("counts.click.containsKey('purple')", equalTo(false)));
        // and kept, unchanged, with why
        List<ConsumerRecord<String, String>> dead =
                TopicRecords.read(Topics.COLOR_EVENTS_DLQ, r -> apiKey.equals(r.key()));
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).value()).isEqualTo("{not json");
        assertThat(header(dead.get(0), Topics.DLQ_REASON)).startsWith("unreadable");
        assertThat(header(dead.get(0), Topics.DLQ_SOURCE)).startsWith(Topics.CLICK_ON_COLORS + "-");
        assertThat(header(dead.get(1), Topics.DLQ_REASON))
                .isEqualTo("'color' must be one of blue, green, red, yellow, got \"purple\"");
    }

    @Test
    void aTenantSeesOnlyItsOwnCounts() {
        // given
        String other = CounterKeys.active("other");
        TopicRecords.write(
                Topics.CLICK_ON_COLORS, List.of(event(apiKey, "click", "red"), event(other, "click", "green")));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().header("X-API-Key", other)
                        .get("/v1/counts")
                        .then()
                        .body("counts.click.green", equalTo(1)));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().header("X-API-Key", apiKey)
                        .get("/v1/counts")
                        .then()
                        .body("counts.click.red", equalTo(1)));

        // when / then
        given().header("X-API-Key", apiKey)
                .get("/v1/counts")
                .then()
                .statusCode(200)
                .body("counts.click.red", equalTo(1))
                .body("counts.click.green", equalTo(0));
        given().header("X-API-Key", other)
                .get("/v1/counts")
                .then()
                .statusCode(200)
                .body("counts.click.red", equalTo(0));
    }

    @Test
    void anUnknownKeyReadsNothing() {
        given().header("X-API-Key", "nobody-" + UUID.randomUUID())
                .get("/v1/counts")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("unknown or revoked"));
    }

    @Test
    void thePageThatPollsCanReadTheCountsAndTheirETagAcrossOrigins() {
        // when / then
        given().header("Origin", "https://dashboard.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "x-api-key, if-none-match")
                .options("/v1/counts")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", "https://dashboard.example")
                .header("Access-Control-Allow-Headers", containsString("If-None-Match"));
        given().header("Origin", "https://dashboard.example")
                .header("X-API-Key", apiKey)
                .get("/v1/counts")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "https://dashboard.example")
                .header("Access-Control-Expose-Headers", containsString("ETag"));
    }

    @Test
    void everyCommittedChangeIsPublishedWithAGrowingVersion() {
        // given
        TopicRecords.write(Topics.HOVER_ON_COLORS, List.of(event(apiKey, "hover", "blue")));
        await().atMost(Duration.ofSeconds(15)).until(() -> latestAggregate("hover", "blue") != null);
        TopicRecords.write(Topics.HOVER_ON_COLORS, List.of(event(apiKey, "hover", "blue")));

        // then
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode latest = latestAggregate("hover", "blue");
            assertThat(latest.get("amount").asLong()).isEqualTo(2);
            assertThat(latest.get("version").asLong()).isEqualTo(2);
        });
    }

    @Test
    void pollingWithTheLastETagAnswersNotModifiedUntilACountChanges() {
        // given
        TopicRecords.write(Topics.CLICK_ON_COLORS, List.of(event(apiKey, "click", "red")));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().header("X-API-Key", apiKey)
                        .get("/v1/counts")
                        .then()
                        .body("counts.click.red", equalTo(1)));
        String etag = given().header("X-API-Key", apiKey)
                .get("/v1/counts")
                .then()
                .extract()
                .header("ETag");

        // when / then
        given().header("X-API-Key", apiKey)
                .header("If-None-Match", etag)
                .get("/v1/counts")
                .then()
                .statusCode(304);
        TopicRecords.write(Topics.CLICK_ON_COLORS, List.of(event(apiKey, "click", "red")));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().header("X-API-Key", apiKey)
                        .header("If-None-Match", etag)
                        .get("/v1/counts")
                        .then()
                        .statusCode(200)
                        .body("counts.click.red", equalTo(2)));
    }

    @Test
    void readingCountsNeedsAKey() {
        // when / then
        given().get("/v1/counts")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("No API key"));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private JsonNode latestAggregate(String action, String color) throws Exception {
        var records = TopicRecords.read(
                Topics.COLOR_AGGREGATES, record -> (apiKey + ":" + action + ":" + color).equals(record.key()));
        return records.isEmpty()
                ? null
                : mapper.readTree(records.get(records.size() - 1).value());
    }
}
