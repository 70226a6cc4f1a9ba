package io.colortracking.counter.messaging;

import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.common.Backoff;
import io.colortracking.counter.config.CounterConfig;
import io.colortracking.counter.replay.ReplayStore;
import io.colortracking.events.JsonMessages;
import io.colortracking.events.PointerChunk;
import io.colortracking.events.PointerChunkRules;
import io.colortracking.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code pointer_tracks}, read as batches and handed to the {@link ReplayStore}, which stores each
 * chunk once; the batch's offsets are committed only after it is stored, so a crash reads it again
 * and the store's primary key makes that harmless. While PostgreSQL is away the same batch is tried
 * again after a growing backoff. A record that is no valid chunk is logged and skipped.
 */
@ApplicationScoped
public class PointerTracksListener {

    /** The channel over {@link Topics#POINTER_TRACKS}. */
    public static final String CHANNEL = "pointer-tracks";

    private static final Logger LOG = Logger.getLogger(PointerTracksListener.class);

    private final ReplayStore store;
    private final CounterConfig config;
    private final ObjectReader reader = JsonMessages.mapper().readerFor(PointerChunk.class);
    private volatile boolean stopping;

    public PointerTracksListener(ReplayStore store, CounterConfig config) {
        this.store = store;
        this.config = config;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void store(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        List<PointerChunk> chunks = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            PointerChunk chunk = decoded(record);
            if (chunk != null) {
                chunks.add(chunk);
            }
        }
        Backoff backoff =
                new Backoff(config.consumer().backoff(), config.consumer().maxBackoff());
        while (true) {
            if (stopping) {
                throw new IllegalStateException("Stopping: " + records.count() + " pointer records left unstored; "
                        + "their offsets are not committed, so they are read again");
            }
            try {
                store.store(chunks);
                return;
            } catch (Exception e) {
                LOG.warnf("%d pointer chunks not stored, tried again after a backoff: %s", chunks.size(), e.toString());
            }
            Thread.sleep(backoff.next().toMillis());
        }
    }

    private PointerChunk decoded(ConsumerRecord<String, byte[]> record) {
        String problem;
        try {
            PointerChunk chunk = record.value() == null ? null : reader.readValue(record.value());
            problem = chunk == null ? "no value" : PointerChunkRules.problemWith(chunk);
            if (problem == null) {
                return chunk;
            }
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage();
        }
        LOG.warnf(
                "Skipped the pointer record at %s-%d@%d: %s",
                record.topic(), record.partition(), record.offset(), problem);
        return null;
    }
}
