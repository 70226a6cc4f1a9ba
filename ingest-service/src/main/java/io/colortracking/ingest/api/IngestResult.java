package io.colortracking.ingest.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The 202 body: how many events were accepted, and which ones were not and why. */
public record IngestResult(
        @JsonProperty("accepted") int accepted,
        @JsonProperty("duplicates") int duplicates,
        @JsonProperty("rejected") List<Rejection> rejected) {

    /** An event of the request that was not accepted; {@code index} is its position in {@code events}. */
    public record Rejection(
            @JsonProperty("index") int index,
            @JsonProperty("error") String error) {}
}
