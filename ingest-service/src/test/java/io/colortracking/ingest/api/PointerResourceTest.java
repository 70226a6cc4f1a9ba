package io.colortracking.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /v1/pointer}: chunks of pointer tracks, only for keys that record them. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PointerResourceTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final UUID session = UUID.randomUUID();

    private static String key(String prefix, boolean pointerTracking) {
        String apiKey = prefix + "-" + UUID.randomUUID();
        TestKeys.registerReadable(apiKey, "rt_" + apiKey, pointerTracking);
        Keys.awaitStatusOtherThan401(apiKey, true);
        return apiKey;
    }

    private String chunk(int seq) {
        return "{\"session\":\"" + session + "\",\"seq\":" + seq + ",\"page\":\"https://shop.example/\","
                + "\"viewport\":{\"w\":390,\"h\":844},"
                + "\"samples\":[[0,\"grid\",0.25,0.5,\"m\"],[100,\"grid\",0.3,0.5,\"m\"],[100,\"viewport\",1,0,\"c\"]]}";
    }

    private static ValidatableResponse post(String apiKey, String contentType, String body) {
        return given().header("X-API-Key", apiKey)
                .contentType(contentType)
                .body(body)
                .post("/v1/pointer")
                .then();
    }

    @Test
    void aChunkIsOnPointerTracksKeyedBySessionOnceKafkaAcknowledgedIt() throws Exception {
        // given
        String apiKey = key("pointer", true);
        Instant before = Instant.now();

        // when
        post(apiKey, "application/json", chunk(0)).statusCode(202);
        post(apiKey, "text/plain;charset=UTF-8", chunk(1)).statusCode(202); // sendBeacon's type

        // then
        var records =
                TopicRecords.read(Topics.POINTER_TRACKS, r -> session.toString().equals(r.key()));
        assertThat(records).hasSize(2);
        JsonNode first = mapper.readTree(records.get(0).value());
        assertThat(first.get("api_key").asText()).isEqualTo(apiKey);
        assertThat(first.get("session").asText()).isEqualTo(session.toString());
        assertThat(first.get("seq").asInt()).isZero();
        assertThat(first.get("page").asText()).isEqualTo("https://shop.example/");
        assertThat(first.get("viewport").toString()).isEqualTo("{\"w\":390,\"h\":844}");
        assertThat(first.get("samples").toString())
                .isEqualTo(
                        "[[0,\"grid\",0.25,0.5,\"m\"],[100,\"grid\",0.3,0.5,\"m\"],[100,\"viewport\",1.0,0.0,\"c\"]]");
        assertThat(Instant.parse(first.get("received_at").asText())).isAfterOrEqualTo(before.minusMillis(1));
        assertThat(records.get(1).partition()).isEqualTo(records.get(0).partition());
    }

    @Test
    void aKeyThatDoesNotRecordPointersGets403AndTrackerJsIsToldSo() {
        // given
        String off = key("pointer-off", false);
        String on = key("pointer-on", true);

        // when / then
        post(off, "application/json", chunk(0))
                .statusCode(403)
                .body("detail", containsString("Pointer tracking is off"));
        given().queryParam("api_key", off)
                .get("/v1/pointer")
                .then()
                .statusCode(200)
                .body("pointer_tracking", equalTo(false));
        given().queryParam("api_key", on)
                .get("/v1/pointer")
                .then()
                .statusCode(200)
                .body("pointer_tracking", equalTo(true));
        given().queryParam("api_key", "unknown-" + UUID.randomUUID())
                .get("/v1/pointer")
                .then()
                .statusCode(401);
        post("unknown-" + UUID.randomUUID(), "application/json", chunk(0)).statusCode(401);
        given().contentType("application/json")
                .body(chunk(0))
                .post("/v1/pointer")
                .then()
                .statusCode(401);
    }

    @Test
    void theOriginRuleIsTheEventsOne() {
        // given
        String apiKey = "pointer-origin-" + UUID.randomUUID();
        TestKeys.registerReadable(apiKey, "rt_x", true);
        Keys.awaitStatusOtherThan401(apiKey, true);
        String shop = "pointer-shop-" + UUID.randomUUID();
        TestKeys.register(shop, List.of("https://shop.example"), 1000);
        Keys.awaitStatusOtherThan401(shop, true);

        // when / then: a key limited to one origin refuses another (403 before anything else)
        given().header("X-API-Key", shop)
                .header("Origin", "https://evil.example")
                .contentType("application/json")
                .body(chunk(0))
                .post("/v1/pointer")
                .then()
                .statusCode(403)
                .body("detail", containsString("origin"));
        given().header("X-API-Key", apiKey)
                .header("Origin", "https://any.example")
                .contentType("application/json")
                .body(chunk(0))
                .post("/v1/pointer")
                .then()
                .statusCode(202)
                .header("Access-Control-Allow-Origin", "https://any.example");
    }

    @Test
    void aMalformedChunkIs400WithWhatToFix() {
        // given
        String apiKey = key("pointer-bad", true);
        String ok = "[[0,\"grid\",0.5,0.5,\"m\"]]";
        String s = "\"session\":\"" + session + "\"";

        // when / then
        List<String[]> cases = List.of(
                new String[] {"not json", "not valid JSON"},
                new String[] {"[]", "JSON object"},
                new String[] {"{\"seq\":0,\"samples\":" + ok + "}", "'session'"},
                new String[] {"{\"session\":\"nope\",\"seq\":0,\"samples\":" + ok + "}", "'session'"},
                new String[] {"{" + s + ",\"samples\":" + ok + "}", "'seq'"},
                new String[] {"{" + s + ",\"seq\":-1,\"samples\":" + ok + "}", "'seq'"},
                new String[] {"{" + s + ",\"seq\":1.5,\"samples\":" + ok + "}", "'seq'"},
                new String[] {"{" + s + ",\"seq\":0}", "'samples'"},
                new String[] {"{" + s + ",\"seq\":0,\"samples\":[]}", "1 to 200"},
                new String[] {"{" + s + ",\"seq\":0,\"samples\":[[0,\"grid\",0.5,0.5]]}", "samples[0]"},
                new String[] {"{" + s + ",\"seq\":0,\"samples\":[[0,\"grid\",1.5,0.5,\"m\"]]}", "x and y"},
                new String[] {
                    "{" + s + ",\"seq\":0,\"samples\":[[5,\"grid\",0.5,0.5,\"m\"],[4,\"grid\",0.5,0.5,\"m\"]]}",
                    "time order"
                },
                new String[] {"{" + s + ",\"seq\":0,\"samples\":[[0,\"Grid Area\",0.5,0.5,\"m\"]]}", "area"},
                new String[] {"{" + s + ",\"seq\":0,\"samples\":[[0,\"grid\",0.5,0.5,\"k\"]]}", "\"m\""},
                new String[] {
                    "{" + s + ",\"seq\":0,\"viewport\":{\"w\":0,\"h\":1},\"samples\":" + ok + "}", "'viewport'"
                },
                new String[] {"{" + s + ",\"seq\":0,\"viewport\":[1,2],\"samples\":" + ok + "}", "'viewport'"},
                new String[] {"{" + s + ",\"seq\":0,\"page\":5,\"samples\":" + ok + "}", "'page'"},
                new String[] {"{" + s + ",\"seq\":0,\"keys\":\"abc\",\"samples\":" + ok + "}", "Unknown field 'keys'"});
        for (String[] bad : cases) {
            post(apiKey, "application/json", bad[0]).statusCode(400).body("detail", containsString(bad[1]));
        }
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 201; i++) {
            many.append(i == 0 ? "" : ",").append("[").append(i).append(",\"grid\",0.5,0.5,\"m\"]");
        }
        post(apiKey, "application/json", "{" + s + ",\"seq\":0,\"samples\":" + many + "]}")
                .statusCode(400)
                .body("detail", containsString("at most 200"));
        String large = "{" + s + ",\"seq\":0,\"page\":\"https://shop.example/" + "a".repeat(33 * 1024)
                + "\",\"samples\":" + ok + "}";
        post(apiKey, "application/json", large).statusCode(413).body("detail", containsString("32 KiB"));
    }
}
