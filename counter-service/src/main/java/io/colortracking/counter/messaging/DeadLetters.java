package io.colortracking.counter.messaging;

import io.colortracking.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Records that cannot be counted go to the {@code color_events_dlq} channel, unchanged, with the
 * reason and their origin in headers, so they never block their partition and someone can look at
 * them. Sent and acknowledged before the batch's offsets are stored; a crash in between sends one
 * again (the dead-letter topic is at-least-once, the counts stay exact).
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration ACKNOWLEDGEMENT = Duration.ofSeconds(30);

    /** A record that cannot be counted (where it was read, its key and value as they were), and why. */
    public record DeadLetter(String topic, int partition, long offset, String key, byte[] value, String reason) {}

    /** The broker did not acknowledge every dead letter: the batch must be read again. */
    public static class NotAcknowledged extends Exception {
        NotAcknowledged(Throwable cause) {
            super("Dead letters not acknowledged: " + cause, cause);
        }
    }

    private final MutinyEmitter<Record<String, byte[]>> channel;

    public DeadLetters(
            @Channel(Topics.COLOR_EVENTS_DLQ) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                    MutinyEmitter<Record<String, byte[]>> channel) {
        this.channel = channel;
    }

    public void send(List<DeadLetter> letters) throws NotAcknowledged {
        if (letters.isEmpty()) {
            return;
        }
        List<Uni<Void>> sent = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            LOG.warnf(
                    "Not counted, sent to %s: %s-%d@%d: %s",
                    Topics.COLOR_EVENTS_DLQ, letter.topic(), letter.partition(), letter.offset(), letter.reason());
            RecordHeaders headers = new RecordHeaders();
            headers.add(Topics.DLQ_REASON, letter.reason().getBytes(StandardCharsets.UTF_8));
            headers.add(
                    Topics.DLQ_SOURCE,
                    (letter.topic() + "-" + letter.partition() + "@" + letter.offset())
                            .getBytes(StandardCharsets.UTF_8));
            var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withHeaders(headers)
                    .build();
            sent.add(channel.sendMessage(
                    Message.of(Record.of(letter.key(), letter.value())).addMetadata(metadata)));
        }
        try {
            Uni.join().all(sent).andFailFast().await().atMost(ACKNOWLEDGEMENT);
        } catch (RuntimeException e) {
            throw new NotAcknowledged(e);
        }
    }
}
