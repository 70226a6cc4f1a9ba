package io.colortracking.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class CorsTest {

    private static final String SHOP = "https://shop.example";
    private static final String EVENT = "{\"action\":\"click\",\"color\":\"blue\"}";
    private String shopKey;

    @BeforeEach
    void givenAKeyThatAllowsOnlyTheShop() {
        shopKey = Keys.active("cors", List.of(SHOP), 100_000);
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredAndCached() {
        given().header("Origin", SHOP)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, x-api-key")
                .options("/v1/events")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", SHOP)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("X-API-Key"))
                .header("Access-Control-Allow-Headers", containsString("Content-Type"))
                .header("Access-Control-Max-Age", "7200");
    }

    @Test
    void aPreflightCarriesNoKeySoItIsAnsweredForAnyOriginIncludingOnesAKeyRefuses() {
        given().header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/v1/events")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", "https://elsewhere.example");
    }

    @Test
    void aPostFromAnAllowedOriginIsAcceptedAndReadableByThatPage() {
        given().header("Origin", SHOP)
                .header("X-API-Key", shopKey)
                .contentType("application/json")
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(202)
                .header("Access-Control-Allow-Origin", SHOP)
                .header("Access-Control-Expose-Headers", containsString("Retry-After"))
                .header("Vary", containsString("Origin"));
    }

    @Test
    void aPostFromAnOriginTheKeyDoesNotAllowIsForbiddenReadablyAndNothingReachesKafka() {
        given().header("Origin", "https://elsewhere.example")
                .header("X-API-Key", shopKey)
                .contentType("application/json")
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                // the page can read why, so a tracker stops instead of retrying a network error
                .header("Access-Control-Allow-Origin", "https://elsewhere.example")
                .body(
                        "detail",
                        containsString("The origin 'https://elsewhere.example' is not allowed for this API key"))
                .body("detail", containsString(SHOP));
        assertThat(TopicRecords.read(Topics.CLICK_ON_COLORS, TopicRecords.ofTenant(shopKey)))
                .isEmpty();
    }

    @Test
    void aPageOpenedFromDiskIsRefusedByAKeyWithAllowedOriginsButAcceptedByAnOpenKey() {
        // given
        String openKey = Keys.active("open");

        // when / then
        given().header("Origin", "null")
                .header("X-API-Key", shopKey)
                .contentType("application/json")
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(403);
        given().header("Origin", "null")
                .header("X-API-Key", openKey)
                .contentType("application/json")
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(202)
                .header("Access-Control-Allow-Origin", "null");
    }

    @Test
    void anErrorIsReadableByTheCallingPageToo() {
        given().header("Origin", SHOP)
                .header("X-API-Key", shopKey)
                .contentType("application/json")
                .body("{\"action\":\"click\",\"color\":\"mauve\"}")
                .post("/v1/events")
                .then()
                .statusCode(400)
                .header("Access-Control-Allow-Origin", SHOP)
                .body("status", equalTo(400));
    }
}
