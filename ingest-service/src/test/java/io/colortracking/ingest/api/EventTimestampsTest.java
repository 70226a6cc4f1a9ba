package io.colortracking.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An event's {@code occurred_at} is read as {@link Instant#parse} reads it, whichever way
 * ({@link EventParser#instant}: the browsers' form directly, the rest by {@code Instant.parse}).
 */
class EventTimestampsTest {

    @Test
    void timestampsAsBrowsersWriteThemAreReadExactly() {
        // given: Date.toISOString()'s form (milliseconds, always three digits) over four centuries,
        // and the same instants with 1 to 9 fraction digits
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            long second = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond()
                    + (long) (random.nextDouble() * 12_600_000_000L);
            Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
            String millis =
                    instant.toString().substring(0, 19) + "." + "%03d".formatted(instant.getNano() / 1_000_000) + "Z";
            int digits = 1 + random.nextInt(9);
            String fraction = instant.toString().substring(0, 19) + "."
                    + "%09d".formatted(instant.getNano()).substring(0, digits) + "Z";

            // when / then
            for (String text : List.of(millis, fraction, instant.toString())) {
                assertThat(EventParser.instant(text)).as(text).isEqualTo(Instant.parse(text));
            }
        }
    }

    @Test
    void everyOtherTextIsReadOrRefusedAsInstantParseDoes() {
        // given: texts off the direct way, some read by Instant.parse (offsets, a leap second, 24:00
        // as the next midnight) and some refused (days out of range, lower case, spaces, other types)
        List<Object> texts = List.of(
                "2026-11-27T10:15:30+01:00",
                "2026-11-27T10:15:30-05:30",
                "2016-12-31T23:59:60Z",
                "2026-11-27T10:15:30z",
                "2026-11-27T10:15Z",
                "2026-11-27T10:15:30.1234567891Z",
                "2026-13-27T10:15:30Z",
                "2026-02-29T10:15:30Z",
                "2024-02-29T10:15:30Z",
                "2026-04-31T10:15:30Z",
                "2026-11-27T24:00:00Z",
                "2026-11-27T23:60:00Z",
                "+12026-11-27T10:15:30Z",
                "0000-01-01T00:00:00Z",
                "2026-11-27 10:15:30Z",
                "2026-11-27T10:15:30.Z",
                "2026-1a-27T10:15:30Z",
                "2026-11-27T10:15:30.12a4Z",
                "",
                "x",
                1764238530L);
        for (Object text : texts) {
            // when
            Instant read = EventParser.instant(text);

            // then
            assertThat(read).as(String.valueOf(text)).isEqualTo(standard(text));
        }
    }

    private static Instant standard(Object text) {
        if (!(text instanceof String string)) {
            return null;
        }
        try {
            return Instant.parse(string);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
