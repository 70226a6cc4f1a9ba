package io.colortracking.counter.messaging;

import io.colortracking.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Records that cannot be counted go to {@code color_events_dlq}, unchanged, with the reason and
 * their origin in headers, so they never block their partition and someone can look at them.
 * Sent and acknowledged before the batch's offsets are stored; a crash in between sends one again
 * (the dead-letter topic is at-least-once, the counts stay exact).
 */
@Singleton
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    /** A record that cannot be counted, and why. */
    public record DeadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    }

    /** The broker did not acknowledge every dead letter: the batch must be read again. */
    public static class NotAcknowledged extends Exception {
        NotAcknowledged(Throwable cause) {
            super("Dead letters not acknowledged: " + cause, cause);
        }
    }

    private final Producer<String, byte[]> producer;

    public DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "counter-service-dlq");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    void onStop(@Observes ShutdownEvent event) {
        producer.close(Duration.ofSeconds(5));
    }

    public void send(List<DeadLetter> letters) throws NotAcknowledged {
        if (letters.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(letters.size());
        try {
            for (DeadLetter letter : letters) {
                ConsumerRecord<String, byte[]> record = letter.record();
                LOG.warnf("Not counted, sent to %s: %s-%d@%d: %s", Topics.COLOR_EVENTS_DLQ, record.topic(),
                        record.partition(), record.offset(), letter.reason());
                ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.COLOR_EVENTS_DLQ, record.key(),
                        record.value());
                dead.headers().add(Topics.DLQ_REASON, letter.reason().getBytes(StandardCharsets.UTF_8));
                dead.headers().add(Topics.DLQ_SOURCE, (record.topic() + "-" + record.partition() + "@" + record.offset())
                        .getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(dead));
            }
            for (Future<RecordMetadata> acknowledgement : sent) {
                acknowledgement.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAcknowledged(e);
        } catch (Exception e) {
            throw new NotAcknowledged(e);
        }
    }
}
