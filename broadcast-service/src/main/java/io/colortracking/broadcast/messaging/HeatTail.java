package io.colortracking.broadcast.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.broadcast.live.LiveSessions;
import io.colortracking.broadcast.view.HeatView;
import io.colortracking.common.kafka.CompactedTail;
import io.colortracking.events.HeatGrid;
import io.colortracking.events.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.io.IOException;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Rebuilds the heatmaps' view from the compacted {@code heat_grids} channel (every partition, from
 * the beginning, by every instance), then hands the cells of each newer grid that changed to the
 * live sessions that asked for its area; as {@link AggregatesTail} does for the counters.
 */
@ApplicationScoped
@Default // also injected as itself (its readiness)
@Identifier(HeatTail.REBALANCE_LISTENER)
public class HeatTail implements KafkaConsumerRebalanceListener {

    /** The name the channel's {@code consumer-rebalance-listener.name} gives. */
    public static final String REBALANCE_LISTENER = "heat-grids-tail";

    private static final Logger LOG = Logger.getLogger(HeatTail.class);

    private final HeatView view;
    private final LiveSessions sessions;
    private final ObjectReader reader;
    private final CompactedTail tail;

    public HeatTail(
            HeatView view,
            LiveSessions sessions,
            ObjectMapper mapper,
            KafkaClientService kafka,
            MeterRegistry registry) {
        this.view = view;
        this.sessions = sessions;
        this.reader = mapper.readerFor(HeatGrid.class);
        this.tail = new CompactedTail(Topics.HEAT_GRIDS, kafka);
        Gauge.builder("colortracking.broadcast.heat.view.lag", tail, CompactedTail::lag)
                .description("Heatmaps on heat_grids not yet in this instance's view")
                .register(registry);
    }

    @Incoming(Topics.HEAT_GRIDS)
    public void apply(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            apply(record);
        }
        tail.applied(records);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        tail.assigned(consumer, partitions);
    }

    /** Whether the view holds everything the topic held when this instance started. */
    public boolean isCaughtUp() {
        return tail.isCaughtUp();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            HeatGrid grid = reader.readValue(record.value());
            sessions.heatChanged(grid.apiKey(), grid.area(), view.apply(grid));
        } catch (IOException e) {
            LOG.warnf(
                    "Unreadable heatmap at %s-%d@%d: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }
}
