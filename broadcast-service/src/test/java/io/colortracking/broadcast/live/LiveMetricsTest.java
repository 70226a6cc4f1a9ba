package io.colortracking.broadcast.live;

import static io.colortracking.broadcast.BroadcastTesting.activeKey;
import static io.colortracking.broadcast.BroadcastTesting.aggregate;
import static io.colortracking.broadcast.BroadcastTesting.publish;
import static io.colortracking.testing.PrometheusText.value;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.LiveClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class LiveMetricsTest {

    @TestHTTPResource("/v1/live")
    URI live;

    @Test
    void clientsFramesCoalescedUpdatesClosesAndViewLagAreMeasured() throws Exception {
        // given
        String url = live.toString().replaceFirst("^http", "ws");
        String apiKey = activeKey(url, "metrics");
        try (LiveClient client = LiveClient.connect(url + "?api_key=" + apiKey);
                LiveClient refused = LiveClient.connect(url + "?api_key=nobody-" + UUID.randomUUID())) {
            await().until(() -> !client.frames().isEmpty() && refused.closeCode() != null);

            // when
            // ten versions of one counter in one go: they meet in the same flush window
            List<java.util.Map.Entry<String, String>> versions = new java.util.ArrayList<>();
            for (int version = 1; version <= 10; version++) {
                versions.add(aggregate(apiKey, "click", "blue", version, version));
            }
            publish(versions);
            await().until(() -> client.frames().stream().anyMatch(f -> f.contains("\"amount\":10")));

            // then
            String metrics =
                    given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(value(metrics, "colortracking_broadcast_clients{endpoint=\"live\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "colortracking_broadcast_frames_sent_total{endpoint=\"live\"}"))
                    .isGreaterThanOrEqualTo(2);
            assertThat(value(metrics, "colortracking_broadcast_closes_total{reason=\"unauthorized\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "colortracking_broadcast_updates_coalesced_total"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metrics).contains("colortracking_broadcast_view_lag ");
        }
    }
}
