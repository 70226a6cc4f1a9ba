package io.colortracking.ingest.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The 400 for a batch in which no event is valid: a problem detail (RFC 9457) with one extension
 * member, {@code rejected}, listing every event's error by index, as a 202 would.
 */
public record InvalidBatchProblem(
        @JsonProperty("type") String type,
        @JsonProperty("title") String title,
        @JsonProperty("status") int status,
        @JsonProperty("detail") String detail,
        @JsonProperty("rejected") List<IngestResult.Rejection> rejected) {

    static InvalidBatchProblem of(String detail, List<IngestResult.Rejection> rejected) {
        return new InvalidBatchProblem("about:blank", "Bad Request", 400, detail, rejected);
    }
}
