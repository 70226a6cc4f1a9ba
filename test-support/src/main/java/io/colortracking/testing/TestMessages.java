package io.colortracking.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.JsonMessages;

/** Test fixtures are built from the message records of {@code events/} and written as the services write them. */
public final class TestMessages {

    private static final ObjectMapper MAPPER = JsonMessages.mapper();

    private TestMessages() {}

    /** The record as JSON, as it travels on its topic. */
    public static String json(Record message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write " + message, e);
        }
    }
}
