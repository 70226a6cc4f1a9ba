package io.colortracking.counter.replay;

import io.colortracking.events.PointerSample;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chunk's samples packed for storage, about 6 bytes a sample instead of a row each: a format
 * byte; the chunk's area names (a count, then each as length and UTF-8); the sample count; then per
 * sample the time since the sample before as a varint (the first: since the session's start), a
 * varint of the area's index times two plus one for a click, and x and y as unsigned 16-bit
 * fractions of 65,535. A position comes back rounded to 4 decimals (1/10,000 of the area, what
 * tracker.js sends): 1/65,535 is finer, so a 4-decimal position comes back exactly.
 */
public final class SampleCodec {

    private static final int FORMAT = 1;
    private static final double SCALE = 65_535.0;

    private SampleCodec() {}

    public static byte[] encode(List<PointerSample> samples) {
        Map<String, Integer> areas = new LinkedHashMap<>();
        samples.forEach(sample -> areas.putIfAbsent(sample.area(), areas.size()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + samples.size() * 7);
        out.write(FORMAT);
        varint(out, areas.size());
        for (String area : areas.keySet()) {
            byte[] name = area.getBytes(StandardCharsets.UTF_8);
            varint(out, name.length);
            out.write(name, 0, name.length);
        }
        varint(out, samples.size());
        long previous = 0;
        for (PointerSample sample : samples) {
            varint(out, sample.t() - previous);
            previous = sample.t();
            varint(out, areas.get(sample.area()) * 2L + (sample.isClick() ? 1 : 0));
            fraction(out, sample.x());
            fraction(out, sample.y());
        }
        return out.toByteArray();
    }

    public static List<PointerSample> decode(byte[] packed) {
        Reader in = new Reader(packed);
        int format = in.next();
        if (format != FORMAT) {
            throw new IllegalArgumentException("Unknown sample format " + format);
        }
        int areaCount = (int) in.varint();
        List<String> areas = new ArrayList<>(areaCount);
        for (int i = 0; i < areaCount; i++) {
            int length = (int) in.varint();
            areas.add(new String(packed, in.skip(length), length, StandardCharsets.UTF_8));
        }
        int count = (int) in.varint();
        List<PointerSample> samples = new ArrayList<>(count);
        long t = 0;
        for (int i = 0; i < count; i++) {
            t += in.varint();
            long areaAndKind = in.varint();
            double x = in.fraction();
            double y = in.fraction();
            samples.add(new PointerSample(
                    t,
                    areas.get((int) (areaAndKind >>> 1)),
                    x,
                    y,
                    (areaAndKind & 1) == 1 ? PointerSample.CLICK : PointerSample.MOVE));
        }
        return samples;
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("Samples must come in time order");
        }
        while (value >= 0x80) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static void fraction(ByteArrayOutputStream out, double value) {
        int scaled = (int) Math.round(Math.max(0.0, Math.min(1.0, value)) * SCALE);
        out.write(scaled >>> 8);
        out.write(scaled & 0xff);
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int next() {
            if (position >= bytes.length) {
                throw new IllegalArgumentException("Packed samples end too early");
            }
            return bytes[position++] & 0xff;
        }

        int skip(int length) {
            int start = position;
            position += length;
            if (position > bytes.length) {
                throw new IllegalArgumentException("Packed samples end too early");
            }
            return start;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = next();
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("A varint is too long");
        }

        double fraction() {
            int scaled = (next() << 8) | next();
            return Math.round(scaled / SCALE * 10_000) / 10_000.0;
        }
    }
}
