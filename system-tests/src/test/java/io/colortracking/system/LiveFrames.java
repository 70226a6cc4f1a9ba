package io.colortracking.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a /v1/live client shows after its frames, as the dashboard applies them. */
final class LiveFrames {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LiveFrames() {}

    /**
     * "action:color" → amount after applying every frame in order, keeping the highest version;
     * a change older than one already applied is a failure (versions never go back).
     */
    static Map<String, Long> latestAmounts(List<String> frames) throws Exception {
        Map<String, Long> amounts = new HashMap<>();
        Map<String, Long> versions = new HashMap<>();
        for (String text : frames) {
            JsonNode frame = MAPPER.readTree(text);
            if (frame.path("type").asText().equals("snapshot")) {
                frame.path("counts")
                        .fields()
                        .forEachRemaining(action -> action.getValue().fields().forEachRemaining(color -> {
                            String key = action.getKey() + ":" + color.getKey();
                            long version = frame.path("versions")
                                    .path(action.getKey())
                                    .path(color.getKey())
                                    .asLong();
                            if (version >= versions.getOrDefault(key, 0L)) {
                                versions.put(key, version);
                                amounts.put(key, color.getValue().asLong());
                            }
                        }));
            } else {
                for (JsonNode change : frame.path("changes")) {
                    String key = change.path("action").asText() + ":"
                            + change.path("color").asText();
                    long version = change.path("version").asLong();
                    if (version < versions.getOrDefault(key, 0L)) {
                        throw new AssertionError(
                                "version of " + key + " went back: " + version + " < " + versions.get(key));
                    }
                    versions.put(key, version);
                    amounts.put(key, change.path("amount").asLong());
                }
            }
        }
        return amounts;
    }
}
