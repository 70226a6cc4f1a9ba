package io.colortracking.counter.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colortracking.events.PointerSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleCodecTest {

    @Test
    void fourDecimalPositionsTimesAreasAndClicksComeBackExactly() {
        // given: what tracker.js sends, positions with 4 decimals, the edges included
        Random random = new Random(20);
        List<PointerSample> samples = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 200; i++) {
            t += random.nextInt(3) == 0 ? 0 : random.nextInt(100_000);
            double x = i == 0 ? 0.0 : i == 1 ? 1.0 : random.nextInt(10_001) / 10_000.0;
            double y = random.nextInt(10_001) / 10_000.0;
            samples.add(
                    new PointerSample(t, i % 7 == 0 ? "viewport" : "grid-" + (i % 3), x, y, i % 5 == 0 ? "c" : "m"));
        }

        // when
        byte[] packed = SampleCodec.encode(samples);

        // then
        assertThat(SampleCodec.decode(packed)).isEqualTo(samples);
    }

    @Test
    void aSampleTakesAboutSixBytes() {
        // given: a second of moves at 10 a second over one area
        List<PointerSample> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(new PointerSample(5_000 + i * 100L, "grid", i / 10.0, 0.5, "m"));
        }

        // when
        byte[] packed = SampleCodec.encode(samples);

        // then: 1 format + 1 count + 5 "grid" + 1 count, then 1-2 (time) + 1 (area) + 4 (x, y) a sample
        assertThat(packed.length).isLessThanOrEqualTo(8 + 10 * 7);
    }

    @Test
    void samplesOutOfTimeOrderOrATruncatedPackAreRefused() {
        assertThatThrownBy(() -> SampleCodec.encode(
                        List.of(new PointerSample(10, "grid", 0, 0, "m"), new PointerSample(9, "grid", 0, 0, "m"))))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] packed = SampleCodec.encode(List.of(new PointerSample(10, "grid", 0.5, 0.5, "m")));
        assertThatThrownBy(() -> SampleCodec.decode(java.util.Arrays.copyOf(packed, packed.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
