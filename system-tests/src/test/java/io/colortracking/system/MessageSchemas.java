package io.colortracking.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.colortracking.events.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The JSON Schemas of {@code events/}, with their formats asserted (uuid, date-time), not only named. */
final class MessageSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private MessageSchemas() {}

    /** @return what the JSON value breaks of its topic's schema; empty when it conforms */
    static List<String> violations(Topic topic, String json) throws IOException {
        try (InputStream schema = Topic.class.getResourceAsStream(topic.schema())) {
            JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(schema, CONFIG);
            return validator.validate(MAPPER.readTree(json)).stream()
                    .map(ValidationMessage::getMessage)
                    .toList();
        }
    }
}
