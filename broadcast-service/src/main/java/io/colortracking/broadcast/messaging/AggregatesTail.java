package io.colortracking.broadcast.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.broadcast.config.BroadcastConfig;
import io.colortracking.broadcast.view.CountsView;
import io.colortracking.broadcast.live.LiveSessions;
import io.colortracking.common.CompactedTopicTail;
import io.colortracking.events.ColorAggregate;
import io.colortracking.events.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Rebuilds the view from the compacted {@code color_aggregates} (every partition, no consumer
 * group: every instance holds the whole view), then hands each newer value to the live sessions.
 */
@Singleton
public class AggregatesTail extends CompactedTopicTail {

    private static final Logger LOG = Logger.getLogger(AggregatesTail.class);

    private final CountsView view;
    private final LiveSessions sessions;
    private final ObjectReader reader;

    public AggregatesTail(CountsView view, LiveSessions sessions, BroadcastConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper mapper,
            MeterRegistry registry) {
        super(Topics.COLOR_AGGREGATES, kafkaConfig, config.topics().partitions(), config.topics().replicationFactor());
        this.view = view;
        this.sessions = sessions;
        this.reader = mapper.readerFor(ColorAggregate.class);
        Gauge.builder("colortracking.broadcast.view.lag", this, AggregatesTail::lag)
                .description("Aggregates on color_aggregates not yet in this instance's view").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    @Override
    protected void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            ColorAggregate aggregate = reader.readValue(record.value());
            if (view.apply(aggregate)) {
                sessions.changed(aggregate);
            }
        } catch (IOException e) {
            LOG.warnf("Unreadable aggregate at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }
}
