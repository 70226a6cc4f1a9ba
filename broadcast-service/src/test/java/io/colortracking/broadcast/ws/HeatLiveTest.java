package io.colortracking.broadcast.ws;

import static io.colortracking.broadcast.BroadcastTesting.activeKey;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.Action;
import io.colortracking.events.HeatGrid;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.LiveClient;
import io.colortracking.testing.TestMessages;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Live heatmaps: {@code /v1/live?heat=AREA}: the cells in the snapshot, then heat frames. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class HeatLiveTest {

    @TestHTTPResource("/v1/live")
    URI live;

    private final ObjectMapper mapper = new ObjectMapper();
    private String apiKey;

    @BeforeEach
    void givenAnActiveKeyOfThisTest() {
        apiKey = activeKey(ws(), "heat");
    }

    @Test
    void theSnapshotHoldsTheAskedAreasAllTimeCellsAndNothingElse() throws Exception {
        // given
        publish(
                grid(apiKey, "grid", "click", "red", 2, new long[][] {{3, 4, 7}}),
                grid(apiKey, "grid", "hover", "blue", 1, new long[][] {{31, 0, 1}}),
                grid(apiKey, "other", "click", "red", 5, new long[][] {{0, 0, 5}}));
        await().until(() -> snapshot(apiKey, "grid").at("/heat/grid").size() == 2);

        // when
        JsonNode snapshot = snapshot(apiKey, "grid,empty");
        JsonNode plain = snapshot(apiKey, null);

        // then: sorted by action, color, row, column
        assertThat(snapshot.at("/heat/grid/0/action").asText()).isEqualTo("click");
        assertThat(snapshot.at("/heat/grid/0/color").asText()).isEqualTo("red");
        assertThat(snapshot.at("/heat/grid/0/bx").asInt()).isEqualTo(3);
        assertThat(snapshot.at("/heat/grid/0/by").asInt()).isEqualTo(4);
        assertThat(snapshot.at("/heat/grid/0/amount").asLong()).isEqualTo(7);
        assertThat(snapshot.at("/heat/grid/0/version").asLong()).isEqualTo(2);
        assertThat(snapshot.at("/heat/grid/1/action").asText()).isEqualTo("hover");
        assertThat(snapshot.at("/heat/empty").isArray()).isTrue();
        assertThat(snapshot.at("/heat/empty").size()).isZero();
        assertThat(snapshot.at("/heat").has("other")).isFalse();
        assertThat(plain.has("heat")).isFalse();
        assertThat(plain.at("/counts/click/red").isNumber()).isTrue();
    }

    @Test
    void changedCellsOfTheAskedAreaComeAsHeatFramesWhoseVersionsNeverGoBack() throws Exception {
        // given
        String other = activeKey(ws(), "heat-other");
        try (LiveClient client = LiveClient.connectAdmitted(url(apiKey, "grid"), Duration.ofSeconds(5))) {
            // when: a change, a newer one, a stale one, changes of another area and tenant, then many of one grid
            publish(grid(apiKey, "grid", "click", "green", 1, new long[][] {{10, 20, 1}}));
            publish(grid(apiKey, "grid", "click", "green", 9, new long[][] {{10, 20, 9}, {11, 20, 2}}));
            publish(grid(apiKey, "grid", "click", "green", 5, new long[][] {{10, 20, 5}}));
            publish(grid(apiKey, "elsewhere", "click", "green", 1, new long[][] {{1, 1, 1}}));
            publish(grid(other, "grid", "click", "green", 1, new long[][] {{2, 2, 1}}));
            List<Map.Entry<String, String>> burst = new ArrayList<>();
            for (int version = 1; version <= 200; version++) {
                burst.add(grid(apiKey, "grid", "hover", "red", version, new long[][] {{0, 31, version}}));
            }
            TopicRecords.write(Topics.HEAT_GRIDS, burst);

            // then
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> latest(client, "hover", 0, 31) == 200 && latest(client, "click", 10, 20) == 9);
            List<JsonNode> heat = heatFrames(client);
            assertThat(heat)
                    .allSatisfy(frame -> assertThat(frame.get("area").asText()).isEqualTo("grid"));
            List<Long> versions = new ArrayList<>();
            for (JsonNode frame : heat) {
                for (JsonNode change : frame.get("changes")) {
                    assertThat(change.get("bx").asInt()).isNotEqualTo(2); // the other tenant's
                    if (change.get("action").asText().equals("hover")) {
                        assertThat(change.get("amount").asLong())
                                .isEqualTo(change.get("version").asLong());
                    } else if (change.get("bx").asInt() == 10) {
                        versions.add(change.get("version").asLong());
                    }
                }
            }
            assertThat(versions).isSortedAccordingTo(Long::compare).doesNotContain(5L);
            assertThat(latest(client, "click", 11, 20)).isEqualTo(2);
            // coalesced: 200 changes of one grid reach the client in far fewer frames (a frame per
            // change would be 200; one per 50 ms flush over a burst that lands within a second is ~20)
            assertThat(heat.size()).isLessThan(100);
        }
    }

    @Test
    void onlyTheCellsOfAGridThatChangedAreSent() throws Exception {
        // given
        publish(grid(apiKey, "grid", "click", "blue", 1, new long[][] {{0, 0, 1}, {5, 5, 1}}));
        await().until(() -> snapshot(apiKey, "grid").at("/heat/grid").size() == 2);
        try (LiveClient client = LiveClient.connectAdmitted(url(apiKey, "grid"), Duration.ofSeconds(5))) {
            // when: one cell of the two grows
            publish(grid(apiKey, "grid", "click", "blue", 2, new long[][] {{0, 0, 1}, {5, 5, 4}}));

            // then
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !heatFrames(client).isEmpty());
            JsonNode frame = heatFrames(client).get(0);
            assertThat(frame.get("changes")).hasSize(1);
            assertThat(frame.at("/changes/0/bx").asInt()).isEqualTo(5);
            assertThat(frame.at("/changes/0/amount").asLong()).isEqualTo(4);
            assertThat(frame.at("/changes/0/version").asLong()).isEqualTo(2);
        }
    }

    @Test
    void aRecordTheViewCannotTakeIsSkippedAndTheNextOnesStillArrive() throws Exception {
        try (LiveClient client = LiveClient.connectAdmitted(url(apiKey, "grid"), Duration.ofSeconds(5))) {
            // when: an unknown action, a cell outside the grid, then a good grid
            String key = apiKey + ":grid:click:red";
            TopicRecords.write(
                    Topics.HEAT_GRIDS,
                    List.of(
                            Map.entry(key, """
                                    {"api_key":"%s","area":"grid","action":"scroll","color":"red","cells":[[1,1,1]],\
                                    "version":1,"updated_at":"2026-11-30T10:00:00Z"}""".formatted(apiKey)),
                            Map.entry(key, """
                                    {"api_key":"%s","area":"grid","action":"click","color":"red","cells":[[40,1,1]],\
                                    "version":2,"updated_at":"2026-11-30T10:00:00Z"}""".formatted(apiKey)),
                            grid(apiKey, "grid", "click", "red", 3, new long[][] {{7, 7, 7}})));

            // then
            await().atMost(Duration.ofSeconds(5)).until(() -> latest(client, "click", 7, 7) == 7);
            assertThat(heatFrames(client)).hasSize(1);
            given().get(live.resolve("/q/health/ready").toString()).then().statusCode(200);
        }
    }

    @Test
    void aHeatParameterThatIsNotAListOfAreasIsRefused() throws Exception {
        for (String bad : new String[] {"Grid", "a,,b", "a,b,c,d,e", "", "x".repeat(33)}) {
            try (LiveClient client = LiveClient.connect(url(apiKey, bad))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> client.closeCode() != null);
                assertThat(client.closeCode()).as(bad).isEqualTo(1008);
                assertThat(client.closeReason()).contains("'heat'");
                assertThat(client.frames()).isEmpty();
            }
        }
        given().get(live.resolve("/v1/live/sse") + "?api_key=" + apiKey + "&heat=a,b,c,d,e")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("at most 4 areas"));
    }

    private JsonNode snapshot(String key, String heat) throws Exception {
        try (LiveClient client = LiveClient.connect(url(key, heat))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.frames().isEmpty());
            return mapper.readTree(client.frames().get(0));
        }
    }

    private List<JsonNode> heatFrames(LiveClient client) throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        for (String frame : client.frames()) {
            JsonNode json = mapper.readTree(frame);
            if (json.get("type").asText().equals("heat")) {
                frames.add(json);
            }
        }
        return frames;
    }

    /** The latest amount the client was sent for the cell, or -1. */
    private long latest(LiveClient client, String action, int bx, int by) throws Exception {
        long amount = -1;
        for (JsonNode frame : heatFrames(client)) {
            for (JsonNode change : frame.get("changes")) {
                if (change.get("action").asText().equals(action)
                        && change.get("bx").asInt() == bx
                        && change.get("by").asInt() == by) {
                    amount = change.get("amount").asLong();
                }
            }
        }
        return amount;
    }

    private String ws() {
        return live.toString().replaceFirst("^http", "ws");
    }

    private String url(String key, String heat) {
        return ws() + "?api_key=" + key + (heat == null ? "" : "&heat=" + heat);
    }

    @SafeVarargs
    private static void publish(Map.Entry<String, String>... grids) {
        TopicRecords.write(Topics.HEAT_GRIDS, List.of(grids));
    }

    /** A heatmap as counter-service publishes it, from [bx, by, amount] cells. */
    private static Map.Entry<String, String> grid(
            String apiKey, String area, String action, String color, long version, long[][] cells) {
        long[] dense = new long[HeatGrid.CELLS];
        for (long[] cell : cells) {
            dense[HeatGrid.indexOf((int) cell[0], (int) cell[1])] = cell[2];
        }
        HeatGrid grid = HeatGrid.of(apiKey, area, Action.fromWireName(action), color, dense, version, Instant.now());
        return Map.entry(grid.key(), TestMessages.json(grid));
    }
}
