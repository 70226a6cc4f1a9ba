package io.colortracking.counter.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.events.ColorEvent;
import io.colortracking.events.ColorEventRules;
import io.colortracking.events.JsonMessages;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The events channel's value deserializer ({@code value.deserializer} in application.properties):
 * JSON to {@link ColorEvent}, checked against the rules every service shares, on the polling
 * thread. It never throws, so a poison record cannot stop the channel; what cannot be counted is
 * handed on with its bytes and the reason. The palette comes with the channel's settings
 * ({@link #PALETTE}).
 */
public class EventValueDeserializer implements Deserializer<EventValue> {

    /** The channel setting that names the palette, comma-separated. */
    public static final String PALETTE = "colortracking.palette";

    private final ObjectReader reader = JsonMessages.mapper().readerFor(ColorEvent.class);
    private Set<String> palette;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object value = configs.get(PALETTE);
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException(PALETTE, value, "the events channel needs the palette to check events against");
        }
        palette = new LinkedHashSet<>(List.of(value.toString().split("\\s*,\\s*")));
    }

    @Override
    public EventValue deserialize(String topic, byte[] data) {
        if (data == null) {
            return new EventValue(null, null, "no value");
        }
        ColorEvent event;
        try {
            event = reader.readValue(data);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            return new EventValue(null, data, "unreadable: " + reason);
        }
        String problem = ColorEventRules.problemWith(event, palette);
        if (problem != null) {
            return new EventValue(null, data, problem);
        }
        if (ColorEventRules.positionProblem(event) != null) {
            // written before ingest checked positions: counted, in no heatmap
            event = event.withoutPosition();
        }
        return new EventValue(event, data, null);
    }
}
