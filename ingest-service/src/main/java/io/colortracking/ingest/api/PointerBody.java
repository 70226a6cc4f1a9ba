package io.colortracking.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.events.PointerChunk;
import io.colortracking.events.PointerChunkRules;
import io.colortracking.events.PointerSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The body of {@code POST /v1/pointer} as a {@link PointerChunk}, read strictly (no unknown field,
 * no value of the wrong JSON type, nothing after the value) and checked by {@link PointerChunkRules};
 * every refusal names what to fix.
 */
final class PointerBody {

    private static final int MAX_NESTING = 4;
    private static final Set<String> FIELDS = Set.of("session", "seq", "page", "viewport", "samples");

    /** The chunk, or why the body is refused (a 400's detail). */
    record Read(PointerChunk chunk, String problem) {}

    private final ObjectReader reader;

    PointerBody() {
        this.reader = StrictJson.reader(MAX_NESTING);
    }

    Read read(byte[] body, String apiKey, Instant receivedAt) {
        JsonNode root;
        try {
            root = reader.readTree(body);
        } catch (JsonProcessingException e) {
            return refused("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            return refused("The body could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return refused(
                    "The body must be a JSON object: {\"session\", \"seq\", \"page\", \"viewport\", \"samples\"}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return refused(
                        "Unknown field '" + shortened(name) + "'; allowed: session, seq, page, viewport, samples");
            }
        }
        JsonNode session = root.get("session");
        UUID id;
        try {
            id = session != null && session.isTextual() ? UUID.fromString(session.textValue()) : null;
        } catch (IllegalArgumentException e) {
            id = null;
        }
        if (id == null) {
            return refused(
                    "'session' is required: a UUID per page view, such as \"3f0c9a52-1c1e-4b59-9e0e-2f6b1d6a7c11\"");
        }
        JsonNode seq = root.get("seq");
        if (seq == null || !seq.canConvertToInt() || !seq.isIntegralNumber()) {
            return refused("'seq' is required: the chunk's number in its session, a whole number from 0");
        }
        JsonNode page = root.get("page");
        if (page != null && !page.isNull() && !page.isTextual()) {
            return refused("'page' must be a string: the page's address");
        }
        PointerChunk.Viewport viewport = null;
        JsonNode size = root.get("viewport");
        if (size != null && !size.isNull()) {
            if (!size.isObject() || size.size() != 2 || !isInt(size.get("w")) || !isInt(size.get("h"))) {
                return refused("'viewport' must be {\"w\": width, \"h\": height} in CSS pixels");
            }
            viewport = new PointerChunk.Viewport(
                    size.get("w").intValue(), size.get("h").intValue());
        }
        JsonNode samples = root.get("samples");
        if (samples == null || !samples.isArray()) {
            return refused("'samples' is required: an array of [t_ms, \"area\", x, y, \"m\" or \"c\"]");
        }
        if (samples.size() > PointerChunkRules.MAX_SAMPLES) {
            return refused("'samples' holds " + samples.size() + " samples; at most " + PointerChunkRules.MAX_SAMPLES
                    + " per chunk");
        }
        List<PointerSample> read = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            JsonNode sample = samples.get(i);
            if (!sample.isArray()
                    || sample.size() != 5
                    || !sample.get(0).isIntegralNumber()
                    || !sample.get(0).canConvertToLong()
                    || !sample.get(1).isTextual()
                    || !sample.get(2).isNumber()
                    || !sample.get(3).isNumber()
                    || !sample.get(4).isTextual()) {
                return refused("samples[" + i + "] must be [t_ms, \"area\", x, y, \"m\" or \"c\"]");
            }
            read.add(new PointerSample(
                    sample.get(0).longValue(),
                    sample.get(1).textValue(),
                    sample.get(2).doubleValue(),
                    sample.get(3).doubleValue(),
                    sample.get(4).textValue()));
        }
        PointerChunk chunk = new PointerChunk(
                apiKey,
                id,
                seq.intValue(),
                page == null || page.isNull() ? null : page.textValue(),
                viewport,
                read,
                receivedAt);
        String problem = PointerChunkRules.problemWith(chunk);
        return problem == null ? new Read(chunk, null) : refused(problem);
    }

    private static boolean isInt(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToInt();
    }

    private static Read refused(String problem) {
        return new Read(null, problem);
    }

    private static String shortened(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
