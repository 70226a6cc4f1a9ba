package io.colortracking.counter.messaging;

import io.colortracking.counter.counting.ConsumedEvent;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Turns a batch, as {@link EventValueDeserializer} read and checked it, into what is counted and
 * what goes to the dead-letter topic. A record that cannot be counted holds no event (its offset
 * still moves on) and becomes a dead letter with the reason.
 */
@Singleton
public class EventDecoder {

    /** A batch as events, in record order, and the records that go to the dead-letter topic. */
    public record Decoded(List<ConsumedEvent> events, List<DeadLetters.DeadLetter> dead) {}

    public Decoded decode(ConsumerRecords<String, EventValue> records) {
        List<ConsumedEvent> events = new ArrayList<>(records.count());
        List<DeadLetters.DeadLetter> dead = new ArrayList<>();
        for (ConsumerRecord<String, EventValue> record : records) {
            EventValue value = record.value();
            if (value.problem() != null) {
                dead.add(new DeadLetters.DeadLetter(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.key(),
                        value.bytes(),
                        value.problem()));
            }
            events.add(new ConsumedEvent(record.topic(), record.partition(), record.offset(), value.event()));
        }
        return new Decoded(events, dead);
    }
}
