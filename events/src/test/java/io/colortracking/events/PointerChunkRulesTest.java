package io.colortracking.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PointerChunkRulesTest {

    private static PointerChunk chunk(int seq, PointerChunk.Viewport viewport, List<PointerSample> samples) {
        return new PointerChunk(
                "demo", UUID.randomUUID(), seq, "https://shop.example/", viewport, samples, Instant.now());
    }

    private static PointerSample move(long t, double x, double y) {
        return new PointerSample(t, "grid", x, y, "m");
    }

    @Test
    void aWellFormedChunkHasNoProblem() {
        // given
        var samples = List.of(move(0, 0, 0), move(0, 1, 1), new PointerSample(100, "viewport", 0.5, 0.5, "c"));

        // when / then
        assertThat(PointerChunkRules.problemWith(chunk(0, new PointerChunk.Viewport(390, 844), samples)))
                .isNull();
        assertThat(PointerChunkRules.problemWith(chunk(7, null, samples))).isNull();
    }

    @Test
    void eachBrokenRuleIsNamed() {
        // given
        var viewport = new PointerChunk.Viewport(800, 600);

        // when / then
        assertThat(PointerChunkRules.problemWith(chunk(-1, viewport, List.of(move(0, 0, 0)))))
                .contains("'seq'");
        assertThat(PointerChunkRules.problemWith(chunk(0, new PointerChunk.Viewport(0, 600), List.of(move(0, 0, 0)))))
                .contains("'viewport'");
        assertThat(PointerChunkRules.problemWith(chunk(0, viewport, List.of()))).contains("1 to 200");
        assertThat(PointerChunkRules.problemWith(chunk(0, viewport, List.of(move(10, 0, 0), move(9, 0, 0)))))
                .contains("samples[1]")
                .contains("time order");
        assertThat(PointerChunkRules.problemWith(chunk(0, viewport, List.of(move(-1, 0, 0)))))
                .contains("t_ms");
        assertThat(PointerChunkRules.problemWith(chunk(0, viewport, List.of(move(0, 1.01, 0)))))
                .contains("x and y");
        assertThat(PointerChunkRules.problemWith(chunk(0, viewport, List.of(move(0, Double.NaN, 0)))))
                .contains("x and y");
        assertThat(PointerChunkRules.problemWith(chunk(0, viewport, List.of(new PointerSample(0, "Grid!", 0, 0, "m")))))
                .contains("area");
        assertThat(PointerChunkRules.problemWith(chunk(0, viewport, List.of(new PointerSample(0, "grid", 0, 0, "k")))))
                .contains("\"m\"");
    }

    @Test
    void aReceiptTimeTheDatabaseCannotHoldIsRefused() {
        // given
        var samples = List.of(move(0, 0, 0));

        // when / then
        assertThat(PointerChunkRules.problemWith(new PointerChunk(
                        "demo", UUID.randomUUID(), 0, null, null, samples, Instant.parse("+10000-01-01T00:00:00Z"))))
                .contains("received_at");
        assertThat(PointerChunkRules.problemWith(
                        new PointerChunk("demo", UUID.randomUUID(), 0, null, null, samples, null)))
                .contains("received_at");
    }

    @Test
    void moreThanTwoHundredSamplesAreRefused() {
        // given
        List<PointerSample> samples = new ArrayList<>();
        for (int i = 0; i <= PointerChunkRules.MAX_SAMPLES; i++) {
            samples.add(move(i, 0.5, 0.5));
        }

        // when / then
        assertThat(PointerChunkRules.problemWith(chunk(0, null, samples))).contains("at most 200");
        assertThat(PointerChunkRules.problemWith(chunk(0, null, samples.subList(0, 200))))
                .isNull();
    }
}
