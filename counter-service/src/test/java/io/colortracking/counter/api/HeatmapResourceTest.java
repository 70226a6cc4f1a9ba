package io.colortracking.counter.api;

import static io.colortracking.counter.CounterTestEvents.event;
import static io.colortracking.counter.CounterTestEvents.positioned;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.counter.CounterKeys;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.PostgresTestResource;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Heatmaps: positions counted exactly into their cells, per day and all time, read through the API. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class HeatmapResourceTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private String apiKey;

    @BeforeEach
    void givenAnActiveKeyOfThisTest() {
        apiKey = CounterKeys.active("heat");
    }

    @Test
    void positionsOnTheGridsEdgesLandInTheirCellsAndAReSentIdAddsNothing() {
        // given: the corners, every column edge 0.03125·k (a cell's lower edge), and just below an edge
        Instant now = Instant.now();
        UUID corner = UUID.randomUUID();
        List<Map.Entry<String, String>> events = new ArrayList<>();
        events.add(positioned(apiKey, corner, "click", "red", "grid", 0.0, 0.0, now));
        events.add(positioned(apiKey, UUID.randomUUID(), "click", "red", "grid", 1.0, 1.0, now));
        for (int k = 1; k < 32; k++) {
            events.add(positioned(apiKey, UUID.randomUUID(), "click", "red", "grid", 0.03125 * k, 0.5, now));
        }
        events.add(positioned(apiKey, UUID.randomUUID(), "click", "red", "grid", 0.5, Math.nextDown(0.09375), now));
        events.add(event(apiKey, "click", "red")); // a keyboard click: counted, in no heatmap
        TopicRecords.write(Topics.CLICK_ON_COLORS, events);

        // when: the corner's event sent again (a client's retry), and a marker behind it
        TopicRecords.write(
                Topics.CLICK_ON_COLORS,
                List.of(
                        positioned(apiKey, corner, "click", "red", "grid", 0.0, 0.0, now),
                        event(apiKey, "click", "green")));

        // then
        awaitCount("click", "green", 1);
        assertThat(count("click", "red")).isEqualTo(35);
        JsonPath heatmap = heatmap("area=grid&action=click");
        List<List<Integer>> expected = new ArrayList<>();
        expected.add(List.of(0, 0, 1));
        expected.add(List.of(16, 2, 1));
        for (int k = 1; k < 32; k++) {
            expected.add(List.of(k, 16, 1));
        }
        expected.add(List.of(31, 31, 1));
        assertThat(heatmap.getList("bins")).isEqualTo(expected);
        assertThat(heatmap.getLong("total")).isEqualTo(34);
        assertThat(heatmap.getLong("max")).isEqualTo(1);
        assertThat(heatmap.getString("api_key")).isEqualTo(apiKey);
        assertThat(heatmap.getString("area")).isEqualTo("grid");
        assertThat(heatmap.getString("action")).isEqualTo("click");
        assertThat(heatmap.getString("color")).isNull();
        assertThat(heatmap.getInt("resolution")).isEqualTo(32);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(heatmap.getString("to")).isEqualTo(today.toString());
        assertThat(heatmap.getString("from")).isEqualTo(today.minusDays(29).toString());
        assertThat(heatmap("area=grid&action=click&range=all").getList("bins")).isEqualTo(expected);
    }

    @Test
    void daysAreSummedFromToInclusiveAllTimeKeepsEveryDayAndColorsAndResolutionsFold() {
        // given: clicks on three UTC days, and a hover
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant todayNoon = today.atTime(12, 0).toInstant(ZoneOffset.UTC);
        Instant twoDaysAgo = today.minusDays(2).atStartOfDay().toInstant(ZoneOffset.UTC); // 00:00:00 of that day
        Instant fortyDaysAgo = today.minusDays(40).atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
        TopicRecords.write(
                Topics.CLICK_ON_COLORS,
                List.of(
                        positioned(apiKey, UUID.randomUUID(), "click", "red", "grid", 0.1, 0.1, todayNoon),
                        positioned(apiKey, UUID.randomUUID(), "click", "blue", "grid", 0.1, 0.1, todayNoon),
                        positioned(apiKey, UUID.randomUUID(), "click", "red", "grid", 0.9, 0.1, twoDaysAgo),
                        positioned(apiKey, UUID.randomUUID(), "click", "red", "grid", 0.1, 0.9, fortyDaysAgo),
                        positioned(apiKey, UUID.randomUUID(), "click", "red", "other", 0.5, 0.5, todayNoon)));
        TopicRecords.write(
                Topics.HOVER_ON_COLORS,
                List.of(positioned(apiKey, UUID.randomUUID(), "hover", "red", "grid", 0.5, 0.5, todayNoon)));

        // when
        awaitCount("click", "red", 4);
        awaitCount("hover", "red", 1);

        // then: the default range (the last 30 days) leaves out the oldest day
        assertThat(heatmap("area=grid&action=click").getList("bins"))
                .isEqualTo(List.of(List.of(3, 3, 2), List.of(28, 3, 1)));
        // one day, inclusive at both ends
        String day = today.minusDays(2).toString();
        assertThat(heatmap("area=grid&action=click&from=" + day + "&to=" + day).getList("bins"))
                .isEqualTo(List.of(List.of(28, 3, 1)));
        // all time holds every day
        JsonPath all = heatmap("area=grid&action=click&range=all");
        assertThat(all.getList("bins")).isEqualTo(List.of(List.of(3, 3, 2), List.of(28, 3, 1), List.of(3, 28, 1)));
        assertThat(all.getString("from")).isNull();
        assertThat(all.getString("to")).isNull();
        // one color
        JsonPath blue = heatmap("area=grid&action=click&color=blue&range=all");
        assertThat(blue.getList("bins")).isEqualTo(List.of(List.of(3, 3, 1)));
        assertThat(blue.getString("color")).isEqualTo("blue");
        // folded: at 2 cells per side, left-top holds (3, 3), right-top (28, 3), left-bottom (3, 28)
        JsonPath folded = heatmap("area=grid&action=click&range=all&resolution=2");
        assertThat(folded.getList("bins")).isEqualTo(List.of(List.of(0, 0, 2), List.of(1, 0, 1), List.of(0, 1, 1)));
        assertThat(heatmap("area=grid&action=click&range=all&resolution=1").getList("bins"))
                .isEqualTo(List.of(List.of(0, 0, 4)));
        // per action and per area
        assertThat(heatmap("area=grid&action=hover").getList("bins")).isEqualTo(List.of(List.of(16, 16, 1)));
        assertThat(heatmap("area=other&action=click").getLong("total")).isEqualTo(1);
    }

    @Test
    void anUnknownAreaHasNoCellsAndAnUnchangedHeatmapIsNotModified() {
        // given
        JsonPath empty = heatmap("area=nowhere&action=click&range=all");
        assertThat(empty.getList("bins")).isEmpty();
        assertThat(empty.getLong("total")).isZero();
        assertThat(empty.getLong("max")).isZero();
        String etag = given().header("X-API-Key", apiKey)
                .get("/v1/heatmap?area=grid&action=click&range=all")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");

        // when / then: unchanged
        given().header("X-API-Key", apiKey)
                .header("If-None-Match", etag)
                .get("/v1/heatmap?area=grid&action=click&range=all")
                .then()
                .statusCode(304);

        // when: a click lands in the area
        TopicRecords.write(
                Topics.CLICK_ON_COLORS,
                List.of(positioned(apiKey, UUID.randomUUID(), "click", "red", "grid", 0.5, 0.5, Instant.now())));

        // then
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().header("X-API-Key", apiKey)
                        .header("If-None-Match", etag)
                        .get("/v1/heatmap?area=grid&action=click&range=all")
                        .then()
                        .statusCode(200)
                        .body("total", equalTo(1)));
    }

    @Test
    void everyChangedHeatmapIsPublishedWholeWithItsAllTimeCellsAndAGrowingVersion() throws Exception {
        // given
        Instant now = Instant.now();
        TopicRecords.write(
                Topics.CLICK_ON_COLORS,
                List.of(positioned(apiKey, UUID.randomUUID(), "click", "yellow", "grid", 0.99, 0.0, now)));
        awaitCount("click", "yellow", 1);

        // when
        TopicRecords.write(
                Topics.CLICK_ON_COLORS,
                List.of(
                        positioned(apiKey, UUID.randomUUID(), "click", "yellow", "grid", 0.98, 0.01, now),
                        positioned(apiKey, UUID.randomUUID(), "click", "yellow", "grid", 0.0, 1.0, now)));

        // then: the latest record of the grid holds all of it; versions only grow
        String key = apiKey + ":grid:click:yellow";
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            var records = TopicRecords.read(Topics.HEAT_GRIDS, record -> key.equals(record.key()));
            assertThat(records).isNotEmpty();
            JsonNode latest = mapper.readTree(records.get(records.size() - 1).value());
            assertThat(latest.get("cells").toString()).isEqualTo("[[31,0,2],[0,31,1]]");
            assertThat(latest.get("area").asText()).isEqualTo("grid");
            assertThat(latest.get("color").asText()).isEqualTo("yellow");
            assertThat(latest.get("version").asLong()).isGreaterThanOrEqualTo(2);
            List<Long> versions = new ArrayList<>();
            for (var record : records) {
                versions.add(mapper.readTree(record.value()).get("version").asLong());
            }
            assertThat(versions).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
        });
    }

    @Test
    void aRecordWithAnIncompletePositionIsCountedButInNoHeatmap() {
        // given: written by an ingest that did not check positions yet (x without y)
        String legacy = "{\"id\":\"" + UUID.randomUUID() + "\",\"api_key\":\"" + apiKey
                + "\",\"action\":\"click\",\"color\":\"blue\",\"occurred_at\":\"" + Instant.now()
                + "\",\"received_at\":\"" + Instant.now() + "\",\"x\":0.5}";

        // when
        TopicRecords.write(Topics.CLICK_ON_COLORS, List.of(Map.entry(apiKey, legacy)));

        // then
        awaitCount("click", "blue", 1);
        assertThat(heatmap("area=element&action=click&range=all").getLong("total"))
                .isZero();
        assertThat(TopicRecords.read(Topics.COLOR_EVENTS_DLQ, r -> apiKey.equals(r.key())))
                .isEmpty();
    }

    @Test
    void aPageOfAnotherOriginCanAskForAHeatmapAndReadItsETag() {
        // when / then: the preflight of a request with the key in a header
        given().header("Origin", "https://shop.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "X-API-Key, If-None-Match")
                .options("/v1/heatmap")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", "https://shop.example")
                .header("Access-Control-Allow-Headers", containsString("X-API-Key"));
        // and the request itself
        given().header("Origin", "https://shop.example")
                .header("X-API-Key", apiKey)
                .get("/v1/heatmap?area=grid&action=click")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "https://shop.example")
                .header("Access-Control-Expose-Headers", containsString("ETag"))
                .header("ETag", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void badParametersAreA400ProblemSayingWhichAndAMissingKeyIsA401() {
        String[][] cases = {
            {"action=click", "'area' is required"},
            {"area=Grid&action=click", "'area' is required"},
            {"area=grid", "'action' must be click or hover"},
            {"area=grid&action=scroll", "'action' must be click or hover"},
            {"area=grid&action=click&color=pink", "'color' must be one of blue, green, red, yellow"},
            {"area=grid&action=click&resolution=3", "'resolution' must be 32, 16, 8, 4, 2 or 1"},
            {"area=grid&action=click&resolution=x", "'resolution' must be"},
            {"area=grid&action=click&from=2026-13-01", "UTC days such as"},
            {"area=grid&action=click&from=2026-11-30T00:00:00Z", "UTC days such as"},
            {"area=grid&action=click&from=2026-11-30&to=2026-11-29", "'from' must not lie after 'to'"},
            {"area=grid&action=click&from=1999-12-31&to=2000-01-01", "between the years 2000 and 9999"},
            {"area=grid&action=click&range=week", "'range' can only be all"},
            {"area=grid&action=click&range=all&from=2026-11-01", "takes no 'from' or 'to'"},
        };
        for (String[] bad : cases) {
            given().header("X-API-Key", apiKey)
                    .get("/v1/heatmap?" + bad[0])
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString(bad[1]));
        }
        given().get("/v1/heatmap?area=grid&action=click")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    private JsonPath heatmap(String query) {
        return given().header("X-API-Key", apiKey)
                .get("/v1/heatmap?" + query)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .jsonPath();
    }

    private long count(String action, String color) {
        return given().header("X-API-Key", apiKey)
                .get("/v1/counts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("counts." + action + "." + color);
    }

    private void awaitCount(String action, String color, long expected) {
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(count(action, color)).isEqualTo(expected));
    }
}
