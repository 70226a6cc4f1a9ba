package io.colortracking.counter.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.PostgresTestResource;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class KeysResourceTest {

    private static final String ADMIN = "Bearer test-only-admin-token";
    private final ObjectMapper mapper = new ObjectMapper();
    private final String name = "shop-" + UUID.randomUUID();

    private static RequestSpecification admin() {
        return given().header("Authorization", ADMIN).contentType("application/json");
    }

    @Test
    void aCreatedKeyIsOnTheTopicAndUsableWithinASecond() throws Exception {
        // when
        admin().body("{\"api_key\":\"" + name + "\",\"name\":\"Shop\",\"allowed_origins\":[\"https://shop.example\"],"
                        + "\"rate_limit_per_second\":50}")
                .post("/v1/keys")
                .then()
                .statusCode(201)
                .header("Location", containsString("/v1/keys/" + name))
                .body("api_key", equalTo(name))
                .body("revoked", equalTo(false));
        long createdAt = System.nanoTime();

        // then
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> given().header("X-API-Key", name).get("/v1/counts").statusCode() == 200);
        assertThat(Duration.ofNanos(System.nanoTime() - createdAt)).isLessThan(Duration.ofSeconds(1));
        var records = TopicRecords.read(Topics.API_KEYS, r -> name.equals(r.key()));
        var published = mapper.readTree(records.get(records.size() - 1).value());
        assertThat(published.get("allowed_origins").get(0).asText()).isEqualTo("https://shop.example");
        assertThat(published.get("rate_limit_per_second").asInt()).isEqualTo(50);
        admin().get("/v1/keys").then().statusCode(200).body("keys.api_key", hasItem(name));
    }

    @Test
    void aNewKeyComesWithItsReadTokenShownOnceAndOnlyItsHashIsKept() throws Exception {
        // when
        var created = admin().body("{\"api_key\":\"" + name + "\",\"name\":\"Shop\"}")
                .post("/v1/keys")
                .then()
                .statusCode(201)
                .body("pointer_tracking", equalTo(false))
                .body("has_read_token", equalTo(true))
                .extract()
                .jsonPath();
        String readToken = created.getString("read_token");

        // then
        assertThat(readToken).startsWith("rt_").hasSize(46);
        var records = TopicRecords.read(Topics.API_KEYS, r -> name.equals(r.key()));
        var published = mapper.readTree(records.get(records.size() - 1).value());
        assertThat(published.get("read_token_sha256").asText()).isEqualTo(TestKeys.sha256(readToken));
        assertThat(published.toString()).doesNotContain(readToken);
        admin().get("/v1/keys")
                .then()
                .body("keys.find { it.api_key == '" + name + "' }.read_token", nullValue())
                .body("keys.find { it.api_key == '" + name + "' }.read_token_sha256", nullValue())
                .body("keys.find { it.api_key == '" + name + "' }.has_read_token", equalTo(true));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> given().header("Authorization", "Bearer " + readToken)
                                .get("/v1/sessions")
                                .statusCode()
                        == 200);
    }

    @Test
    void theDemoKeyRecordsPointersAndReadsWithTheConfiguredLocalToken() {
        // given: DEMO_READ_TOKEN (here the test profile's test-only-demo-read), applied at start

        // then
        await().atMost(Duration.ofSeconds(5))
                .until(() -> given().header("Authorization", "Bearer test-only-demo-read")
                                .get("/v1/sessions")
                                .statusCode()
                        == 200);
        admin().get("/v1/keys")
                .then()
                .body("keys.find { it.api_key == 'demo' }.pointer_tracking", equalTo(true))
                .body("keys.find { it.api_key == 'demo' }.has_read_token", equalTo(true));
        // a key without a token of its own reads nothing with demo's
        given().header("Authorization", "Bearer test-only-demo-read")
                .queryParam("api_key", "testing")
                .get("/v1/sessions")
                .then()
                .statusCode(401);
    }

    @Test
    void rotatingTheReadTokenEndsTheOldOne() {
        // given
        String first = admin().body("{\"api_key\":\"" + name + "\",\"name\":\"Shop\",\"pointer_tracking\":true}")
                .post("/v1/keys")
                .then()
                .statusCode(201)
                .body("pointer_tracking", equalTo(true))
                .extract()
                .path("read_token");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> given().header("Authorization", "Bearer " + first)
                                .get("/v1/sessions")
                                .statusCode()
                        == 200);

        // when
        String second = admin().post("/v1/keys/" + name + "/read-token")
                .then()
                .statusCode(200)
                .body("api_key", equalTo(name))
                .extract()
                .path("read_token");

        // then
        assertThat(second).isNotEqualTo(first).startsWith("rt_");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> given().header("Authorization", "Bearer " + first)
                                        .get("/v1/sessions")
                                        .statusCode()
                                == 401
                        && given().header("Authorization", "Bearer " + second)
                                        .get("/v1/sessions")
                                        .statusCode()
                                == 200);
        admin().post("/v1/keys/no-such-" + name + "/read-token").then().statusCode(404);
        given().post("/v1/keys/" + name + "/read-token").then().statusCode(401);
    }

    @Test
    void pointerTrackingIsOffByDefaultAndSwitchedByPatch() throws Exception {
        // given
        admin().body("{\"api_key\":\"" + name + "\",\"name\":\"Shop\"}")
                .post("/v1/keys")
                .then()
                .statusCode(201);

        // when
        admin().body("{\"pointer_tracking\":true}")
                .patch("/v1/keys/" + name)
                .then()
                .statusCode(200)
                .body("pointer_tracking", equalTo(true))
                .body("read_token", nullValue());

        // then
        var records = TopicRecords.read(Topics.API_KEYS, r -> name.equals(r.key()));
        assertThat(mapper.readTree(records.get(records.size() - 1).value())
                        .get("pointer_tracking")
                        .asBoolean())
                .isTrue();
        admin().body("{\"pointer_tracking\":\"yes\"}")
                .patch("/v1/keys/" + name)
                .then()
                .statusCode(400)
                .body("detail", containsString("'pointer_tracking'"));
        admin().body("{\"rate\":1}")
                .patch("/v1/keys/" + name)
                .then()
                .statusCode(400)
                .body("detail", containsString("Unknown field 'rate'"));
        admin().body("{}").patch("/v1/keys/" + name).then().statusCode(400);
        admin().body("{\"pointer_tracking\":false}")
                .patch("/v1/keys/no-such-" + name)
                .then()
                .statusCode(404);
        given().contentType("application/json")
                .body("{\"pointer_tracking\":false}")
                .patch("/v1/keys/" + name)
                .then()
                .statusCode(401);
        admin().delete("/v1/keys/" + name).then().statusCode(204);
        admin().body("{\"pointer_tracking\":false}")
                .patch("/v1/keys/" + name)
                .then()
                .statusCode(404);
    }

    @Test
    void keysCreatedAndRevokedOneAfterAnotherAreAllCommitted() {
        // given: a change is published while its transaction is open, then committed (a send that
        // carried the transaction's context to the producer's threads made commits fail now and then)
        for (int i = 0; i < 20; i++) {
            String key = name + "-" + i;

            // when / then
            admin().body("{\"api_key\":\"" + key + "\",\"name\":\"Shop " + i + "\"}")
                    .post("/v1/keys")
                    .then()
                    .statusCode(201);
            admin().delete("/v1/keys/" + key).then().statusCode(204);
        }
        admin().get("/v1/keys")
                .then()
                .statusCode(200)
                .body("keys.findAll { it.api_key.startsWith('" + name + "-') && it.revoked }.size()", equalTo(20));
    }

    @Test
    void aRevokedKeyIsRefusedWithinASecondAndItsNameCannotBeTakenAgain() {
        // given
        admin().body("{\"api_key\":\"" + name + "\",\"name\":\"Shop\"}")
                .post("/v1/keys")
                .then()
                .statusCode(201);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> given().header("X-API-Key", name).get("/v1/counts").statusCode() == 200);

        // when
        admin().delete("/v1/keys/" + name).then().statusCode(204);
        long revokedAt = System.nanoTime();

        // then
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> given().header("X-API-Key", name).get("/v1/counts").statusCode() == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(1));
        admin().body("{\"api_key\":\"" + name + "\",\"name\":\"Again\"}")
                .post("/v1/keys")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        admin().delete("/v1/keys/" + name).then().statusCode(204);
    }

    @Test
    void aKeyWithoutNameIsGeneratedAndRevokingAnUnknownKeyIsNotFound() {
        admin().body("{\"name\":\"Generated\"}")
                .post("/v1/keys")
                .then()
                .statusCode(201)
                .body("api_key", startsWith("ck_"));
        admin().delete("/v1/keys/no-such-" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void invalidFieldsAreRefusedWithTheFieldNamed() {
        admin().body("{}").post("/v1/keys").then().statusCode(400).body("detail", containsString("'name' is required"));
        admin().body("{\"name\":\"x\",\"api_key\":\"has space\"}")
                .post("/v1/keys")
                .then()
                .statusCode(400)
                .body("detail", containsString("'api_key'"));
        admin().body("{\"name\":\"x\",\"allowed_origins\":[\"https://shop.example/path\"]}")
                .post("/v1/keys")
                .then()
                .statusCode(400)
                .body("detail", containsString("'allowed_origins'"));
        admin().body("{\"name\":\"x\",\"rate_limit_per_second\":0}")
                .post("/v1/keys")
                .then()
                .statusCode(400)
                .body("detail", containsString("'rate_limit_per_second'"));
        admin().body("{\"name\":\"x\",\"owner\":\"me\"}")
                .post("/v1/keys")
                .then()
                .statusCode(400)
                .body("detail", containsString("Unknown field 'owner'"));
        admin().body("{\"name\":5}")
                .post("/v1/keys")
                .then()
                .statusCode(400)
                .body("detail", containsString("'name' has the wrong type"));
        admin().body("{\"name\":\"x\",\"rate_limit_per_second\":1.5}")
                .post("/v1/keys")
                .then()
                .statusCode(400)
                .body("detail", containsString("'rate_limit_per_second' has the wrong type"));
        admin().body("{\"name\":\"x\",\"rate_limit_per_second\":\"100\"}")
                .post("/v1/keys")
                .then()
                .statusCode(400)
                .body("detail", containsString("'rate_limit_per_second' has the wrong type"));
    }

    @Test
    void theKeyApiNeedsTheAdminToken() {
        given().get("/v1/keys")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong")
                .contentType("application/json")
                .body("{\"name\":\"x\"}")
                .post("/v1/keys")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer wrong")
                .delete("/v1/keys/demo")
                .then()
                .statusCode(401);
    }
}
