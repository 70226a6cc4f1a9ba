package io.colortracking.broadcast.sse;

import static io.colortracking.broadcast.BroadcastTesting.activeKey;
import static io.colortracking.broadcast.BroadcastTesting.aggregate;
import static io.colortracking.broadcast.BroadcastTesting.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.colortracking.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class LiveStreamTest {

    @TestHTTPResource("/v1/live")
    URI live;

    @TestHTTPResource("/v1/live/sse")
    URI sse;

    @Test
    void theStreamCarriesTheSnapshotThenUpdatesAsServerSentEvents() throws Exception {
        // given
        String apiKey = activeKey(live.toString().replaceFirst("^http", "ws"), "sse");
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(sse + "?api_key=" + apiKey))
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> response.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            await().until(() -> lines.stream().anyMatch(l -> l.startsWith("data: {\"type\":\"snapshot\"")));

            // when
            publish(List.of(aggregate(apiKey, "hover", "yellow", 2, 2)));

            // then
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> lines.stream()
                            .anyMatch(l -> l.startsWith("data: {\"type\":\"update\"")
                                    && l.contains("\"yellow\",\"amount\":2")));

            // and when its key is revoked, the stream says why and ends
            io.colortracking.testing.TestKeys.revoke(apiKey);
            await().atMost(Duration.ofSeconds(2)).until(() -> lines.contains("event: close"));
            assertThat(lines).anyMatch(l -> l.contains("\"code\":4401"));
        } finally {
            response.body().close();
        }
    }

    @Test
    void thePageThatOpensTheStreamMayReadIt() {
        String apiKey = activeKey(live.toString().replaceFirst("^http", "ws"), "sse-cors");
        io.restassured.RestAssured.given()
                .header("Origin", "https://dashboard.example")
                .queryParam("api_key", "nobody-" + UUID.randomUUID())
                .get("/v1/live/sse")
                .then()
                .statusCode(401)
                .header("Access-Control-Allow-Origin", "https://dashboard.example");
        assertThat(apiKey).isNotBlank();
    }

    @Test
    void anUnknownKeyIsRefusedBeforeTheStreamStarts() {
        given().queryParam("api_key", "nobody-" + UUID.randomUUID())
                .get("/v1/live/sse")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("unknown or revoked"));
    }
}
