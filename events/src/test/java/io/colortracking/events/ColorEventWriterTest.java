package io.colortracking.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ingest's event writer makes exactly the bytes the databind writer makes, whatever the event holds. */
class ColorEventWriterTest {

    private final ObjectWriter databind = JsonMessages.mapper().writerFor(ColorEvent.class);

    @Test
    void randomEventsAreWrittenByteForByteAsDatabindWritesThem() throws Exception {
        // given: events with and without their optional fields, pages of any text, timestamps of any
        // precision, the key and the timestamps now the previous event's and now not
        Random random = new Random(21);
        ColorEventWriter writer = new ColorEventWriter();
        Instant batchTime = Instant.parse("2026-11-30T19:00:00.123Z");
        for (int i = 0; i < 50_000; i++) {
            if (i % 100 == 0) {
                batchTime = instant(random); // a batch's events share received_at
            }
            Instant occurred = random.nextInt(3) == 0 ? batchTime : instant(random);
            boolean positioned = random.nextBoolean();
            ColorEvent event = new ColorEvent(
                    new UUID(random.nextLong(), random.nextLong()),
                    List.of("ct_live_a", "ct_live_b", "ct_live_c").get(random.nextInt(i % 3 == 0 ? 3 : 1)),
                    random.nextBoolean() ? Action.CLICK : Action.HOVER,
                    List.of("blue", "green", "red", "yellow").get(random.nextInt(4)),
                    occurred,
                    batchTime,
                    random.nextInt(4) == 0 ? null : text(random),
                    positioned ? (random.nextBoolean() ? "element" : text(random)) : null,
                    positioned ? number(random) : null,
                    positioned ? number(random) : null);

            // when
            byte[] written = writer.write(event);

            // then
            assertThat(new String(written, StandardCharsets.UTF_8))
                    .isEqualTo(new String(databind.writeValueAsBytes(event), StandardCharsets.UTF_8));
            assertThat(written).isEqualTo(databind.writeValueAsBytes(event));
        }
    }

    @Test
    void everyCharacterOfTheBasicPlaneAndSurrogatePairsAreWrittenAsDatabindWritesThem() throws Exception {
        // given: pages holding every char from U+0000 to U+FFFF, 64 to a page, and pairs such as an emoji
        ColorEventWriter writer = new ColorEventWriter();
        List<String> pages = new ArrayList<>();
        for (int start = 0; start < 0x10000; start += 64) {
            StringBuilder page = new StringBuilder();
            for (int c = start; c < start + 64; c++) {
                page.append((char) c);
            }
            pages.add(page.toString());
        }
        pages.add("https://shop.example/caf\u00e9?q=\"a\\b\"&e=\ud83d\ude00");
        pages.add("");
        for (String page : pages) {
            ColorEvent event = new ColorEvent(
                    UUID.randomUUID(),
                    "ct_live_key",
                    Action.CLICK,
                    "red",
                    Instant.parse("2026-11-30T19:00:00Z"),
                    Instant.parse("2026-11-30T19:00:00.000001Z"),
                    page,
                    null,
                    null,
                    null);

            // when / then
            assertThat(writer.write(event)).as(page).isEqualTo(databind.writeValueAsBytes(event));
        }
    }

    @Test
    void theEdgesOfTimeAndNumberAreWrittenAsDatabindWritesThem() throws Exception {
        // given
        ColorEventWriter writer = new ColorEventWriter();
        List<Instant> instants = List.of(
                Instant.EPOCH,
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.5Z"),
                Instant.parse("+10000-01-01T00:00:00.000000001Z"),
                Instant.MAX,
                Instant.MIN);
        double[] numbers = {0.0, -0.0, 1.0, 0.5, 1e-5, 1.0e-300, Double.MIN_VALUE, 0.1 + 0.2, 0.99999999999999};
        for (Instant instant : instants) {
            for (double number : numbers) {
                ColorEvent event = new ColorEvent(
                        UUID.randomUUID(),
                        "ct_live_key",
                        Action.HOVER,
                        "blue",
                        instant,
                        Instant.parse("2026-11-30T19:00:00Z"),
                        null,
                        "grid",
                        number,
                        1 - number);

                // when / then
                assertThat(new String(writer.write(event), StandardCharsets.UTF_8))
                        .isEqualTo(new String(databind.writeValueAsBytes(event), StandardCharsets.UTF_8));
            }
        }
    }

    private static Instant instant(Random random) {
        int[] steps = {1_000_000_000, 1_000_000, 1_000, 1};
        int step = steps[random.nextInt(4)];
        long second = 946_684_800L + (long) (random.nextDouble() * 1_000_000_000L);
        return Instant.ofEpochSecond(second, step == 1_000_000_000 ? 0 : random.nextInt(1_000_000_000 / step) * step);
    }

    /** Mostly URL-like ASCII, with quotes, backslashes, control characters, accents, CJK and emoji mixed in. */
    private static String text(Random random) {
        String[] pieces = {
            "https://shop.example/",
            "a",
            "/",
            "?q=",
            "\"",
            "\\",
            "\n",
            "\t",
            "\u0001",
            "\u001f",
            "\u007f",
            "\u00e9",
            "\u0800",
            "\u4e2d",
            "\uffff",
            "\ud83d\ude00",
            "\ud800",
            "\udfff",
            " ",
            "%20"
        };
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private static double number(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextDouble();
            case 1 -> Math.round(random.nextDouble() * 10_000) / 10_000.0;
            case 2 -> random.nextDouble() * 1e-6;
            default -> random.nextInt(2);
        };
    }
}
