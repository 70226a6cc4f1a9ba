package io.colortracking.counter.messaging;

import static io.colortracking.counter.CounterTestEvents.event;
import static io.colortracking.testing.PrometheusText.value;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colortracking.counter.CounterKeys;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.PostgresTestResource;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ConsumerMetricsTest {

    @Test
    void countedEventsDeadLettersBatchesAndLagAreMeasured() {
        // given
        String apiKey = CounterKeys.active("metrics");
        String before = metrics();

        // when: 3 events and a poison record
        TopicRecords.write(
                Topics.HOVER_ON_COLORS,
                List.of(
                        event(apiKey, "hover", "red"),
                        event(apiKey, "hover", "red"),
                        Map.entry(apiKey, "not json"),
                        event(apiKey, "hover", "blue")));

        // then
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String after = metrics();
            assertThat(value(after, "colortracking_counter_events_counted_total")
                            - value(before, "colortracking_counter_events_counted_total"))
                    .isGreaterThanOrEqualTo(3);
            assertThat(value(after, "colortracking_counter_dlq_records_total")
                            - value(before, "colortracking_counter_dlq_records_total"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(after, "colortracking_counter_batch_size_count")
                            - value(before, "colortracking_counter_batch_size_count"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(after)
                    .contains("colortracking_counter_batch_duration_seconds_bucket")
                    .contains("colortracking_counter_consumer_lag ");
        });
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
