package io.colortracking.counter.api;

import static io.colortracking.counter.CounterTestEvents.event;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.colortracking.counter.CounterKeys;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.PostgresTestResource;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SeriesAndSeedTest {

    private String apiKey;

    @BeforeEach
    void givenAnActiveKeyOfThisTest() {
        apiKey = CounterKeys.active("series");
    }

    @Test
    void everyGranularityAddsUpToTheTotals() {
        // given: 4 red and 2 blue clicks, counted
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS);
        TopicRecords.write(
                Topics.CLICK_ON_COLORS,
                List.of(event(apiKey, "click", "red"), event(apiKey, "click", "red"), event(apiKey, "click", "blue")));
        TopicRecords.write(
                Topics.CLICK_ON_COLORS,
                List.of(event(apiKey, "click", "red"), event(apiKey, "click", "red"), event(apiKey, "click", "blue")));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().header("X-API-Key", apiKey)
                        .get("/v1/counts")
                        .then()
                        .body("counts.click.red", equalTo(4))
                        .body("counts.click.blue", equalTo(2)));
        Instant to = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);

        // when / then: whichever bucket size, the buckets of the range hold every event once
        for (String bucket : List.of("1s", "1m", "1h")) {
            // 1s: the last 10 minutes and the next one (within the 3600-bucket limit)
            String fromText = bucket.equals("1s")
                    ? Instant.now().minus(10, ChronoUnit.MINUTES).toString()
                    : from.toString();
            String toText = bucket.equals("1s")
                    ? Instant.now().plus(1, ChronoUnit.MINUTES).toString()
                    : to.toString();
            List<Map<String, Object>> buckets = given().header("X-API-Key", apiKey)
                    .queryParam("action", "click")
                    .queryParam("bucket", bucket)
                    .queryParam("from", fromText)
                    .queryParam("to", toText)
                    .get("/v1/counts/series")
                    .then()
                    .statusCode(200)
                    .body("bucket", equalTo(bucket))
                    .extract()
                    .jsonPath()
                    .getList("buckets");
            assertThat(sum(buckets, "red")).as(bucket).isEqualTo(4);
            assertThat(sum(buckets, "blue")).as(bucket).isEqualTo(2);
            assertThat(sum(buckets, "green")).as(bucket).isZero();
        }
    }

    @Test
    void theDefaultSeriesIsTheLastSixtySecondsWithZerosForQuietSeconds() {
        given().header("X-API-Key", apiKey)
                .queryParam("action", "hover")
                .get("/v1/counts/series")
                .then()
                .statusCode(200)
                .body("buckets", hasSize(60))
                .body("buckets[0].counts.yellow", equalTo(0));
    }

    @Test
    void invalidSeriesParametersAreRefusedWithTheParameterNamed() {
        given().header("X-API-Key", apiKey)
                .get("/v1/counts/series")
                .then()
                .statusCode(400)
                .body("detail", containsString("'action'"));
        given().header("X-API-Key", apiKey)
                .queryParam("action", "click")
                .queryParam("bucket", "5s")
                .get("/v1/counts/series")
                .then()
                .statusCode(400)
                .body("detail", containsString("'bucket'"));
        given().header("X-API-Key", apiKey)
                .queryParam("action", "click")
                .queryParam("from", "yesterday")
                .get("/v1/counts/series")
                .then()
                .statusCode(400)
                .body("detail", containsString("'from'"));
        given().header("X-API-Key", apiKey)
                .queryParam("action", "click")
                .queryParam("from", "2026-01-01T00:00:00Z")
                .queryParam("to", "2026-01-02T00:00:00Z")
                .get("/v1/counts/series")
                .then()
                .statusCode(400)
                .body("detail", containsString("At most 3600 buckets"));
    }

    @Test
    void theSeedsReadEndpointListsEveryPaletteColorOfTheAction() {
        // given
        TopicRecords.write(Topics.HOVER_ON_COLORS, List.of(event(apiKey, "hover", "green")));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().header("X-API-Key", apiKey)
                        .get("/v1/counts")
                        .then()
                        .body("counts.hover.green", equalTo(1)));

        // when / then
        given().header("Authorization", "Token token=" + apiKey)
                .queryParam("action_name", "hover")
                .get("/v1/events")
                .then()
                .statusCode(200)
                .body("results", hasSize(4))
                .body("results.find { it.color == 'green' }.amount", equalTo(1))
                .body("results.find { it.color == 'green' }.action", equalTo("hover"))
                .body("results.find { it.color == 'red' }.amount", equalTo(0));
        given().header("X-API-Key", apiKey)
                .queryParam("action_name", "scroll")
                .get("/v1/events")
                .then()
                .statusCode(400)
                .body("detail", containsString("'action_name'"));
        given().queryParam("action_name", "click").get("/v1/events").then().statusCode(401);
    }

    private static long sum(List<Map<String, Object>> buckets, String color) {
        long total = 0;
        for (Map<String, Object> bucket : buckets) {
            total += ((Number) ((Map<?, ?>) bucket.get("counts")).get(color)).longValue();
        }
        return total;
    }
}
