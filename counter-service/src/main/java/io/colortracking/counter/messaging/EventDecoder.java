package io.colortracking.counter.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.colortracking.counter.config.CounterConfig;
import io.colortracking.counter.counting.ConsumedEvent;
import io.colortracking.events.ColorEvent;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Reads the records of a batch as events. A record that cannot be counted (unreadable, incomplete,
 * or naming a color outside the palette) holds no event, so its offset still moves on, and becomes
 * a dead letter with the reason.
 */
@Singleton
public class EventDecoder {

    /** What the database accepts; anything else would fail the whole batch again and again. */
    private static final Pattern API_KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    /** A batch as events, in record order, and the records that go to the dead-letter topic. */
    public record Decoded(List<ConsumedEvent> events, List<DeadLetters.DeadLetter> dead) {
    }

    private final ObjectReader reader;
    private final Set<String> palette;

    public EventDecoder(ObjectMapper mapper, CounterConfig config) {
        this.palette = new LinkedHashSet<>(config.palette());
        this.reader = mapper.copy()
                .registerModule(new SimpleModule("event-timestamps").addDeserializer(Instant.class, new IsoInstantDeserializer()))
                .readerFor(ColorEvent.class);
    }

    public Decoded decode(ConsumerRecords<String, byte[]> records) {
        List<ConsumedEvent> events = new ArrayList<>(records.count());
        List<DeadLetters.DeadLetter> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ColorEvent event = null;
            String reason;
            try {
                event = record.value() == null ? null : reader.readValue(record.value());
                reason = problemWith(event);
            } catch (IOException e) {
                reason = "unreadable: " + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage());
            }
            if (reason != null) {
                dead.add(new DeadLetters.DeadLetter(record, reason));
                event = null;
            }
            events.add(new ConsumedEvent(record.topic(), record.partition(), record.offset(), event));
        }
        return new Decoded(events, dead);
    }

    /** @return why the event cannot be counted, or {@code null} */
    private String problemWith(ColorEvent event) {
        if (event == null) {
            return "no value";
        }
        if (event.id() == null || event.apiKey() == null || event.action() == null || event.color() == null
                || event.receivedAt() == null) {
            return "incomplete: id, api_key, action, color and received_at are required";
        }
        if (!API_KEY.matcher(event.apiKey()).matches()) {
            return "api_key is not 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' and '.'";
        }
        if (event.receivedAt().isBefore(EARLIEST) || event.receivedAt().isAfter(LATEST)) {
            return "received_at " + event.receivedAt() + " is out of range";
        }
        if (!palette.contains(event.color())) {
            return "unknown color '" + event.color() + "'; the palette is " + String.join(", ", palette);
        }
        return null;
    }
}
