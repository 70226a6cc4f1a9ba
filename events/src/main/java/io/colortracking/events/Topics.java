package io.colortracking.events;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** The one catalog of topic names and how each topic is declared. */
public final class Topics {

    public static final String CLICK_ON_COLORS = "click_on_colors";
    public static final String HOVER_ON_COLORS = "hover_on_colors";
    public static final String COLOR_AGGREGATES = "color_aggregates";
    public static final String API_KEYS = "api_keys";
    /**
     * Records counter-service could not count (unreadable, or naming an unknown action or color):
     * the original key and value, with headers {@link #DLQ_REASON}, {@link #DLQ_SOURCE} (topic-partition@offset).
     */
    public static final String COLOR_EVENTS_DLQ = "color_events_dlq";
    public static final String DLQ_REASON = "dlq.reason";
    public static final String DLQ_SOURCE = "dlq.source";

    private static final String SEVEN_DAYS_MS = String.valueOf(7L * 24 * 60 * 60 * 1000);
    private static final String THIRTY_DAYS_MS = String.valueOf(30L * 24 * 60 * 60 * 1000);

    private Topics() {
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
        Map<String, String> sevenDays = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, SEVEN_DAYS_MS);
        Map<String, String> compacted = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        return List.of(
                new NewTopic(CLICK_ON_COLORS, partitions, replicationFactor).configs(sevenDays),
                new NewTopic(HOVER_ON_COLORS, partitions, replicationFactor).configs(sevenDays),
                new NewTopic(COLOR_AGGREGATES, partitions, replicationFactor).configs(compacted),
                new NewTopic(API_KEYS, partitions, replicationFactor).configs(compacted),
                // kept longer, so someone has time to look
                new NewTopic(COLOR_EVENTS_DLQ, partitions, replicationFactor).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, THIRTY_DAYS_MS)));
    }
}
