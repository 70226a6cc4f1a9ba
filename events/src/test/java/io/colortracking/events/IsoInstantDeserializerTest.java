package io.colortracking.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast reading of event timestamps gives what Jackson's own reading gives, for any text. */
class IsoInstantDeserializerTest {

    private final ObjectMapper standard = new ObjectMapper().registerModule(new JavaTimeModule());
    private final ObjectMapper fast = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule().addDeserializer(Instant.class, new IsoInstantDeserializer()));

    @Test
    void instantsAsIngestWritesThemAreReadExactly() throws Exception {
        // given: instants over four centuries, with second, milli, micro and nano precision
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long second = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond()
                    + (long) (random.nextDouble() * 12_600_000_000L);
            int[] precisions = {0, 1_000_000, 1_000, 1};
            int nanos =
                    (random.nextInt(1_000_000_000) / Math.max(1, precisions[i % 4])) * Math.max(1, precisions[i % 4]);
            Instant instant = Instant.ofEpochSecond(second, i % 4 == 0 ? 0 : nanos);

            // when
            Instant read = fast.readValue("\"" + instant + "\"", Instant.class);

            // then
            assertThat(read).isEqualTo(instant);
            assertThat(IsoInstantDeserializer.parse(instant.toString())).isEqualTo(instant);
        }
    }

    @Test
    void everyOtherFormIsLeftToJacksonAndReadTheSameOrRefusedTheSame() throws Exception {
        // given: texts off the fast path, valid and invalid
        List<String> texts = List.of(
                "\"2026-11-27T10:15:30+01:00\"",
                "\"2026-11-27T10:15:30z\"",
                "\"2026-11-27T10:15Z\"",
                "\"2026-11-27T10:15:30.1234567891Z\"",
                "\"2026-13-27T10:15:30Z\"",
                "\"2026-02-30T10:15:30Z\"",
                "\"2026-11-27T24:00:00Z\"",
                "\"2026-11-27T10:15:60Z\"",
                "\"+12026-11-27T10:15:30Z\"",
                "\"2026-11-27 10:15:30Z\"",
                "\"2026-11-27T10:15:30.Z\"",
                "\"2026-1a-27T10:15:30Z\"",
                "\"\"",
                "1764238530",
                "1764238530.5",
                "\"x\"");
        for (String text : texts) {
            // when
            Object expected = readOrError(standard, text);
            Object actual = readOrError(fast, text);

            // then
            assertThat(actual).as(text).isEqualTo(expected);
        }
    }

    private static Object readOrError(ObjectMapper mapper, String json) {
        try {
            return mapper.readValue(json, Instant.class);
        } catch (Exception e) {
            return e.getClass();
        }
    }
}
