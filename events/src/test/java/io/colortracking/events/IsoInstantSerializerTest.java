package io.colortracking.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast writing of event timestamps gives exactly what Jackson's own writing gives. */
class IsoInstantSerializerTest {

    private final ObjectMapper standard = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ObjectMapper fast = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .registerModule(new SimpleModule().addSerializer(Instant.class, new IsoInstantSerializer()));

    @Test
    void instantsOverTenThousandYearsAreWrittenAsJacksonWritesThem() throws Exception {
        // given: instants from year 0 to 9999 with second, milli, micro and nano precision
        Random random = new Random(7);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        int[] steps = {1_000_000_000, 1_000_000, 1_000, 1};
        for (int i = 0; i < 20_000; i++) {
            long second = first + (long) (random.nextDouble() * (last - first));
            int step = steps[i % 4];
            Instant instant = Instant.ofEpochSecond(
                    second, step == 1_000_000_000 ? 0 : random.nextInt(1_000_000_000 / step) * step);

            // when / then
            assertThat(fast.writeValueAsString(instant)).isEqualTo(standard.writeValueAsString(instant));
            assertThat(IsoInstantSerializer.format(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void theEdgesAndYearsBeyondFourDigitsAreWrittenAsJacksonWritesThem() throws Exception {
        // given
        List<Instant> instants = List.of(
                Instant.EPOCH,
                Instant.ofEpochSecond(0, 1),
                Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.MAX,
                Instant.MIN);
        for (Instant instant : instants) {
            // when / then
            assertThat(fast.writeValueAsString(instant))
                    .as(instant.toString())
                    .isEqualTo(standard.writeValueAsString(instant));
        }
    }
}
