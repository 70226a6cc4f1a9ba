package io.colortracking.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batch is read token by token and everything else as a tree ({@link BatchBody}); whichever way
 * a body is read, each event is judged the same and a refused body gets the same answer.
 */
class BatchBodyTest {

    private static final Instant NOW = Instant.parse("2026-11-30T20:00:00Z");
    private final BatchBody body = new BatchBody(5);
    private final EventParser parser = new EventParser(
            new LinkedHashSet<>(List.of("blue", "green", "red", "yellow")),
            Duration.ofMinutes(5),
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** Events valid and not, each as a client could write it. */
    static Stream<String> events() {
        return Stream.of(
                "{\"action\":\"click\",\"color\":\"red\"}",
                "{\"color\":\"red\",\"action\":\"hover\",\"id\":\"3f0c9a52-1c1e-4b59-9e0e-2f6b1d6a7c11\"}",
                "{\"action\":\"click\",\"color\":\"red\",\"occurred_at\":\"2026-11-30T19:59:00.123Z\","
                        + "\"page\":\"https://shop.example/caf\\u00e9?q=\\\"x\\\"\",\"x\":0.25,\"y\":1,\"area\":\"grid\"}",
                "{\"action\":\"click\",\"color\":\"red\",\"x\":0.5,\"y\":0.5}",
                "{\"action\":\"click\",\"color\":\"red\",\"x\":12345678901234567890123,\"y\":0}",
                "{\"action\":\"click\",\"color\":\"red\",\"x\":null,\"y\":null,\"page\":null,\"id\":null}",
                "{\"action\":\"click\",\"color\":\"red\",\"x\":\"0.5\",\"y\":0.5}",
                "{\"action\":\"click\",\"color\":\"red\",\"x\":0.5}",
                "{\"action\":\"click\",\"color\":\"red\",\"x\":1.5,\"y\":0.5}",
                "{\"action\":\"click\",\"color\":\"red\",\"x\":[1],\"y\":{\"a\":1}}",
                "{\"action\":\"click\",\"color\":\"red\",\"y\":true,\"x\":0}",
                "{\"action\":\"click\",\"color\":\"red\",\"area\":7,\"x\":0,\"y\":0}",
                "{\"action\":\"click\",\"color\":\"red\",\"area\":\"Bad Area\",\"x\":0,\"y\":0}",
                "{\"action\":\"jump\",\"color\":\"red\"}",
                "{\"action\":5,\"color\":\"red\"}",
                "{\"action\":{\"a\":[1,2,{\"b\":\"a very long value that is cut short in the message\"}]},\"color\":\"red\"}",
                "{\"action\":\"click\",\"color\":\"purple\"}",
                "{\"action\":\"click\",\"color\":[\"red\"]}",
                "{\"action\":\"click\",\"color\":null}",
                "{\"color\":\"red\"}",
                "{\"action\":\"click\"}",
                "{\"action\":\"click\",\"color\":\"red\",\"id\":\"not-a-uuid\"}",
                "{\"action\":\"click\",\"color\":\"red\",\"id\":42}",
                "{\"action\":\"click\",\"color\":\"red\",\"occurred_at\":\"yesterday\"}",
                "{\"action\":\"click\",\"color\":\"red\",\"occurred_at\":\"2027-01-01T00:00:00Z\"}",
                "{\"action\":\"click\",\"color\":\"red\",\"occurred_at\":1796067550}",
                "{\"action\":\"click\",\"color\":\"red\",\"page\":42}",
                "{\"action\":\"click\",\"color\":\"red\",\"page\":\"a\\u0001b\"}",
                "{\"action\":\"click\",\"color\":\"red\",\"page\":\"\\ud800\"}",
                "{\"action\":\"click\",\"color\":\"red\",\"colour\":\"red\",\"zzz\":{\"deep\":[1]}}",
                "{\"zzz\":{\"deep\":[1]},\"action\":5}",
                "{}",
                "[]",
                "\"click\"",
                "42",
                "null");
    }

    @ParameterizedTest
    @MethodSource("events")
    void anEventInABatchIsJudgedAsTheSameEventSentAlone(String event) {
        // given: the event in a batch, read token by token, and alone, read as a tree
        String batch = "{\"events\":[{\"action\":\"click\",\"color\":\"blue\"}," + event + "]}";

        // when
        BatchBody.Read inBatch = body.read(batch.getBytes(StandardCharsets.UTF_8));
        BatchBody.Read alone = body.read(event.getBytes(StandardCharsets.UTF_8));

        // then: the batch took the token-by-token way (it never fell back to the tree) ...
        assertThat(body.readBatch(batch.getBytes(StandardCharsets.UTF_8)))
                .as("read token by token")
                .isNotNull();
        // ... and its event is judged as the event alone
        assertThat(inBatch.refusal()).isNull();
        assertThat(inBatch.items()).hasSize(2);
        assertThat(judged(inBatch.items().get(1)))
                .isEqualTo(judged(alone.items().get(0)));
    }

    /** Bodies refused whole, or read as the tree, including shapes a batch can almost have. */
    static Stream<String> bodies() {
        List<String> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add("{\"action\":\"click\",\"color\":\"red\"}");
        }
        return Stream.of(
                "{\"events\":[]}",
                "{\"events\":[" + String.join(",", six) + "]}",
                "{\"events\":[" + String.join(",", six) + "",
                "{\"events\":[{\"action\":\"click\",\"color\":\"red\"}]} trailing",
                "{\"events\":[{\"action\":\"click\",\"color\":\"red\"}]}{}",
                "{\"events\":[{\"action\":\"click\",\"color\":\"red\"}],\"more\":1}",
                "{\"events\":[{\"action\":\"click\",\"color\":\"red\"}],\"events\":[]}",
                "{\"events\":[{\"action\":\"click\",\"color\":\"red\",\"color\":\"blue\"}]}",
                "{\"events\":[{\"action\":\"click\",\"color\":\"red\",\"x\":[[[[[[[[[1]]]]]]]]]}]}",
                "{\"events\":{\"action\":\"click\"}}",
                "{\"events\":5}",
                "{\"events\":[1,2,\"three\",null,[]]}",
                "{\"action\":\"click\",\"color\":\"red\",\"events\":[]}",
                "{\"events\":[{\"action\":\"click\",\"color\":\"red\"}",
                "{\"events\":[{\"action\":\"click\",\"color\":'red'}]}",
                "",
                "   ");
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void aBodyRefusedWholeOrReadAsATreeGetsTheAnswerTheTreeGives(String text) {
        // when
        BatchBody.Read read = body.read(text.getBytes(StandardCharsets.UTF_8));

        // then
        BatchBody.Read tree = body.readTree(text.getBytes(StandardCharsets.UTF_8));
        assertThat(read.refusal()).isEqualTo(tree.refusal());
        assertThat(read.detail()).isEqualTo(tree.detail());
        assertThat(read.items().stream().map(this::judged).toList())
                .isEqualTo(tree.items().stream().map(this::judged).toList());
    }

    /** The verdict on one event, its id left out when ingest made it (a new one each time). */
    private String judged(EventFields fields) {
        EventParser.Parsed parsed = parser.parse(fields, "ct_live_test", NOW);
        if (parsed.error() != null) {
            return "error: " + parsed.error();
        }
        String event = parsed.event().toString();
        return parsed.idGiven() ? event : event.replaceFirst("id=[0-9a-f-]{36}", "id=(made by ingest)");
    }
}
