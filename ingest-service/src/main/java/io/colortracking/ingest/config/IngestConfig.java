package io.colortracking.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** ingest-service settings; every default runs locally as it is. */
@ConfigMapping(prefix = "colortracking")
public interface IngestConfig {

    /** The colors events may name; anything else is rejected, never mapped to another color. */
    @WithDefault("blue,green,red,yellow")
    List<String> palette();

    /** Most events in one request. */
    @WithDefault("500")
    int maxBatchSize();

    /** How far in the future {@code occurred_at} may lie (client clocks drift). */
    @WithDefault("10m")
    Duration maxClockSkew();

    Produce produce();

    RateLimit rateLimit();

    Bench bench();

    Pointer pointer();

    interface Pointer {
        /**
         * Pointer chunks per second one key may send to one instance (its own budget, apart from
         * the key's events): about a chunk a second per moving visitor.
         */
        @WithDefault("2000")
        int chunksPerSecond();
    }

    interface Produce {
        /** Longest wait for the broker's acknowledgement before answering 503 (the contract says at most 2 s). */
        @WithDefault("1500ms")
        Duration timeout();

        /** What a 503 tells the client to wait before retrying. */
        @WithDefault("1s")
        Duration retryAfter();

        /**
         * How long the producer waits to fill a partition's batch ({@code linger.ms}): longer means
         * fewer, fuller produce requests (cheaper per event) and that much more latency per request.
         * Events are keyed by id, so one request's events spread over every partition: at 2 ms single
         * events filled batches of about four per partition, and benchmark P2 served 0.50 of the
         * no-op's rate; at 5 ms 0.60, its p99 at 50 connections 7.6 → 10.2 ms (bench/README.md).
         * Whole milliseconds; at most 500 ms with the default timeout (the service refuses to start
         * with more: the linger and Kafka's request timeout must fit in {@link #timeout()}).
         */
        @WithDefault("5ms")
        Duration linger();
    }

    interface RateLimit {
        /** Events per second for a key whose record names no limit of its own. */
        @WithDefault("1000")
        int defaultPerSecond();
    }

    interface Bench {
        /**
         * Serves {@code POST /bench/noop}: the same HTTP stack answering 202 without reading the
         * event, the ceiling P2 of {@code bench/} divides by. Off unless a benchmark turns it on.
         */
        @WithDefault("false")
        boolean noopEndpoint();
    }
}
