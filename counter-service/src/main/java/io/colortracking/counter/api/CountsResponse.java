package io.colortracking.counter.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.colortracking.counter.counting.CountsReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /v1/counts}: action → color → amount, every palette color included. */
public record CountsResponse(
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("counts") Map<String, Map<String, Long>> counts,
        @JsonProperty("version") long version) {

    static CountsResponse from(CountsReader.TenantCounts tenant) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        tenant.counts().forEach((action, byColor) -> counts.put(action.wireName(), byColor));
        return new CountsResponse(tenant.apiKey(), counts, tenant.version());
    }
}
