package io.colortracking.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes a {@link ColorEvent} as the bytes Jackson's databind writer makes of it (with
 * {@link EventTimestamps}): the record's field order, {@code null}s left out, timestamps as
 * {@link Instant#toString()}, numbers as {@link Double#toString(double)} (finite ones: an event's
 * position is checked to lie from 0 to 1 before it is written), strings escaped as Jackson
 * escapes them ({@code \"}, {@code \\}, {@code \b \t \n \f \r}, other control characters and every
 * UTF-16 surrogate as {@code \\uXXXX}, the rest as UTF-8). {@code ColorEventWriterTest} holds it to
 * that, byte for byte.
 *
 * <p>Why not databind: it took over half of ingest's serving thread in benchmark P1 (reflective
 * record accessors, a generator per event, the timestamps formatted twice per event); see
 * bench/README.md. One writer serves one batch on one thread: it keeps the last key's text, since a
 * batch's events share their {@code api_key}; timestamps are written straight into its buffer.
 */
public final class ColorEventWriter {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer = new byte[256];
    private int length;
    private String lastApiKey;
    private byte[] lastApiKeyText;

    /** @return the event's JSON, in a new array */
    public byte[] write(ColorEvent event) {
        length = 0;
        ensure(1);
        buffer[length++] = '{';
        if (event.id() != null) {
            name("id");
            ensure(38);
            buffer[length++] = '"';
            ascii(event.id().toString()); // hex digits and dashes: nothing to escape
            buffer[length++] = '"';
        }
        if (event.apiKey() != null) {
            name("api_key");
            if (!event.apiKey().equals(lastApiKey)) { // a batch's events share their key
                int start = length;
                string(event.apiKey());
                lastApiKey = event.apiKey();
                lastApiKeyText = Arrays.copyOfRange(buffer, start, length);
            } else {
                bytes(lastApiKeyText);
            }
        }
        field("action", event.action() == null ? null : event.action().wireName());
        field("color", event.color());
        instantField("occurred_at", event.occurredAt());
        instantField("received_at", event.receivedAt());
        field("page", event.page());
        field("area", event.area());
        numberField("x", event.x());
        numberField("y", event.y());
        ensure(1);
        buffer[length++] = '}';
        return Arrays.copyOf(buffer, length);
    }

    private void field(String name, String value) {
        if (value != null) {
            name(name);
            string(value);
        }
    }

    private void instantField(String name, Instant value) {
        if (value == null) {
            return;
        }
        name(name);
        ensure(IsoInstantSerializer.MAX_LENGTH + 2);
        buffer[length] = '"';
        int end = IsoInstantSerializer.format(value, buffer, length + 1);
        if (end < 0) {
            string(value.toString()); // a year outside 0-9999: Instant's own text, as databind writes it
            return;
        }
        buffer[end] = '"';
        length = end + 1;
    }

    private void bytes(byte[] text) {
        ensure(text.length);
        System.arraycopy(text, 0, buffer, length, text.length);
        length += text.length;
    }

    private void numberField(String name, Double value) {
        if (value != null) {
            name(name);
            ascii(Double.toString(value));
        }
    }

    /** A field's name, after a comma unless it is the first. */
    private void name(String name) {
        ensure(name.length() + 4);
        if (length > 1) {
            buffer[length++] = ',';
        }
        buffer[length++] = '"';
        for (int i = 0; i < name.length(); i++) {
            buffer[length++] = (byte) name.charAt(i);
        }
        buffer[length++] = '"';
        buffer[length++] = ':';
    }

    /** Text known to be ASCII with nothing to escape. */
    private void ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer[length++] = (byte) text.charAt(i);
        }
    }

    private void string(String text) {
        ensure(text.length() * 6 + 2); // the longest form of a char is \\uXXXX
        byte[] out = buffer;
        int at = length;
        out[at++] = '"';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out[at++] = (byte) c;
                } else {
                    at = escape(out, at, c);
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                at = unicodeEscape(out, at, c);
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        out[at++] = '"';
        length = at;
    }

    private static int escape(byte[] out, int at, char c) {
        char shortForm = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
        if (shortForm == 0) {
            return unicodeEscape(out, at, c);
        }
        out[at++] = '\\';
        out[at++] = (byte) shortForm;
        return at;
    }

    private static int unicodeEscape(byte[] out, int at, char c) {
        out[at++] = '\\';
        out[at++] = 'u';
        out[at++] = HEX[(c >> 12) & 0xF];
        out[at++] = HEX[(c >> 8) & 0xF];
        out[at++] = HEX[(c >> 4) & 0xF];
        out[at++] = HEX[c & 0xF];
        return at;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
