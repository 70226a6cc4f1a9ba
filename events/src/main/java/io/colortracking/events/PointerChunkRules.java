package io.colortracking.events;

import java.time.Instant;
import java.util.List;

/**
 * What makes a {@link PointerChunk} valid, checked by ingest-service before it produces one (the
 * problem is the client's 400) and by counter-service before it stores one (an invalid record is
 * logged and skipped).
 */
public final class PointerChunkRules {

    /** Most samples in one chunk: 20 s of moves at 10 a second. */
    public static final int MAX_SAMPLES = 200;
    /** Most bytes of one chunk's body. */
    public static final int MAX_BYTES = 32 * 1024;
    /** A viewport side larger than this is no screen. */
    public static final int MAX_VIEWPORT = 100_000;
    /** A session longer than this (a page left open for over a week) stops being recorded. */
    public static final long MAX_T_MS = 7L * 24 * 60 * 60 * 1000;

    /** What the database accepts as a time; anything else would fail the store again and again. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    private PointerChunkRules() {}

    /** @return why the chunk is not valid, or {@code null} */
    public static String problemWith(PointerChunk chunk) {
        if (chunk.apiKey() == null || !ApiKey.isWellFormed(chunk.apiKey())) {
            return "api_key is not " + ApiKey.GRAMMAR;
        }
        if (chunk.session() == null) {
            return "'session' is required: a UUID per page view";
        }
        if (chunk.seq() < 0) {
            return "'seq' must be a whole number from 0, got " + chunk.seq();
        }
        String page = ColorEventRules.pageProblem(chunk.page());
        if (page != null) {
            return page;
        }
        if (chunk.viewport() != null
                && (!side(chunk.viewport().w()) || !side(chunk.viewport().h()))) {
            return "'viewport' must be {\"w\": width, \"h\": height}, each a whole number from 1 to " + MAX_VIEWPORT;
        }
        if (chunk.receivedAt() == null
                || chunk.receivedAt().isBefore(EARLIEST)
                || chunk.receivedAt().isAfter(LATEST)) {
            return "received_at is required, from 2000 to 9999";
        }
        return samplesProblem(chunk.samples());
    }

    /** What is wrong with a chunk's samples, or {@code null}: 1 to 200, in time order, each well formed. */
    public static String samplesProblem(List<PointerSample> samples) {
        if (samples.isEmpty()) {
            return "'samples' must hold 1 to " + MAX_SAMPLES + " samples";
        }
        if (samples.size() > MAX_SAMPLES) {
            return "'samples' holds " + samples.size() + " samples; at most " + MAX_SAMPLES + " per chunk";
        }
        long previous = 0;
        for (int i = 0; i < samples.size(); i++) {
            PointerSample sample = samples.get(i);
            String problem = sampleProblem(sample);
            if (problem != null) {
                return "samples[" + i + "]: " + problem;
            }
            if (sample.t() < previous) {
                return "samples[" + i + "]: t_ms " + sample.t() + " is before the sample before it (" + previous
                        + "); samples come in time order";
            }
            previous = sample.t();
        }
        return null;
    }

    private static String sampleProblem(PointerSample sample) {
        if (sample.t() < 0 || sample.t() > MAX_T_MS) {
            return "t_ms must be a whole number of milliseconds from 0 to " + MAX_T_MS + ", got " + sample.t();
        }
        if (!ColorEventRules.isAreaName(sample.area())) {
            return "the area must be " + ColorEventRules.AREA_GRAMMAR;
        }
        if (!(sample.x() >= 0.0 && sample.x() <= 1.0) || !(sample.y() >= 0.0 && sample.y() <= 1.0)) {
            return "x and y must be numbers from 0 to 1";
        }
        if (!PointerSample.MOVE.equals(sample.kind()) && !PointerSample.CLICK.equals(sample.kind())) {
            return "the kind must be \"m\" (a move) or \"c\" (a click)";
        }
        return null;
    }

    private static boolean side(int pixels) {
        return pixels >= 1 && pixels <= MAX_VIEWPORT;
    }
}
