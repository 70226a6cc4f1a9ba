package io.colortracking.counter.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.colortracking.counter.persistence.Granularity;
import io.colortracking.events.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/counts/series}: every bucket of the range, every palette color, zeros included. */
public record SeriesResponse(
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("action") String action,
        @JsonProperty("bucket") String bucket,
        @JsonProperty("from") Instant from,
        @JsonProperty("to") Instant to,
        @JsonProperty("buckets") List<Bucket> buckets) {

    /** @param counts color → events received in {@code [start, start + bucket)} */
    public record Bucket(
            @JsonProperty("start") Instant start,
            @JsonProperty("counts") Map<String, Long> counts) {}

    static SeriesResponse from(
            String apiKey,
            Action action,
            Granularity granularity,
            Instant from,
            Instant to,
            Map<Instant, Map<String, Long>> stored,
            List<String> palette) {
        List<Bucket> buckets = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(granularity.size())) {
            Map<String, Long> counts = new LinkedHashMap<>();
            Map<String, Long> found = stored.getOrDefault(start, Map.of());
            for (String color : palette) {
                counts.put(color, found.getOrDefault(color, 0L));
            }
            buckets.add(new Bucket(start, counts));
        }
        return new SeriesResponse(apiKey, action.wireName(), granularity.label(), from, to, buckets);
    }
}
