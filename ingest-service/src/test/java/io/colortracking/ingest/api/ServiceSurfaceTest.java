package io.colortracking.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import io.colortracking.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What operators and integrators rely on besides the events endpoint. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ServiceSurfaceTest {

    @Test
    void theOpenApiDocumentDescribesEveryAnswerOfTheEventsEndpoint() {
        var post = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths.'/v1/events'.post.responses");
        for (String status : new String[] {"202", "204", "400", "401", "403", "413", "415", "429", "503"}) {
            org.assertj.core.api.Assertions.assertThat(post).as("documented answers").containsKey(status);
        }
        given().accept("application/json").get("/q/openapi").then()
                .body("paths.'/v1/events'", hasKey("options"));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void theTrackerScriptIsServedAsJavaScript() {
        given().get("/tracker.js").then().statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("sendBeacon"))
                .body(containsString("data-api-key"));
    }

    @Test
    void theServiceIsReadyOnceKafkaAndTheKeysAreThere() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItems("api-keys", "kafka"));
    }

    @Test
    void acceptedRejectedAndRefusedEventsAndProduceLatencyAreMeasured() {
        // given
        String apiKey = Keys.active("metrics");
        given().header("X-API-Key", apiKey).contentType("application/json")
                .body("{\"events\":[{\"action\":\"click\",\"color\":\"red\"},{\"action\":\"click\",\"color\":\"pink\"}]}")
                .post("/v1/events").then().statusCode(202);
        given().contentType("application/json").body("{}").post("/v1/events").then().statusCode(401);

        // when
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        // then
        org.assertj.core.api.Assertions.assertThat(metrics)
                .contains("colortracking_ingest_events_accepted_total")
                .contains("colortracking_ingest_events_rejected_total{reason=\"invalid\"}")
                .contains("colortracking_ingest_requests_refused_total{reason=\"unauthorized\",status=\"401\"}")
                .contains("colortracking_ingest_produce_seconds_bucket")
                .contains("colortracking_ingest_events_in_flight");
    }
}
