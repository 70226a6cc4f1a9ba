package io.colortracking.counter.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.colortracking.events.ColorAggregate;
import io.colortracking.events.Topics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes committed counters to the {@code color_aggregates} channel, keyed by counter. A counter
 * stays pending until the broker acknowledged its latest version (sent again a second after a
 * failure), so a Kafka outage delays the live view but never loses its final value. A change
 * continues the trace of the latest event that made it (its {@code traceparent}), when tracing is on.
 */
@ApplicationScoped
public class AggregatePublisher {

    private static final Logger LOG = Logger.getLogger(AggregatePublisher.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final MutinyEmitter<Record<String, byte[]>> channel;
    private final ObjectWriter writer;
    private final Tracer tracer;
    private final Map<String, ColorAggregate> pending = new ConcurrentHashMap<>();
    /** The traceparent of the latest event behind each pending counter, when it came with one. */
    private final Map<String, String> traces = new ConcurrentHashMap<>();

    private final Set<ColorAggregate> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean retryScheduled = new AtomicBoolean();

    public AggregatePublisher(
            @Channel(Topics.COLOR_AGGREGATES) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                    MutinyEmitter<Record<String, byte[]>> channel,
            ObjectMapper mapper,
            Tracer tracer) {
        this.channel = channel;
        this.tracer = tracer;
        this.writer = mapper.writerFor(ColorAggregate.class);
    }

    /**
     * Sends these counters and any still unacknowledged from before.
     *
     * @param traceParents counter key → the W3C traceparent of the event behind its change
     */
    public void publish(Collection<ColorAggregate> changed, Map<String, String> traceParents) {
        for (ColorAggregate aggregate : changed) {
            pending.merge(aggregate.key(), aggregate, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
            String traceparent = traceParents.get(aggregate.key());
            if (traceparent != null) {
                traces.put(aggregate.key(), traceparent);
            }
        }
        for (ColorAggregate aggregate : pending.values()) {
            if (inFlight.add(aggregate)) {
                send(aggregate);
            }
        }
    }

    private void send(ColorAggregate aggregate) {
        byte[] value;
        try {
            value = writer.writeValueAsBytes(aggregate);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise " + aggregate, e);
        }
        Message<Record<String, byte[]>> message = Message.of(Record.of(aggregate.key(), value));
        String traceparent = traces.get(aggregate.key());
        Span span = traceparent == null ? Span.getInvalid() : publishSpan(aggregate, traceparent);
        if (span.getSpanContext().isValid()) {
            // the record carries this span's context on, to broadcast-service's live update
            RecordHeaders headers = new RecordHeaders();
            Context context = Context.root().with(span);
            W3CTraceContextPropagator.getInstance().inject(context, headers, HEADERS);
            message = message.addMetadata(OutgoingKafkaRecordMetadata.builder()
                            .withHeaders(headers)
                            .build())
                    .addMetadata(TracingMetadata.withCurrent(context));
        }
        channel.sendMessage(message)
                .subscribe()
                .with(
                        acknowledged -> {
                            span.end();
                            inFlight.remove(aggregate);
                            if (pending.remove(aggregate.key(), aggregate)) {
                                traces.remove(aggregate.key(), traceparent);
                            }
                        },
                        error -> {
                            span.setStatus(StatusCode.ERROR, String.valueOf(error));
                            span.end();
                            inFlight.remove(aggregate);
                            LOG.warnf(
                                    "Counter %s v%d not published yet: %s",
                                    aggregate.key(), aggregate.version(), error);
                            retryLater();
                        });
    }

    /** A producer span for the change, in the trace of the event that made it. */
    private Span publishSpan(ColorAggregate aggregate, String traceparent) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, TRACEPARENT);
        return tracer.spanBuilder(Topics.COLOR_AGGREGATES + " publish")
                .setParent(parent)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", Topics.COLOR_AGGREGATES)
                .setAttribute("colortracking.counter", aggregate.key())
                .setAttribute("colortracking.version", aggregate.version())
                .startSpan();
    }

    private static final TextMapSetter<Headers> HEADERS =
            (headers, key, value) -> headers.remove(key).add(key, value.getBytes(StandardCharsets.US_ASCII));

    /** Reads the one value a traceparent string is. */
    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return java.util.List.of(TraceParents.HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return TraceParents.HEADER.equals(key) ? carrier : null;
        }
    };

    private void retryLater() {
        if (retryScheduled.compareAndSet(false, true)) {
            Uni.createFrom().voidItem().onItem().delayIt().by(RETRY).subscribe().with(done -> {
                retryScheduled.set(false);
                publish(java.util.List.of(), Map.of());
            });
        }
    }
}
