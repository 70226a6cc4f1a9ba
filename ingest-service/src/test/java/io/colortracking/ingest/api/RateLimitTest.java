package io.colortracking.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class RateLimitTest {

    private static String batch(int events) {
        return "{\"events\":["
                + String.join(",", Collections.nCopies(events, "{\"action\":\"hover\",\"color\":\"red\"}")) + "]}";
    }

    @Test
    void aKeyOverItsRateIsToldToRetryLaterAndTheRefusedEventsNeverReachKafka() {
        // given: 2 events per second; the probe that found the key known used no tokens (it was invalid)
        String slowKey = Keys.active("slow", List.of(), 2);

        // when: a batch of 50 is admitted (the key had tokens) and puts the bucket 48 events in debt
        given().header("X-API-Key", slowKey)
                .contentType("application/json")
                .body(batch(50))
                .post("/v1/events")
                .then()
                .statusCode(202);
        Response refused = given().header("X-API-Key", slowKey)
                .contentType("application/json")
                .body(batch(1))
                .post("/v1/events");

        // then
        refused.then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("detail", containsString("rate limit"));
        // the debt of 48 events at 2/s takes about 24 s to repay
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(20, 26);
        assertThat(TopicRecords.read(Topics.HOVER_ON_COLORS, TopicRecords.ofTenant(slowKey)))
                .hasSize(50);
    }

    @Test
    void anotherKeyIsNotSlowedByAKeyOverItsRate() {
        // given
        String slowKey = Keys.active("slow", List.of(), 1);
        String otherKey = Keys.active("other");
        given().header("X-API-Key", slowKey)
                .contentType("application/json")
                .body(batch(10))
                .post("/v1/events")
                .then()
                .statusCode(202);
        given().header("X-API-Key", slowKey)
                .contentType("application/json")
                .body(batch(1))
                .post("/v1/events")
                .then()
                .statusCode(429);

        // when / then
        given().header("X-API-Key", otherKey)
                .contentType("application/json")
                .body(batch(10))
                .post("/v1/events")
                .then()
                .statusCode(202);
    }
}
