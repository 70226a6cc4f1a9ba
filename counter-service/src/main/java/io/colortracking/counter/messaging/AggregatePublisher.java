package io.colortracking.counter.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.counter.persistence.CounterRepository;
import io.colortracking.counter.persistence.HeatRepository;
import io.colortracking.events.ColorAggregate;
import io.colortracking.events.HeatGrid;
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
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes committed counters to the {@code color_aggregates} channel, keyed by counter (at once),
 * and committed all-time heatmaps to the {@code heat_grids} channel, keyed by grid (each at most
 * every 100 ms, its latest value). A value stays
 * pending until the broker acknowledged its latest version (sent again a second after a failure),
 * so a Kafka outage delays the live view but never loses its final value. A counter's change
 * continues the trace of the latest event that made it (its {@code traceparent}), when tracing is on.
 *
 * <p>Every instance changes every counter (a tenant's events spread over all partitions), and two
 * instances' records of one key may reach the broker in any order: a lower version could become
 * the key's last record, the one compaction keeps. So every acknowledged value is checked against
 * the database afterwards ({@link #SETTLE_INTERVAL}); where the committed version is newer, it is
 * sent again, after the stale one. The last record of a key is therefore always its committed value:
 * a record older than the value committed when it was checked is followed by a newer one, and a
 * value committed after that check is sent after it.
 */
@ApplicationScoped
public class AggregatePublisher {

    private static final Logger LOG = Logger.getLogger(AggregatePublisher.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration HEAT_INTERVAL = Duration.ofMillis(100);
    private static final Duration SETTLE_INTERVAL = Duration.ofMillis(250);

    private final MutinyEmitter<Record<String, byte[]>> channel;
    private final MutinyEmitter<Record<String, byte[]>> heatChannel;
    private final ObjectMapper mapper;
    private final Tracer tracer;
    private final CounterRepository counters;
    private final HeatRepository heat;
    /** By topic and key: the latest value not yet acknowledged. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** The traceparent of the latest event behind each pending counter, when it came with one. */
    private final Map<String, String> traces = new ConcurrentHashMap<>();

    private final Set<Pending> inFlight = ConcurrentHashMap.newKeySet();
    /** By topic and key: the highest version the broker acknowledged from this instance. */
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    /**
     * By topic and key: the value the broker acknowledged last from this instance (the last of its
     * records on the topic), not yet checked against the database.
     */
    private final Map<String, Pending> unsettled = new ConcurrentHashMap<>();

    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private volatile boolean settleFailing;
    /**
     * Heatmaps go out at most every {@link #HEAT_INTERVAL}, each its latest value: a grid is a whole
     * record (up to 1,024 cells), and a busy area changes in nearly every batch.
     */
    private final ScheduledExecutorService heatTicker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heat-grids-publisher");
        thread.setDaemon(true);
        return thread;
    });

    private final ScheduledExecutorService settler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "aggregates-settler");
        thread.setDaemon(true);
        return thread;
    });

    /** A value to publish: a {@link ColorAggregate} or a {@link HeatGrid}. */
    private record Pending(String topic, String key, long version, java.lang.Record value) {
        static Pending of(ColorAggregate aggregate) {
            return new Pending(Topics.COLOR_AGGREGATES, aggregate.key(), aggregate.version(), aggregate);
        }

        static Pending of(HeatGrid grid) {
            return new Pending(Topics.HEAT_GRIDS, grid.key(), grid.version(), grid);
        }

        boolean isHeat() {
            return topic.equals(Topics.HEAT_GRIDS);
        }

        String slot() {
            return topic + "/" + key;
        }
    }

    public AggregatePublisher(
            @Channel(Topics.COLOR_AGGREGATES) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                    MutinyEmitter<Record<String, byte[]>> channel,
            @Channel(Topics.HEAT_GRIDS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                    MutinyEmitter<Record<String, byte[]>> heatChannel,
            ObjectMapper mapper,
            Tracer tracer,
            CounterRepository counters,
            HeatRepository heat) {
        this.channel = channel;
        this.heatChannel = heatChannel;
        this.tracer = tracer;
        this.mapper = mapper;
        this.counters = counters;
        this.heat = heat;
        heatTicker.scheduleWithFixedDelay(
                this::sendHeat, HEAT_INTERVAL.toMillis(), HEAT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        settler.scheduleWithFixedDelay(
                this::settle, SETTLE_INTERVAL.toMillis(), SETTLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        heatTicker.shutdownNow();
        settler.shutdownNow();
    }

    /**
     * Sends these counters and heatmap cells, and any still unacknowledged from before.
     *
     * @param traceParents counter key → the W3C traceparent of the event behind its change
     */
    public void publish(
            Collection<ColorAggregate> changed, Collection<HeatGrid> heat, Map<String, String> traceParents) {
        for (ColorAggregate aggregate : changed) {
            hold(Pending.of(aggregate));
            String traceparent = traceParents.get(aggregate.key());
            if (traceparent != null) {
                traces.put(aggregate.key(), traceparent);
            }
        }
        for (HeatGrid grid : heat) {
            hold(Pending.of(grid));
        }
        sendPending(false);
    }

    /**
     * Sends what is pending and not in flight, of one kind: the counters (from the counting thread,
     * at once) or the heatmaps (from the ticker), so no value is sent by two threads.
     */
    private void sendPending(boolean heat) {
        for (Pending value : pending.values()) {
            if (value.isHeat() == heat && inFlight.add(value)) {
                send(value);
            }
        }
    }

    /** The ticker's round; a failure is logged, never the end of the ticker. */
    private void sendHeat() {
        try {
            sendPending(true);
        } catch (RuntimeException e) {
            LOG.warnf("Heatmaps not published this round: %s", e.toString());
        }
    }

    /**
     * Holds the value until it is acknowledged, unless this instance already had as new a value of
     * the key acknowledged: a value read before a newer one was published (the republishing of
     * everything at start or after a commit in doubt) must not become the key's last record.
     */
    private void hold(Pending value) {
        if (value.version() <= acknowledged.getOrDefault(value.slot(), 0L)) {
            return;
        }
        pending.merge(value.slot(), value, AggregatePublisher::newer);
    }

    private static Pending newer(Pending old, Pending fresh) {
        return fresh.version() >= old.version() ? fresh : old;
    }

    /**
     * Checks the acknowledged values against the database: a key whose committed version is newer
     * than the value last acknowledged here is sent again, at its committed value (counters at
     * once, heatmaps with the ticker's next round), whatever this instance acknowledged before.
     */
    private void settle() {
        if (unsettled.isEmpty()) {
            return;
        }
        List<Pending> checking = new ArrayList<>();
        for (String slot : List.copyOf(unsettled.keySet())) {
            Pending value = unsettled.remove(slot);
            if (value != null) {
                checking.add(value);
            }
        }
        try {
            Map<String, Pending> sent = new HashMap<>();
            checking.forEach(value -> sent.put(value.slot(), value));
            List<Pending> committed = new ArrayList<>();
            counters.current(checking.stream()
                            .filter(value -> !value.isHeat())
                            .map(value -> (ColorAggregate) value.value())
                            .toList())
                    .forEach(counter -> committed.add(Pending.of(counter)));
            heat.currentTotals(checking.stream()
                            .filter(Pending::isHeat)
                            .map(value -> (HeatGrid) value.value())
                            .toList())
                    .forEach(grid -> committed.add(Pending.of(grid)));
            boolean resend = false;
            for (Pending value : committed) {
                Pending waiting = pending.get(value.slot());
                if (waiting != null && waiting.version() >= value.version()) {
                    continue; // as new a value is still to be sent or acknowledged here: it is checked then
                }
                if (value.version() > sent.get(value.slot()).version()) {
                    LOG.debugf(
                            "%s %s: v%d was published after v%d; v%d sent again",
                            value.topic(),
                            value.key(),
                            sent.get(value.slot()).version(),
                            value.version(),
                            value.version());
                    pending.merge(value.slot(), value, AggregatePublisher::newer);
                    resend |= !value.isHeat();
                }
            }
            settleFailing = false;
            if (resend) {
                sendPending(false);
            }
        } catch (Exception e) {
            // a value acknowledged meanwhile is the later record: it is the one to check
            checking.forEach(value -> unsettled.putIfAbsent(value.slot(), value));
            if (!settleFailing) {
                LOG.warnf("Published values not checked against the database yet: %s", e.toString());
            }
            settleFailing = true;
        }
    }

    private void send(Pending change) {
        byte[] value;
        try {
            value = mapper.writeValueAsBytes(change.value());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise " + change.value(), e);
        }
        Message<Record<String, byte[]>> message = Message.of(Record.of(change.key(), value));
        String traceparent = change.value() instanceof ColorAggregate ? traces.get(change.key()) : null;
        Span span = traceparent == null ? Span.getInvalid() : publishSpan((ColorAggregate) change.value(), traceparent);
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
        MutinyEmitter<Record<String, byte[]>> to = change.isHeat() ? heatChannel : channel;
        to.sendMessage(message)
                .subscribe()
                .with(
                        done -> {
                            span.end();
                            acknowledged.merge(change.slot(), change.version(), Math::max);
                            // the last acknowledged, whatever its version: a record that lands after a
                            // newer one is checked, and followed by the committed value
                            unsettled.put(change.slot(), change);
                            inFlight.remove(change);
                            if (pending.remove(change.slot(), change) && traceparent != null) {
                                traces.remove(change.key(), traceparent);
                            }
                        },
                        error -> {
                            span.setStatus(StatusCode.ERROR, String.valueOf(error));
                            span.end();
                            inFlight.remove(change);
                            LOG.warnf(
                                    "%s %s v%d not published yet: %s",
                                    change.topic(), change.key(), change.version(), error);
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
            return List.of(TraceParents.HEADER);
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
                publish(List.of(), List.of(), Map.of());
            });
        }
    }
}
