package io.colortracking.broadcast.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.broadcast.live.LiveSessions;
import io.colortracking.broadcast.view.CountsView;
import io.colortracking.events.ColorAggregate;
import io.colortracking.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Rebuilds the view from the compacted {@code color_aggregates} channel (every partition, read from
 * the beginning by every instance: each holds the whole view), then hands each newer value to the
 * live sessions.
 */
@Singleton // not proxied: ViewTail has no constructor without arguments
@Default // also injected as itself (its readiness)
@Identifier(AggregatesTail.REBALANCE_LISTENER)
public class AggregatesTail extends ViewTail {

    /** The name the channel's {@code consumer-rebalance-listener.name} gives. */
    public static final String REBALANCE_LISTENER = "color-aggregates-tail";

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
    private final Tracer tracer;

    public AggregatesTail(
            CountsView view,
            LiveSessions sessions,
            ObjectMapper mapper,
            KafkaClientService kafka,
            MeterRegistry registry,
            Tracer tracer) {
        super(
                Topics.COLOR_AGGREGATES,
                kafka,
                registry,
                "colortracking.broadcast.view.lag",
                "Aggregates on color_aggregates not yet in this instance's view");
        this.view = view;
        this.tracer = tracer;
        this.sessions = sessions;
        this.reader = mapper.readerFor(ColorAggregate.class);
    }

    @Incoming(Topics.COLOR_AGGREGATES)
    public void apply(ConsumerRecords<String, byte[]> records) {
        applyAll(records);
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
    void apply(ConsumerRecord<String, byte[]> record) throws IOException {
        ColorAggregate aggregate = reader.readValue(record.value());
        if (view.apply(aggregate)) {
            Header traceparent = record.headers().lastHeader(TRACEPARENT);
            if (traceparent == null) {
                sessions.changed(aggregate);
            } else {
                fanOutTraced(aggregate, traceparent);
            }
        }
    }
}
