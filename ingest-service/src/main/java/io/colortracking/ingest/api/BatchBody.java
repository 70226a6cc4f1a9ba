package io.colortracking.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
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
    record Read(List<JsonNode> items, Refusal refusal, String detail) {
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
            return new Read(List.of(root), null, null);
        }
        JsonNode events = root.get("events");
        if (root.size() != 1 || !events.isArray()) {
            return Read.refused(Refusal.INVALID, "A batch is {\"events\": [...]} with no other field");
        }
        if (events.isEmpty()) {
            return Read.refused(Refusal.INVALID, "'events' is empty");
        }
        if (events.size() > maxBatchSize) {
            return Read.refused(
                    Refusal.TOO_LARGE,
                    "A batch holds at most " + maxBatchSize + " events; this one has " + events.size());
        }
        List<JsonNode> items = new ArrayList<>(events.size());
        events.forEach(items::add);
        return new Read(items, null, null);
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
