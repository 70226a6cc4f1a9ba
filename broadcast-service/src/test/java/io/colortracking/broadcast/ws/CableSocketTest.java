package io.colortracking.broadcast.ws;

import static io.colortracking.broadcast.BroadcastTesting.activeKey;
import static io.colortracking.broadcast.BroadcastTesting.aggregate;
import static io.colortracking.broadcast.BroadcastTesting.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.LiveClient;
import io.colortracking.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The seed's ActionCable protocol, as {@code @rails/actioncable} speaks it. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class CableSocketTest {

    private static final String PROTOCOL = "actioncable-v1-json";
    private static final String CLICKS = "{\"channel\":\"ClicksChannel\"}";

    @TestHTTPResource("/v1/live")
    URI live;

    @TestHTTPResource("/v1/events/cable")
    URI cable;

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aSubscriberGetsWelcomeConfirmationAndTheResultsAfterEveryChange() throws Exception {
        // given
        String apiKey = activeKey(ws(live), "cable");
        try (LiveClient client = LiveClient.connect(ws(cable) + "?api_key=" + apiKey, PROTOCOL)) {
            assertThat(client.subprotocol()).isEqualTo(PROTOCOL);
            await().until(() -> client.frames().stream().anyMatch(f -> f.contains("\"welcome\"")));

            // when
            client.send(mapper.writeValueAsString(java.util.Map.of("command", "subscribe", "identifier", CLICKS)));
            await().until(() -> client.frames().stream().anyMatch(f -> f.contains("confirm_subscription")));
            publish(List.of(aggregate(apiKey, "click", "red", 5, 5)));

            // then: every palette color of the action, with the new amount
            await().atMost(Duration.ofSeconds(5)).until(() -> redClicks(client) == 5);
            JsonNode message = lastMessage(client);
            assertThat(message.get("identifier").asText()).isEqualTo(CLICKS);
            assertThat(message.at("/message/results")).hasSize(4);
            assertThat(message.at("/message/results/0/action").asText()).isEqualTo("click");
            // and pings keep it alive
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> client.frames().stream().anyMatch(f -> f.contains("\"ping\"")));
        }
    }

    @Test
    void withoutKeyTheCompatibilityKeyIsServedAndAnUnknownChannelIsRejected() throws Exception {
        // given
        TestKeys.register("testing");
        try (LiveClient client = welcomed(ws(cable))) {
            // when
            client.send("{\"command\":\"subscribe\",\"identifier\":\"{\\\"channel\\\":\\\"ChatChannel\\\"}\"}");

            // then
            await().until(() -> client.frames().stream().anyMatch(f -> f.contains("reject_subscription")));
            assertThat(client.closeCode()).isNull();
        }
    }

    @Test
    void aClientFloodingCommandsIsClosedWithPolicyViolationWhileAnotherStaysServed() throws Exception {
        // given: two subscribed clients of one key
        String apiKey = activeKey(ws(live), "cable-flood");
        String subscribe = mapper.writeValueAsString(java.util.Map.of("command", "subscribe", "identifier", CLICKS));
        try (LiveClient flood = welcomed(ws(cable) + "?api_key=" + apiKey);
                LiveClient calm = welcomed(ws(cable) + "?api_key=" + apiKey)) {
            calm.send(subscribe);
            await().until(() -> calm.frames().stream().anyMatch(f -> f.contains("confirm_subscription")));

            // when: one sends subscribe after subscribe (each would be answered)
            for (int i = 0; i < 200 && flood.closeCode() == null; i++) {
                try {
                    flood.send(subscribe);
                } catch (Exception closed) {
                    break;
                }
            }

            // then: it is closed with 1008 and says why; the other still gets its results
            await().atMost(Duration.ofSeconds(5)).until(() -> flood.closeCode() != null);
            assertThat(flood.closeCode()).isEqualTo(1008);
            assertThat(flood.closeReason()).contains("messages in a second");
            publish(List.of(aggregate(apiKey, "click", "red", 3, 3)));
            await().atMost(Duration.ofSeconds(5)).until(() -> redClicks(calm) == 3);
            assertThat(calm.closeCode()).isNull();
        }
    }

    @Test
    void anUnknownKeyIsToldItIsUnauthorizedAndClosed() throws Exception {
        try (LiveClient client = LiveClient.connect(ws(cable) + "?api_key=nobody-" + UUID.randomUUID(), PROTOCOL)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.closeCode() != null);
            assertThat(client.frames()).anyMatch(f -> f.contains("\"disconnect\"") && f.contains("unauthorized"));
            assertThat(client.closeCode()).isEqualTo(4401);
        }
    }

    /** Connects until the server welcomes the client (a key registered a moment ago may not be known yet). */
    private static LiveClient welcomed(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            LiveClient client = LiveClient.connect(url, PROTOCOL);
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.frames().isEmpty());
            if (client.frames().get(0).contains("\"welcome\"")) {
                return client;
            }
            client.close();
            assertThat(System.nanoTime()).as("welcomed within 10 s").isLessThan(deadline);
        }
    }

    @Test
    void revokingTheKeyDisconnectsItsCableClients() throws Exception {
        // given
        String apiKey = activeKey(ws(live), "cable-revoked");
        try (LiveClient client = welcomed(ws(cable) + "?api_key=" + apiKey)) {
            // when
            TestKeys.revoke(apiKey);

            // then
            await().atMost(Duration.ofSeconds(2)).until(() -> client.closeCode() != null);
            assertThat(client.closeCode()).isEqualTo(4401);
        }
    }

    private long redClicks(LiveClient client) throws Exception {
        JsonNode message = lastMessage(client);
        if (message == null) {
            return -1;
        }
        for (JsonNode result : message.at("/message/results")) {
            if (result.get("color").asText().equals("red")) {
                return result.get("amount").asLong();
            }
        }
        return -1;
    }

    private JsonNode lastMessage(LiveClient client) throws Exception {
        JsonNode last = null;
        for (String frame : client.frames()) {
            JsonNode node = mapper.readTree(frame);
            if (node.has("message") && node.get("message").isObject()) {
                last = node;
            }
        }
        return last;
    }

    private static String ws(URI uri) {
        return uri.toString().replaceFirst("^http", "ws");
    }
}
