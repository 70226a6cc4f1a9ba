package io.colortracking.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The JSON Schema beside each record must describe what the record really puts on the wire. */
class MessageSchemasTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void colorEventWithEveryFieldMatchesItsSchema() throws IOException {
        // given
        var event = new ColorEvent(
                UUID.randomUUID(),
                "demo",
                Action.CLICK,
                "red",
                Instant.parse("2026-11-27T10:00:00Z"),
                Instant.parse("2026-11-27T10:00:01Z"),
                "https://shop.example/",
                "grid",
                0.25,
                0.75);

        // when
        JsonNode json = mapper.valueToTree(event);

        // then
        JsonNode schema = schema("ColorEvent");
        assertThat(fieldNames(json)).isEqualTo(fieldNames(schema.get("properties")));
        assertThat(json.get("action").asText()).isEqualTo("click");
        assertThat(json.get("occurred_at").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(mapper.treeToValue(json, ColorEvent.class)).isEqualTo(event);
    }

    @Test
    void colorEventLeavesOutAbsentOptionalFieldsButKeepsEveryRequiredOne() throws IOException {
        // given
        var event = new ColorEvent(
                UUID.randomUUID(), "demo", Action.HOVER, "blue", Instant.now(), Instant.now(), null, null, null, null);

        // when
        JsonNode json = mapper.valueToTree(event);

        // then
        assertThat(fieldNames(json)).isEqualTo(required(schema("ColorEvent")));
    }

    @Test
    void colorAggregateMatchesItsSchemaAndIsKeyedByCounter() throws IOException {
        // given
        var aggregate = new ColorAggregate("demo", Action.HOVER, "green", 12, 3, Instant.now());

        // when
        JsonNode json = mapper.valueToTree(aggregate);

        // then
        assertThat(fieldNames(json))
                .isEqualTo(fieldNames(schema("ColorAggregate").get("properties")));
        assertThat(fieldNames(json)).isEqualTo(required(schema("ColorAggregate")));
        assertThat(aggregate.key()).isEqualTo("demo:hover:green");
    }

    @Test
    void heatGridMatchesItsSchemaAndIsKeyedByGrid() throws IOException {
        // given
        long[] dense = new long[HeatGrid.CELLS];
        dense[HeatGrid.indexOf(3, 31)] = 7;
        var grid = HeatGrid.of("demo", "grid", Action.CLICK, "red", dense, 2, Instant.parse("2026-11-30T10:00:00Z"));

        // when
        JsonNode json = mapper.valueToTree(grid);

        // then
        assertThat(fieldNames(json)).isEqualTo(fieldNames(schema("HeatGrid").get("properties")));
        assertThat(fieldNames(json)).isEqualTo(required(schema("HeatGrid")));
        assertThat(json.get("cells").toString()).isEqualTo("[[3,31,7]]");
        assertThat(grid.key()).isEqualTo("demo:grid:click:red");
        assertThat(mapper.treeToValue(json, HeatGrid.class).dense()).isEqualTo(dense);
    }

    @Test
    void apiKeyMatchesItsSchema() throws IOException {
        // given
        var key = new ApiKey(
                "shop", "Shop", List.of("https://shop.example"), 100, Instant.now(), false, true, "ab".repeat(32));

        // when
        JsonNode json = mapper.valueToTree(key);

        // then
        assertThat(fieldNames(json)).isEqualTo(fieldNames(schema("ApiKey").get("properties")));
        assertThat(mapper.treeToValue(json, ApiKey.class)).isEqualTo(key);
    }

    @Test
    void apiKeyWithoutReadTokenLeavesItsHashOutAndOlderRecordsStillRead() throws IOException {
        // given
        var key = new ApiKey("shop", "Shop", List.of(), 100, Instant.parse("2026-11-30T10:00:00Z"), false);

        // when
        JsonNode json = mapper.valueToTree(key);
        ApiKey older = mapper.readValue(
                "{\"api_key\":\"shop\",\"name\":\"Shop\",\"allowed_origins\":[],\"rate_limit_per_second\":100,"
                        + "\"created_at\":\"2026-11-30T10:00:00Z\",\"revoked\":false}",
                ApiKey.class);

        // then
        assertThat(json.has("read_token_sha256")).isFalse();
        assertThat(json.get("pointer_tracking").asBoolean()).isFalse();
        Set<String> written = fieldNames(json);
        written.remove("pointer_tracking");
        assertThat(written).isEqualTo(required(schema("ApiKey")));
        assertThat(older).isEqualTo(key);
    }

    @Test
    void pointerChunkMatchesItsSchemaWithSamplesAsArraysAndIsKeyedBySession() throws IOException {
        // given
        var chunk = new PointerChunk(
                "demo",
                UUID.fromString("3f0c9a52-1c1e-4b59-9e0e-2f6b1d6a7c11"),
                3,
                "https://shop.example/",
                new PointerChunk.Viewport(1280, 800),
                List.of(
                        new PointerSample(0, "grid", 0.25, 0.5, "m"),
                        new PointerSample(120, "viewport", 1.0, 0.0, "c")),
                Instant.parse("2026-11-30T10:00:00Z"));

        // when
        JsonNode json = mapper.valueToTree(chunk);

        // then
        assertThat(fieldNames(json)).isEqualTo(fieldNames(schema("PointerChunk").get("properties")));
        assertThat(json.get("samples").toString())
                .isEqualTo("[[0,\"grid\",0.25,0.5,\"m\"],[120,\"viewport\",1.0,0.0,\"c\"]]");
        assertThat(mapper.treeToValue(json, PointerChunk.class)).isEqualTo(chunk);
        assertThat(chunk.key()).isEqualTo("3f0c9a52-1c1e-4b59-9e0e-2f6b1d6a7c11");
        assertThat(chunk.clicks()).isEqualTo(1);
        assertThat(PointerChunkRules.problemWith(chunk)).isNull();
    }

    @Test
    void unknownActionNamesReadAsNull() {
        // when / then
        assertThat(Action.fromWireName("click")).isEqualTo(Action.CLICK);
        assertThat(Action.fromWireName("CLICK")).isNull();
        assertThat(Action.fromWireName("scroll")).isNull();
    }

    private JsonNode schema(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name + ".schema.json")) {
            assertThat(in).as("schema file beside " + name).isNotNull();
            return mapper.readTree(in);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> required(JsonNode schema) {
        Set<String> names = new HashSet<>();
        schema.get("required").forEach(n -> names.add(n.asText()));
        return names;
    }
}
