package io.colortracking.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Positions for heatmaps: an area and x, y (both or neither, 0 to 1), checked per event. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class EventPositionsTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private String apiKey;

    @BeforeEach
    void givenAnActiveKeyOfThisTest() {
        apiKey = Keys.active("positions");
    }

    @Test
    void anEventCarriesItsAreaAndPositionToKafka() throws Exception {
        // when
        post("{\"action\":\"click\",\"color\":\"red\",\"area\":\"grid\",\"x\":0,\"y\":1}")
                .statusCode(202)
                .body("accepted", equalTo(1));

        // then
        JsonNode event = only(Topics.CLICK_ON_COLORS);
        assertThat(event.get("area").asText()).isEqualTo("grid");
        assertThat(event.get("x").asDouble()).isEqualTo(0.0);
        assertThat(event.get("y").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aPositionWithoutAreaIsRelativeToTheElement() throws Exception {
        // when
        post("{\"action\":\"hover\",\"color\":\"blue\",\"x\":0.03125,\"y\":0.5}")
                .statusCode(202);

        // then
        JsonNode event = only(Topics.HOVER_ON_COLORS);
        assertThat(event.get("area").asText()).isEqualTo("element");
        assertThat(event.get("x").asDouble()).isEqualTo(0.03125);
    }

    @Test
    void anEventWithoutPositionStaysWithoutOne() throws Exception {
        // when: a keyboard click, or an old client
        post("{\"action\":\"click\",\"color\":\"green\"}").statusCode(202);

        // then
        JsonNode event = only(Topics.CLICK_ON_COLORS);
        assertThat(event.has("area")).isFalse();
        assertThat(event.has("x")).isFalse();
        assertThat(event.has("y")).isFalse();
    }

    @Test
    void aSingleEventWithABadPositionIsA400ProblemSayingWhy() {
        String[][] cases = {
            {"{\"action\":\"click\",\"color\":\"red\",\"x\":0.5}", "'x' and 'y' come together"},
            {"{\"action\":\"click\",\"color\":\"red\",\"area\":\"grid\",\"y\":0.5}", "'x' and 'y' come together"},
            {"{\"action\":\"click\",\"color\":\"red\",\"x\":1.5,\"y\":0.5}", "'x' must be a number from 0 to 1"},
            {"{\"action\":\"click\",\"color\":\"red\",\"x\":0.5,\"y\":-0.01}", "'y' must be a number from 0 to 1"},
            {"{\"action\":\"click\",\"color\":\"red\",\"x\":\"0.5\",\"y\":0.5}", "'x' must be a number from 0 to 1"},
            {"{\"action\":\"click\",\"color\":\"red\",\"area\":\"Main Grid\",\"x\":0.5,\"y\":0.5}", "'area' must be"},
            {"{\"action\":\"click\",\"color\":\"red\",\"area\":7,\"x\":0.5,\"y\":0.5}", "'area' must be a string"},
            {"{\"action\":\"click\",\"color\":\"red\",\"area\":\"" + "a".repeat(33) + "\"}", "'area' must be"},
        };
        for (String[] bad : cases) {
            // when / then
            post(bad[0]).statusCode(400).contentType("application/problem+json").body("detail", containsString(bad[1]));
        }
        // and
        assertThat(TopicRecords.read(Topics.CLICK_ON_COLORS, TopicRecords.ofTenant(apiKey)))
                .isEmpty();
    }

    @Test
    void aBatchTakesItsValidEventsAndRejectsEachBadPositionByIndex() throws Exception {
        // given
        String batch = """
                {"events": [
                  {"action": "click", "color": "red", "area": "grid", "x": 0.25, "y": 0.75},
                  {"action": "click", "color": "red", "area": "grid", "x": 0.25},
                  {"action": "click", "color": "red", "area": "grid", "x": 0.25, "y": 1.25},
                  {"action": "click", "color": "red", "area": "GRID", "x": 0.25, "y": 0.5},
                  {"action": "click", "color": "blue", "area": "grid"}
                ]}""";

        // when
        post(batch)
                .statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected", hasSize(3))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].error", containsString("send both or neither"))
                .body("rejected[1].index", equalTo(2))
                .body("rejected[1].error", containsString("'y' must be a number from 0 to 1, got 1.25"))
                .body("rejected[2].index", equalTo(3))
                .body("rejected[2].error", containsString("'area' must be"));

        // then
        List<JsonNode> events = new ArrayList<>();
        for (var record : TopicRecords.read(Topics.CLICK_ON_COLORS, TopicRecords.ofTenant(apiKey))) {
            events.add(mapper.readTree(record.value()));
        }
        assertThat(events).hasSize(2);
        assertThat(events.stream().map(e -> e.get("color").asText())).containsExactlyInAnyOrder("red", "blue");
        JsonNode placed = events.stream()
                .filter(e -> e.get("color").asText().equals("red"))
                .findFirst()
                .orElseThrow();
        assertThat(placed.get("x").asDouble()).isEqualTo(0.25);
        assertThat(placed.get("y").asDouble()).isEqualTo(0.75);
    }

    private io.restassured.response.ValidatableResponse post(String body) {
        return given().header("X-API-Key", apiKey)
                .contentType("application/json")
                .body(body)
                .post("/v1/events")
                .then();
    }

    private JsonNode only(String topic) throws Exception {
        var records = TopicRecords.read(topic, TopicRecords.ofTenant(apiKey));
        assertThat(records).hasSize(1);
        return mapper.readTree(records.get(0).value());
    }
}
