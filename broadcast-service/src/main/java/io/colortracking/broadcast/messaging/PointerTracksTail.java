package io.colortracking.broadcast.messaging;

import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.broadcast.live.CursorViewers;
import io.colortracking.events.JsonMessages;
import io.colortracking.events.PointerChunk;
import io.colortracking.events.PointerChunkRules;
import io.colortracking.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Visitors' pointer chunks for the live cursors: every partition of {@code pointer_tracks} read by
 * every instance from its end (a consumer group of its own, nothing committed), so any instance
 * serves any viewer; what came before a start is history, for replay, not live.
 */
@ApplicationScoped
public class PointerTracksTail {

    private static final Logger LOG = Logger.getLogger(PointerTracksTail.class);

    private final CursorViewers cursors;
    private final ObjectReader reader = JsonMessages.mapper().readerFor(PointerChunk.class);

    public PointerTracksTail(CursorViewers cursors) {
        this.cursors = cursors;
    }

    @Incoming(Topics.POINTER_TRACKS)
    public void apply(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                PointerChunk chunk = reader.readValue(record.value());
                String problem = PointerChunkRules.problemWith(chunk);
                if (problem == null) {
                    cursors.chunk(chunk);
                } else {
                    LOG.debugf("Pointer record at %d@%d skipped: %s", record.partition(), record.offset(), problem);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debugf("Pointer record at %d@%d skipped: %s", record.partition(), record.offset(), e.toString());
            }
        }
    }
}
