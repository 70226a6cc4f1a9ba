package io.colortracking.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes the timestamps of produced events exactly as {@link Instant#toString()} does
 * ({@code 2026-11-27T10:15:30.123456Z}: the fraction in groups of three digits, none when zero),
 * without {@code DateTimeFormatter}, which took a sixth of ingest's CPU in benchmark P1. Years
 * outside 0–9999 are left to Jackson's own {@link InstantSerializer}.
 */
public final class IsoInstantSerializer extends StdSerializer<Instant> {

    private static final long FIRST = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long LAST = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

    public IsoInstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        String text = format(value);
        if (text == null) {
            InstantSerializer.INSTANCE.serialize(value, generator, provider);
        } else {
            generator.writeString(text);
        }
    }

    /** @return {@code instant.toString()} for years 0 to 9999, or {@code null} */
    public static String format(Instant instant) {
        byte[] text = new byte[MAX_LENGTH];
        int end = format(instant, text, 0);
        return end < 0 ? null : new String(text, 0, end, StandardCharsets.US_ASCII);
    }

    /** The longest text {@link #format(Instant, byte[], int)} writes. */
    public static final int MAX_LENGTH = 30;

    /**
     * Writes {@code instant.toString()} for years 0 to 9999 as ASCII into {@code out} from
     * {@code at}, which has room for {@link #MAX_LENGTH} bytes; @return the position after it, or
     * -1 for other years (then nothing is written)
     */
    public static int format(Instant instant, byte[] out, int at) {
        if (instant.getEpochSecond() < FIRST || instant.getEpochSecond() > LAST) {
            return -1;
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        at = digits(out, at, time.getYear(), 4);
        out[at++] = '-';
        at = digits(out, at, time.getMonthValue(), 2);
        out[at++] = '-';
        at = digits(out, at, time.getDayOfMonth(), 2);
        out[at++] = 'T';
        at = digits(out, at, time.getHour(), 2);
        out[at++] = ':';
        at = digits(out, at, time.getMinute(), 2);
        out[at++] = ':';
        at = digits(out, at, time.getSecond(), 2);
        int nano = instant.getNano();
        if (nano != 0) {
            out[at++] = '.';
            if (nano % 1_000_000 == 0) {
                at = digits(out, at, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                at = digits(out, at, nano / 1_000, 6);
            } else {
                at = digits(out, at, nano, 9);
            }
        }
        out[at++] = 'Z';
        return at;
    }

    /** Writes {@code value} as {@code count} digits, zero-padded; @return the next position */
    private static int digits(byte[] out, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + count;
    }
}
