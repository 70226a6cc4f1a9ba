package io.colortracking.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * About a second of one visitor's pointer on one page view: accepted by ingest-service on
 * {@link Topics#POINTER_TRACKS} (keyed by session, kept 7 days), stored once per
 * (api_key, session, seq) by counter-service for replay, shown live by broadcast-service.
 * Schema: {@code PointerChunk.schema.json} beside this class. Checked by {@link PointerChunkRules}.
 *
 * @param session a random id per page view (never a cookie, never reused)
 * @param seq the chunk's number within the session, from 0; a re-sent chunk has the same
 * @param samples in time order
 */
public record PointerChunk(
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("session") UUID session,
        @JsonProperty("seq") int seq,
        @JsonProperty("page") String page,
        @JsonProperty("viewport") Viewport viewport,
        @JsonProperty("samples") List<PointerSample> samples,
        @JsonProperty("received_at") Instant receivedAt) {

    /** The page's viewport in CSS pixels. */
    public record Viewport(
            @JsonProperty("w") int w, @JsonProperty("h") int h) {}

    public PointerChunk {
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /** The record's key on {@link Topics#POINTER_TRACKS}: every chunk of a session on one partition, in order. */
    public String key() {
        return session.toString();
    }

    public long clicks() {
        return samples.stream().filter(PointerSample::isClick).count();
    }
}
