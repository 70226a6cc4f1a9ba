package io.colortracking.counter;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.PostgresTestResource;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged service (target/quarkus-app, as the images and run.sh start it) migrates its
 * database, counts events from the topics and serves the counts. On Java 25 this run also trains
 * the service's AOT cache (quarkus.package.jar.aot.enabled): what it exercises starts faster next time.
 */
@QuarkusIntegrationTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class PackagedCounterIT {

    @Test
    void thePackagedServiceCountsEventsFromTheTopic() {
        // given: the service ready (its database migrated, its consumer assigned) and a key
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        String apiKey = "packaged-" + UUID.randomUUID();
        TestKeys.register(apiKey);

        // when: two clicks on red on the events topic
        TopicRecords.write(
                Topics.CLICK_ON_COLORS,
                List.of(
                        CounterTestEvents.event(apiKey, "click", "red"),
                        CounterTestEvents.event(apiKey, "click", "red")));

        // then
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().queryParam("api_key", apiKey)
                        .get("/v1/counts")
                        .then()
                        .statusCode(200)
                        .body("counts.click.red", equalTo(2)));
    }
}
