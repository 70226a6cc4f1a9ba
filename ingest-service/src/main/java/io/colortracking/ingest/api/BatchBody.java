package io.colortracking.ingest.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body as the events it holds: one event, or {@code {"events": [...]}} of at most the
 * batch size. Read strictly: UTF-8 only, no duplicate fields, nothing after the value, nesting no
 * deeper than an event in a batch needs; what each event says is {@link EventParser}'s job.
 */
final class BatchBody {

    /** An event is flat and a batch one level deeper; anything nested further is not ours. */
    private static final int MAX_NESTING = 8;

    /** The body's events, or why the whole body is refused. */
    record Read(List<EventFields> items, Refusal refusal, String detail) {
        static Read refused(Refusal refusal, String detail) {
            return new Read(List.of(), refusal, detail);
        }
    }

    private final ObjectReader reader;
    private final int maxBatchSize;

    BatchBody(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
        this.reader = StrictJson.reader(MAX_NESTING);
    }

    Read read(byte[] body) {
        if (!isUtf8(body)) {
            return Read.refused(Refusal.MALFORMED, "The body is not valid UTF-8");
        }
        Read batch = readBatch(body);
        return batch != null ? batch : readTree(body);
    }

    /**
     * A well-formed {@code {"events": [...]}}, read token by token without building its tree (a
     * third of the cost of reading a batch in benchmark P1), or {@code null} for any other body,
     * which {@link #readTree} then reads and judges: one event, the wrong shape, broken JSON (its
     * error message is the tree reader's).
     */
    Read readBatch(byte[] body) {
        try (JsonParser parser = reader.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT
                    || parser.nextToken() != JsonToken.FIELD_NAME
                    || !"events".equals(parser.currentName())
                    || parser.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<EventFields> items = new ArrayList<>();
            int count = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                count++;
                if (count <= maxBatchSize) {
                    items.add(EventFields.read(parser));
                } else {
                    parser.skipChildren(); // only counted, for the answer
                }
            }
            if (parser.nextToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null;
            }
            if (count == 0) {
                return Read.refused(Refusal.INVALID, "'events' is empty");
            }
            if (count > maxBatchSize) {
                return tooLarge(count);
            }
            return new Read(items, null, null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Any body, read as a tree (and what {@code BatchBodyTest} holds {@link #readBatch} to). */
    Read readTree(byte[] body) {
        JsonNode root;
        try {
            root = reader.readTree(body);
        } catch (JsonProcessingException e) {
            return Read.refused(Refusal.MALFORMED, "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Read.refused(Refusal.MALFORMED, "The body could not be read");
        }
        if (root == null || root.isMissingNode()) {
            return Read.refused(Refusal.MALFORMED, "The body is empty; send one event or {\"events\": [...]}");
        }
        if (!root.isObject() || !root.has("events")) {
            return new Read(List.of(EventFields.of(root)), null, null);
        }
        JsonNode events = root.get("events");
        if (root.size() != 1 || !events.isArray()) {
            return Read.refused(Refusal.INVALID, "A batch is {\"events\": [...]} with no other field");
        }
        if (events.isEmpty()) {
            return Read.refused(Refusal.INVALID, "'events' is empty");
        }
        if (events.size() > maxBatchSize) {
            return tooLarge(events.size());
        }
        List<EventFields> items = new ArrayList<>(events.size());
        events.forEach(event -> items.add(EventFields.of(event)));
        return new Read(items, null, null);
    }

    private Read tooLarge(int count) {
        return Read.refused(
                Refusal.TOO_LARGE, "A batch holds at most " + maxBatchSize + " events; this one has " + count);
    }

    /**
     * JSON on the wire is UTF-8 (RFC 8259). Jackson decodes some invalid sequences (overlong
     * forms such as C0 AF for '/') instead of refusing them, so check first; ASCII, the usual
     * case, needs no decoder.
     */
    static boolean isUtf8(byte[] body) {
        boolean ascii = true;
        for (byte b : body) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return true;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
