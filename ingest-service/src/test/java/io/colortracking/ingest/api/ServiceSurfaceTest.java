package io.colortracking.ingest.api;

import static io.colortracking.testing.PrometheusText.value;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import io.colortracking.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What operators and integrators rely on besides the events endpoint. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ServiceSurfaceTest {

    @Test
    void theOpenApiDocumentDescribesEveryAnswerOfTheEventsEndpoint() {
        var post = given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("paths.'/v1/events'.post.responses");
        for (String status : new String[] {"202", "204", "400", "401", "403", "413", "415", "429", "503"}) {
            org.assertj.core.api.Assertions.assertThat(post)
                    .as("documented answers")
                    .containsKey(status);
        }
        given().accept("application/json").get("/q/openapi").then().body("paths.'/v1/events'", hasKey("options"));
    }

    @Test
    void theBenchmarksNoOpEndpointIsOffAndUndocumentedUnlessTurnedOn() {
        // given: the shipped settings (COLORTRACKING_BENCH_NOOP_ENDPOINT unset)
        // when / then: it is not served, and the API document does not list it
        given().contentType("application/json")
                .body("{}")
                .post("/bench/noop")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .body("paths", org.hamcrest.Matchers.not(hasKey("/bench/noop")));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void theTrackerScriptIsServedAsJavaScript() {
        given().get("/tracker.js")
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("sendBeacon"))
                .body(containsString("data-api-key"));
    }

    @Test
    void theHeatmapOverlayIsServedAsJavaScriptBesideTheTracker() {
        given().get("/heatmap.js")
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("/v1/heatmap"))
                .body(containsString("data-ct-area"));
    }

    @Test
    void theServiceIsReadyOnceKafkaAndTheKeysAreThere() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItems("api-keys", "kafka"));
    }

    @Test
    void acceptedRejectedAndRefusedEventsAndProduceLatencyAreMeasured() {
        // given
        String apiKey = Keys.active("metrics");
        String accepted = "colortracking_ingest_events_accepted_total";
        String rejected = "colortracking_ingest_events_rejected_total{reason=\"invalid\"}";
        String unauthorized = "colortracking_ingest_requests_refused_total{reason=\"unauthorized\",status=\"401\"}";
        String produced = "colortracking_ingest_produce_seconds_count{outcome=\"acknowledged\"}";
        String before = metrics();

        // when: 2 events accepted, 1 rejected in the same batch, and a request without key
        given().header("X-API-Key", apiKey)
                .contentType("application/json")
                .body("{\"events\":[{\"action\":\"click\",\"color\":\"red\"},{\"action\":\"click\",\"color\":\"pink\"},"
                        + "{\"action\":\"hover\",\"color\":\"red\"}]}")
                .post("/v1/events")
                .then()
                .statusCode(202);
        given().contentType("application/json")
                .body("{}")
                .post("/v1/events")
                .then()
                .statusCode(401);

        // then
        String after = metrics();
        org.assertj.core.api.Assertions.assertThat(value(after, accepted) - value(before, accepted))
                .isEqualTo(2.0);
        org.assertj.core.api.Assertions.assertThat(value(after, rejected) - value(before, rejected))
                .isEqualTo(1.0);
        org.assertj.core.api.Assertions.assertThat(value(after, unauthorized) - value(before, unauthorized))
                .isEqualTo(1.0);
        org.assertj.core.api.Assertions.assertThat(value(after, produced) - value(before, produced))
                .isEqualTo(1.0);
        org.assertj.core.api.Assertions.assertThat(after)
                .contains("colortracking_ingest_produce_seconds_bucket")
                .contains("colortracking_ingest_events_in_flight");
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
