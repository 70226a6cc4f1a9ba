package io.colortracking.counter.keys;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.PostgresTestResource;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ApiKeysPublisherTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void theKeysOutOfTheBoxAreOnTheApiKeysTopicOnceTheServiceIsReady() throws Exception {
        // given: a started service
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

        // when
        List<ConsumerRecord<String, String>> demo = TopicRecords.read(Topics.API_KEYS, r -> "demo".equals(r.key()));
        List<ConsumerRecord<String, String>> testing =
                TopicRecords.read(Topics.API_KEYS, r -> "testing".equals(r.key()));

        // then: the latest record of each is the active key, open to any origin
        assertThat(demo).isNotEmpty();
        assertThat(testing).isNotEmpty();
        JsonNode latestDemo = mapper.readTree(demo.get(demo.size() - 1).value());
        assertThat(latestDemo.get("api_key").asText()).isEqualTo("demo");
        assertThat(latestDemo.get("revoked").asBoolean()).isFalse();
        assertThat(latestDemo.get("allowed_origins")).isEmpty();
        assertThat(latestDemo.get("rate_limit_per_second").asInt()).isPositive();
        assertThat(latestDemo.get("created_at").asText()).contains("T");
    }
}
