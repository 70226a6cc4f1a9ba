package io.colortracking.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** asyncapi.yaml describes exactly the topics of the catalog: names, keys, payload schemas, policies. */
class AsyncApiTest {

    private final JsonNode document = read();

    @Test
    void itIsAnAsyncApi3DocumentWithOneChannelPerCatalogTopic() {
        // when
        List<String> addresses = new ArrayList<>();
        document.get("channels")
                .forEach(channel -> addresses.add(channel.get("address").asText()));

        // then
        assertThat(document.get("asyncapi").asText()).startsWith("3.");
        assertThat(addresses)
                .containsExactlyInAnyOrderElementsOf(
                        Topics.CATALOG.stream().map(Topic::name).toList());
    }

    @Test
    void eachChannelsMessageHasTheCatalogsKeyPayloadSchemaAndPolicy() {
        for (Topic topic : Topics.CATALOG) {
            // given
            JsonNode channel = document.get("channels").get(topic.name());

            // when
            JsonNode message = resolve(channel.get("messages").elements().next());
            JsonNode policy = channel.at("/bindings/kafka/topicConfiguration");

            // then
            assertThat(message.at("/bindings/kafka/key/description").asText())
                    .as(topic.name())
                    .isEqualTo(topic.key());
            assertThat(policy.get("cleanup.policy").get(0).asText())
                    .as(topic.name())
                    .isEqualTo(topic.config().get(TopicConfig.CLEANUP_POLICY_CONFIG));
            String retention = topic.config().get(TopicConfig.RETENTION_MS_CONFIG);
            assertThat(policy.has("retention.ms") ? policy.get("retention.ms").asText() : null)
                    .as(topic.name())
                    .isEqualTo(retention);
            if (topic.schema() == null) {
                assertThat(message.at("/payload/schema").isMissingNode())
                        .as(topic.name())
                        .isTrue();
                assertThat(message.at("/headers/required").toString()).contains(Topics.DLQ_REASON, Topics.DLQ_SOURCE);
            } else {
                assertThat(message.at("/payload/schema/$ref").asText())
                        .as(topic.name())
                        .isEqualTo("./" + topic.schema());
                assertThat(Topic.class.getResource(topic.schema()))
                        .as(topic.schema())
                        .isNotNull();
            }
        }
    }

    @Test
    void everyOperationNamesAChannelOfTheDocument() {
        document.get("operations").forEach(operation -> {
            String ref = operation.at("/channel/$ref").asText();
            assertThat(ref).startsWith("#/channels/");
            assertThat(document.get("channels").has(ref.substring("#/channels/".length())))
                    .as(ref)
                    .isTrue();
        });
    }

    private JsonNode resolve(JsonNode reference) {
        String ref = reference.get("$ref").asText();
        assertThat(ref).startsWith("#/");
        return document.at(ref.substring(1));
    }

    private static JsonNode read() {
        try (InputStream in = Topic.class.getResourceAsStream("asyncapi.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
