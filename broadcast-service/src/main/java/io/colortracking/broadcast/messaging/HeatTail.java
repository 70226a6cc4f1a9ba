package io.colortracking.broadcast.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.broadcast.live.LiveSessions;
import io.colortracking.broadcast.view.HeatView;
import io.colortracking.events.HeatGrid;
import io.colortracking.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Rebuilds the heatmaps' view from the compacted {@code heat_grids} channel, then hands the cells
 * of each newer grid that changed to the live sessions that asked for its area; as
 * {@link AggregatesTail} does for the counters.
 */
@Singleton // not proxied: ViewTail has no constructor without arguments
@Default // also injected as itself (its readiness)
@Identifier(HeatTail.REBALANCE_LISTENER)
public class HeatTail extends ViewTail {

    /** The name the channel's {@code consumer-rebalance-listener.name} gives. */
    public static final String REBALANCE_LISTENER = "heat-grids-tail";

    private final HeatView view;
    private final LiveSessions sessions;
    private final ObjectReader reader;

    public HeatTail(
            HeatView view,
            LiveSessions sessions,
            ObjectMapper mapper,
            KafkaClientService kafka,
            MeterRegistry registry) {
        super(
                Topics.HEAT_GRIDS,
                kafka,
                registry,
                "colortracking.broadcast.heat.view.lag",
                "Heatmaps on heat_grids not yet in this instance's view");
        this.view = view;
        this.sessions = sessions;
        this.reader = mapper.readerFor(HeatGrid.class);
    }

    @Incoming(Topics.HEAT_GRIDS)
    public void apply(ConsumerRecords<String, byte[]> records) {
        applyAll(records);
    }

    @Override
    void apply(ConsumerRecord<String, byte[]> record) throws IOException {
        HeatGrid grid = reader.readValue(record.value());
        sessions.heatChanged(grid.apiKey(), grid.area(), view.apply(grid));
    }
}
