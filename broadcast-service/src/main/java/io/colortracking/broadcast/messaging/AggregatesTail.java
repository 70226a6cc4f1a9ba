package io.colortracking.broadcast.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.broadcast.live.LiveSessions;
import io.colortracking.broadcast.view.CountsView;
import io.colortracking.common.kafka.CompactedTail;
import io.colortracking.events.ColorAggregate;
import io.colortracking.events.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Rebuilds the view from the compacted {@code color_aggregates} channel (every partition, read from
 * the beginning by every instance: each holds the whole view), then hands each newer value to the
 * live sessions.
 */
@ApplicationScoped
@Default // also injected as itself (its readiness)
@Identifier(AggregatesTail.REBALANCE_LISTENER)
public class AggregatesTail implements KafkaConsumerRebalanceListener {

    /** The name the channel's {@code consumer-rebalance-listener.name} gives. */
    public static final String REBALANCE_LISTENER = "color-aggregates-tail";

    private static final Logger LOG = Logger.getLogger(AggregatesTail.class);
    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<String> TRACEPARENT_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private final CountsView view;
    private final LiveSessions sessions;
    private final ObjectReader reader;
    private final CompactedTail tail;
    private final Tracer tracer;

    public AggregatesTail(
            CountsView view,
            LiveSessions sessions,
            ObjectMapper mapper,
            KafkaClientService kafka,
            MeterRegistry registry,
            Tracer tracer) {
        this.view = view;
        this.tracer = tracer;
        this.sessions = sessions;
        this.reader = mapper.readerFor(ColorAggregate.class);
        this.tail = new CompactedTail(Topics.COLOR_AGGREGATES, kafka);
        Gauge.builder("colortracking.broadcast.view.lag", tail, CompactedTail::lag)
                .description("Aggregates on color_aggregates not yet in this instance's view")
                .register(registry);
    }

    @Incoming(Topics.COLOR_AGGREGATES)
    public void apply(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            apply(record);
        }
        tail.applied(records);
    }

    /** The change's fan-out to the live sessions, as the last span of the click's trace. */
    private void fanOutTraced(ColorAggregate aggregate, Header traceparent) {
        Context parent = W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), new String(traceparent.value(), StandardCharsets.US_ASCII), TRACEPARENT_VALUE);
        Span span = tracer.spanBuilder("live update")
                .setParent(parent)
                .setAttribute("colortracking.api_key", aggregate.apiKey())
                .setAttribute("colortracking.counter", aggregate.action().wireName() + ":" + aggregate.color())
                .setAttribute("colortracking.version", aggregate.version())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            sessions.changed(aggregate);
        } finally {
            span.end();
        }
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
            ColorAggregate aggregate = reader.readValue(record.value());
            if (view.apply(aggregate)) {
                Header traceparent = record.headers().lastHeader(TRACEPARENT);
                if (traceparent == null) {
                    sessions.changed(aggregate);
                } else {
                    fanOutTraced(aggregate, traceparent);
                }
            }
        } catch (IOException e) {
            LOG.warnf(
                    "Unreadable aggregate at %s-%d@%d: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }
}
