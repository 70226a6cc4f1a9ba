package io.colortracking.events;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The one catalog of the platform's topics: the names (constants, for channel annotations) and each
 * topic's key, value and policy ({@link #CATALOG}). {@code asyncapi.yaml} beside the records
 * describes the same topics for readers outside the project; a test keeps the two in step.
 */
public final class Topics {

    public static final String CLICK_ON_COLORS = "click_on_colors";
    public static final String HOVER_ON_COLORS = "hover_on_colors";
    public static final String COLOR_AGGREGATES = "color_aggregates";
    public static final String API_KEYS = "api_keys";
    /** Every committed change of a heatmap ({@link HeatGrid}: a whole grid per record), compacted like the counters. */
    public static final String HEAT_GRIDS = "heat_grids";
    /**
     * Visitors' pointer tracks ({@link PointerChunk}, keyed by session): behavioural data, readable
     * only with a key's read token, kept 7 days.
     */
    public static final String POINTER_TRACKS = "pointer_tracks";
    /**
     * Records counter-service could not count (unreadable, or naming an unknown action or color):
     * the original key and value, with headers {@link #DLQ_REASON}, {@link #DLQ_SOURCE} (topic-partition@offset).
     */
    public static final String COLOR_EVENTS_DLQ = "color_events_dlq";

    public static final String DLQ_REASON = "dlq.reason";
    public static final String DLQ_SOURCE = "dlq.source";

    private static final String SEVEN_DAYS_MS = String.valueOf(7L * 24 * 60 * 60 * 1000);
    private static final String THIRTY_DAYS_MS = String.valueOf(30L * 24 * 60 * 60 * 1000);
    private static final Map<String, String> SEVEN_DAYS = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG,
            SEVEN_DAYS_MS);
    private static final String ONE_HOUR_MS = String.valueOf(60L * 60 * 1000);
    /**
     * Compacted, and compacted soon: the active segment is never compacted, so it rolls every hour
     * ({@code segment.ms}), and the cleaner starts once a tenth of the log is superseded records
     * (default half). Every instance replays these topics at start, so what it reads stays about
     * one record per key plus the last hour's changes, however long the platform runs.
     */
    private static final Map<String, String> COMPACTED = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.SEGMENT_MS_CONFIG,
            ONE_HOUR_MS,
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG,
            "0.1");

    /** Every topic of the platform. */
    public static final List<Topic> CATALOG = List.of(
            new Topic(CLICK_ON_COLORS, "id", ColorEvent.class, SEVEN_DAYS),
            new Topic(HOVER_ON_COLORS, "id", ColorEvent.class, SEVEN_DAYS),
            new Topic(COLOR_AGGREGATES, "api_key:action:color", ColorAggregate.class, COMPACTED),
            new Topic(HEAT_GRIDS, "api_key:area:action:color", HeatGrid.class, COMPACTED),
            new Topic(POINTER_TRACKS, "session", PointerChunk.class, SEVEN_DAYS),
            new Topic(
                    API_KEYS, "api_key (a null value, a tombstone, when the key was deleted)", ApiKey.class, COMPACTED),
            // kept longer, so someone has time to look
            new Topic(
                    COLOR_EVENTS_DLQ,
                    "the original record's key",
                    null,
                    Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_DELETE,
                            TopicConfig.RETENTION_MS_CONFIG,
                            THIRTY_DAYS_MS)));

    private Topics() {}

    /** The catalog's entry for this name. */
    public static Topic topic(String name) {
        return CATALOG.stream()
                .filter(topic -> topic.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No topic " + name + " in the catalog"));
    }

    /** The topic that carries events of this action. */
    public static String forAction(Action action) {
        return switch (action) {
            case CLICK -> CLICK_ON_COLORS;
            case HOVER -> HOVER_ON_COLORS;
        };
    }

    /** Every topic of the platform, declared with its retention or compaction policy. */
    public static List<NewTopic> declarations(int partitions, short replicationFactor) {
        return CATALOG.stream()
                .map(topic -> topic.declaration(partitions, replicationFactor))
                .toList();
    }
}
