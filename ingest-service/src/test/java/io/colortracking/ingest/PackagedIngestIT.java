package io.colortracking.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged service (target/quarkus-app, as the images and run.sh start it) takes events from a
 * key it learned from the api_keys topic. On Java 25 this run also trains the service's AOT cache
 * (quarkus.package.jar.aot.enabled): what it exercises starts faster next time.
 */
@QuarkusIntegrationTest
@WithTestResource(KafkaTestResource.class)
class PackagedIngestIT {

    @Test
    void thePackagedServiceAcknowledgesEventsOfAKnownKey() {
        // given: a key on the api_keys topic
        String apiKey = "packaged-" + UUID.randomUUID();
        TestKeys.register(apiKey);

        // when / then: a single event and a batch are acknowledged once the service knows the key
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().header("X-API-Key", apiKey)
                        .contentType("application/json")
                        .body("{\"action\":\"click\",\"color\":\"red\"}")
                        .post("/v1/events")
                        .then()
                        .statusCode(202));
        given().header("X-API-Key", apiKey)
                .contentType("application/json")
                .body(
                        "{\"events\":[{\"action\":\"hover\",\"color\":\"blue\"},{\"action\":\"click\",\"color\":\"green\"}]}")
                .post("/v1/events")
                .then()
                .statusCode(202);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
