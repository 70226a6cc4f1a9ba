package io.colortracking.counter.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.colortracking.events.ColorAggregate;
import io.colortracking.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes committed counters to the {@code color_aggregates} channel, keyed by counter. A counter
 * stays pending until the broker acknowledged its latest version (sent again a second after a
 * failure), so a Kafka outage delays the live view but never loses its final value.
 */
@ApplicationScoped
public class AggregatePublisher {

    private static final Logger LOG = Logger.getLogger(AggregatePublisher.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final MutinyEmitter<Record<String, byte[]>> channel;
    private final ObjectWriter writer;
    private final Map<String, ColorAggregate> pending = new ConcurrentHashMap<>();
    private final Set<ColorAggregate> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean retryScheduled = new AtomicBoolean();

    public AggregatePublisher(
            @Channel(Topics.COLOR_AGGREGATES) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                    MutinyEmitter<Record<String, byte[]>> channel,
            ObjectMapper mapper) {
        this.channel = channel;
        this.writer = mapper.writerFor(ColorAggregate.class);
    }

    /** Sends these counters and any still unacknowledged from before. */
    public void publish(Collection<ColorAggregate> changed) {
        for (ColorAggregate aggregate : changed) {
            pending.merge(aggregate.key(), aggregate, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
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
        channel.send(Record.of(aggregate.key(), value))
                .subscribe()
                .with(
                        acknowledged -> {
                            inFlight.remove(aggregate);
                            pending.remove(aggregate.key(), aggregate);
                        },
                        error -> {
                            inFlight.remove(aggregate);
                            LOG.warnf(
                                    "Counter %s v%d not published yet: %s",
                                    aggregate.key(), aggregate.version(), error);
                            retryLater();
                        });
    }

    private void retryLater() {
        if (retryScheduled.compareAndSet(false, true)) {
            Uni.createFrom().voidItem().onItem().delayIt().by(RETRY).subscribe().with(done -> {
                retryScheduled.set(false);
                publish(java.util.List.of());
            });
        }
    }
}
