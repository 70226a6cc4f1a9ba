package io.colortracking.ingest.messaging;

import io.colortracking.events.ColorEvent;
import io.colortracking.events.ColorEventWriter;
import io.colortracking.events.Topics;
import io.colortracking.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Puts accepted events on their topics, through the producer of the {@link #CHANNEL} channel
 * (configured in {@code application.properties} and the {@link EventProducerSettings} bean). A
 * request is acknowledged only when the broker has acknowledged every event in it.
 *
 * <p>Why the channel's producer and not its emitter: with a per-message emit, benchmark P1 falls
 * from 0.657 to 0.099 of the producer's own ceiling (measured side by side; the service README and
 * bench/README.md have the figures). The emitter is still injected: it is what wires the channel's producer. One channel (one
 * producer) for both topics, not one per topic: a request's clicks and hovers then share batches
 * and one sender thread (two producers cost P1 a fifth of its throughput, bench/README.md). The
 * records' bytes are {@link ColorEventWriter}'s: those of the databind writer, without databind.
 */
@ApplicationScoped
public class ColorEventPublisher {

    /** The outgoing channel both event topics are written through (each record names its topic). */
    public static final String CHANNEL = "color-events";

    private static final Logger LOG = Logger.getLogger(ColorEventPublisher.class);

    private final KafkaClientService kafka;
    private final IngestConfig config;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer acknowledgedTimer;
    private final Timer failedTimer;
    private volatile Producer<String, byte[]> producer;

    public ColorEventPublisher(
            KafkaClientService kafka,
            @Channel(CHANNEL) MutinyEmitter<byte[]> channel,
            IngestConfig config,
            MeterRegistry registry) {
        this.kafka = kafka;
        this.acknowledgedTimer = produceTimer(registry, "acknowledged");
        this.failedTimer = produceTimer(registry, "failed");
        Gauge.builder("colortracking.ingest.events.in.flight", inFlight, AtomicInteger::get)
                .description("Events sent to Kafka and not yet acknowledged or failed")
                .register(registry);
        this.config = config;
    }

    private static Timer produceTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("colortracking.ingest.produce")
                .description("From the first send of a request's events to the broker's acknowledgement of all")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        try {
            awaitMetadata(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warnf("Kafka is not reachable yet (%s); requests get 503 until it is", e.getMessage());
        }
    }

    /**
     * Fetches the topics' metadata before the first request: with {@code max.block.ms=0}, a send
     * without it would fail. Afterwards the producers keep it fresh in the background.
     */
    private void awaitMetadata(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String topic : List.of(Topics.CLICK_ON_COLORS, Topics.HOVER_ON_COLORS, Topics.POINTER_TRACKS)) {
            while (true) {
                try {
                    producer().partitionsFor(topic);
                    break;
                } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                }
            }
        }
    }

    private static final TextMapSetter<Headers> HEADERS =
            (headers, key, value) -> headers.remove(key).add(key, value.getBytes(StandardCharsets.US_ASCII));

    /** The channel's producer; the connector creates it at start. */
    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> current = producer;
        if (current == null) {
            current = kafka.<String, byte[]>getProducer(CHANNEL).unwrap();
            producer = current;
        }
        return current;
    }

    /**
     * @return completes when the broker has acknowledged every event, or exceptionally when any
     *     was not acknowledged within the produce timeout
     */
    public CompletionStage<Void> publish(List<ColorEvent> events) {
        long started = System.nanoTime();
        inFlight.addAndGet(events.size());
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(events.size());
        try {
            // the request's trace goes on with each event (W3C traceparent header), when tracing is on
            Context trace = Context.current();
            boolean traced = Span.fromContext(trace).getSpanContext().isValid();
            ColorEventWriter writer = new ColorEventWriter();
            for (ColorEvent event : events) {
                // keyed by event id: a tenant spreads over every partition (and counter instance),
                // and a re-sent event lands on the partition of its original
                var record = new ProducerRecord<>(
                        Topics.forAction(event.action()), event.id().toString(), writer.write(event));
                if (traced) {
                    W3CTraceContextPropagator.getInstance().inject(trace, record.headers(), HEADERS);
                }
                producer().send(record, (metadata, error) -> {
                    if (error != null) {
                        acknowledged.completeExceptionally(error);
                    } else if (pending.decrementAndGet() == 0) {
                        acknowledged.complete(null);
                    }
                });
            }
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged
                .orTimeout(config.produce().timeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, error) -> {
                    inFlight.addAndGet(-events.size());
                    (error == null ? acknowledgedTimer : failedTimer)
                            .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                });
    }
}
