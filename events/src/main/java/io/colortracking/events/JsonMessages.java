package io.colortracking.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * How the message records travel: JSON, timestamps as ISO-8601 text ({@link EventTimestamps}),
 * fields a reader does not know ignored (a newer writer may add optional ones). For code that has
 * no Quarkus-configured mapper at hand, such as a Kafka deserializer.
 */
public final class JsonMessages {

    private JsonMessages() {}

    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(EventTimestamps.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
