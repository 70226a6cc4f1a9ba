package io.colortracking.ingest.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.colortracking.events.EventTimestamps;
import io.colortracking.events.PointerChunk;
import io.colortracking.events.Topics;
import io.colortracking.ingest.config.IngestConfig;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Puts accepted pointer chunks on {@code pointer_tracks}, keyed by session (a session's chunks stay
 * on one partition, in order), through the producer of the events' channel
 * ({@link ColorEventPublisher#CHANNEL}): one producer, one sender thread, shared batches.
 */
@ApplicationScoped
public class PointerTrackPublisher {

    private final KafkaClientService kafka;
    private final ObjectWriter writer;
    private final IngestConfig config;
    private volatile Producer<String, byte[]> producer;

    public PointerTrackPublisher(KafkaClientService kafka, ObjectMapper mapper, IngestConfig config) {
        this.kafka = kafka;
        this.config = config;
        this.writer = mapper.copy().registerModule(EventTimestamps.module()).writerFor(PointerChunk.class);
    }

    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> current = producer;
        if (current == null) {
            current = kafka.<String, byte[]>getProducer(ColorEventPublisher.CHANNEL)
                    .unwrap();
            producer = current;
        }
        return current;
    }

    /** @return completes when the broker acknowledged the chunk, exceptionally when not within the produce timeout */
    public CompletionStage<Void> publish(PointerChunk chunk) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            producer()
                    .send(
                            new ProducerRecord<>(Topics.POINTER_TRACKS, chunk.key(), writer.writeValueAsBytes(chunk)),
                            (metadata, error) -> {
                                if (error != null) {
                                    acknowledged.completeExceptionally(error);
                                } else {
                                    acknowledged.complete(null);
                                }
                            });
        } catch (JsonProcessingException e) {
            acknowledged.completeExceptionally(new IllegalStateException("Could not serialise a pointer chunk", e));
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged.orTimeout(config.produce().timeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
