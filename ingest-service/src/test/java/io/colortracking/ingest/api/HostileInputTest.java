package io.colortracking.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the internet sends that it should not: every case gets its specific 4xx as a problem
 * detail, nothing reaches Kafka, and the service stays healthy.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class HostileInputTest {

    /** Every case uses these keys; no valid event is ever sent with them. */
    private static String key;

    private static String shopKey;

    record Case(String name, int status, Function<UsableKeys, Response> request) {
        @Override
        public String toString() {
            return status + " " + name;
        }
    }

    /** The keys a case may use, known only once the service runs. */
    record UsableKeys(String key, String shopKey) {}

    @BeforeEach
    void givenTheKeysOfThisTest() {
        if (key == null) {
            key = Keys.active("hostile");
            shopKey = Keys.active("hostile-shop", List.of("https://shop.example"), 100_000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithItsStatusAndNothingReachesKafka(Case hostile) {
        // when
        Response response = hostile.request().apply(new UsableKeys(key, shopKey));

        // then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(hostile.status());
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("detail")).isNotBlank();
        assertThat(response.jsonPath().getInt("status")).isEqualTo(hostile.status());
        assertThat(TopicRecords.read(
                        Topics.CLICK_ON_COLORS, TopicRecords.ofTenant(key).or(TopicRecords.ofTenant(shopKey))))
                .isEmpty();
        assertThat(TopicRecords.read(
                        Topics.HOVER_ON_COLORS, TopicRecords.ofTenant(key).or(TopicRecords.ofTenant(shopKey))))
                .isEmpty();
        given().get("/q/health/live").then().statusCode(200);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String valid = "{\"action\":\"click\",\"color\":\"red\"}";
        // malformed JSON
        for (String body : List.of(
                "{",
                "{\"action\":\"click\",",
                "[",
                "nul",
                "{\"action\":\"click\" \"color\":\"red\"}",
                "{'action':'click','color':'red'}",
                "{action:\"click\",color:\"red\"}",
                "{\"action\":\"click\",\"color\":\"red\",}",
                "/*x*/" + valid,
                valid + " {}",
                valid + "garbage",
                "{\"action\":\"click\",\"action\":\"hover\",\"color\":\"red\"}",
                "{\"action\":\"click\",\"color\":\"red\",\"x\":NaN}",
                "{\"action\":\"click\",\"color\":\"red\",\"x\":Infinity}",
                "{\"action\":\"click\",\"color\":\"red\",\"y\":-Infinity}",
                "{\"action\":\"click\",\"color\":\"red\",\"x\":01}",
                "{\"action\":\"click\",\"color\":\"red\",\"x\":0x1}",
                "",
                "   ",
                "{\"action\":\"click\",\"color\":\"re\u0001d\"}",
                "{\"events\":" + "[".repeat(20) + "]".repeat(20) + "}",
                "[".repeat(10_000) + "]".repeat(10_000))) {
            cases.add(new Case("malformed " + abbreviate(body), 400, k -> json(k.key(), body)));
        }
        cases.add(new Case(
                "invalid UTF-8 start byte",
                400,
                k -> bytes(k.key(), new byte[] {'{', '"', 'a', '"', ':', (byte) 0xff, '}'})));
        cases.add(new Case(
                "overlong UTF-8 encoding",
                400,
                k -> bytes(
                        k.key(),
                        concat(
                                "{\"action\":\"click\",\"color\":\"red\",\"page\":\"",
                                new byte[] {(byte) 0xc0, (byte) 0xaf},
                                "\"}"))));
        cases.add(new Case(
                "truncated UTF-8 sequence",
                400,
                k -> bytes(
                        k.key(),
                        concat(
                                "{\"action\":\"click\",\"color\":\"red\",\"page\":\"",
                                new byte[] {(byte) 0xe2, (byte) 0x82},
                                "\"}"))));
        // not an event
        for (String body : List.of("[" + valid + "]", "\"click\"", "42", "true", "null", "{}")) {
            cases.add(new Case("not an event: " + body, 400, k -> json(k.key(), body)));
        }
        // wrong types and values
        for (String fields : List.of(
                "\"action\":1,\"color\":\"red\"",
                "\"action\":true,\"color\":\"red\"",
                "\"action\":null,\"color\":\"red\"",
                "\"action\":{},\"color\":\"red\"",
                "\"action\":[\"click\"],\"color\":\"red\"",
                "\"action\":\"scroll\",\"color\":\"red\"",
                "\"action\":\"CLICK\",\"color\":\"red\"",
                "\"color\":\"red\"",
                "\"action\":\"click\"",
                "\"action\":\"click\",\"color\":7",
                "\"action\":\"click\",\"color\":null",
                "\"action\":\"click\",\"color\":\"\"",
                "\"action\":\"click\",\"color\":\"RED\"",
                "\"action\":\"click\",\"color\":\" red\"",
                "\"action\":\"click\",\"color\":\"purple\"",
                "\"action\":\"click\",\"color\":\"red\\u0000\"",
                "\"action\":\"click\",\"color\":\"red\",\"id\":12",
                "\"action\":\"click\",\"color\":\"red\",\"id\":\"not-a-uuid\"",
                "\"action\":\"click\",\"color\":\"red\",\"id\":\"\"",
                "\"action\":\"click\",\"color\":\"red\",\"id\":\"3f0c9a521c1e4b599e0e2f6b1d6a7c11\"",
                "\"action\":\"click\",\"color\":\"red\",\"occurred_at\":1764237330",
                "\"action\":\"click\",\"color\":\"red\",\"occurred_at\":\"yesterday\"",
                "\"action\":\"click\",\"color\":\"red\",\"occurred_at\":\"2999-01-01T00:00:00Z\"",
                "\"action\":\"click\",\"color\":\"red\",\"occurred_at\":\"2026-11-27T10:00:00\"",
                "\"action\":\"click\",\"color\":\"red\",\"page\":42",
                "\"action\":\"click\",\"color\":\"red\",\"page\":\"" + "p".repeat(2049) + "\"",
                "\"action\":\"click\",\"color\":\"red\",\"page\":\"https://x.example/\\u0007\"",
                "\"action\":\"click\",\"color\":\"red\",\"page\":\"https://x.example/\\ud800\"",
                "\"action\":\"click\",\"color\":\"red\",\"x\":-0.1",
                "\"action\":\"click\",\"color\":\"red\",\"x\":1.5",
                "\"action\":\"click\",\"color\":\"red\",\"x\":\"0.5\"",
                "\"action\":\"click\",\"color\":\"red\",\"y\":1e400",
                "\"action\":\"click\",\"color\":\"red\",\"colour\":\"red\"",
                "\"action\":\"click\",\"color\":\"red\",\"amount\":5",
                "\"action\":\"click\",\"color\":\"red\",\"api_key\":\"someone-else\"")) {
            cases.add(new Case("invalid {" + abbreviate(fields) + "}", 400, k -> json(k.key(), "{" + fields + "}")));
        }
        cases.add(new Case(
                "occurred_at 11 minutes ahead",
                400,
                k -> json(
                        k.key(),
                        "{\"action\":\"click\",\"color\":\"red\"," + "\"occurred_at\":\""
                                + Instant.now().plus(11, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS) + "\"}")));
        // batch shapes
        for (String body : List.of(
                "{\"events\":{}}",
                "{\"events\":[]}",
                "{\"events\":null}",
                "{\"events\":[1,2,3]}",
                "{\"events\":[" + valid + "],\"extra\":1}",
                "{\"events\":[{\"action\":\"click\"},{\"color\":\"red\"}]}")) {
            cases.add(new Case("batch " + abbreviate(body), 400, k -> json(k.key(), body)));
        }
        cases.add(new Case(
                "501 events",
                413,
                k -> json(k.key(), "{\"events\":[" + String.join(",", Collections.nCopies(501, "{}")) + "]}")));
        cases.add(new Case(
                "20,000 empty events",
                413,
                k -> json(k.key(), "{\"events\":[" + String.join(",", Collections.nCopies(20_000, "{}")) + "]}")));
        cases.add(new Case(
                "a body over 256 KiB",
                413,
                k -> json(
                        k.key(),
                        "{\"action\":\"click\",\"color\":\"red\",\"page\":\"" + "p".repeat(300 * 1024) + "\"}")));
        // keys
        cases.add(new Case(
                "no key",
                401,
                k -> given().contentType("application/json").body(valid).post("/v1/events")));
        cases.add(new Case("empty X-API-Key", 401, k -> json(" ", valid)));
        cases.add(new Case("overlong key", 401, k -> json("k".repeat(65), valid)));
        cases.add(new Case("key with a space", 401, k -> json("a b", valid)));
        cases.add(new Case("key with a quote", 401, k -> json("a\"b", valid)));
        cases.add(new Case("unknown key", 401, k -> json("unknown-" + System.nanoTime(), valid)));
        cases.add(new Case(
                "Basic authorization", 401, k -> send(given().header("Authorization", "Basic dXNlcjpwYXNz"), valid)));
        cases.add(new Case("empty Bearer", 401, k -> send(given().header("Authorization", "Bearer "), valid)));
        cases.add(new Case(
                "overlong api_key parameter", 401, k -> send(given().queryParam("api_key", "q".repeat(200)), valid)));
        cases.add(new Case("empty api_key parameter", 401, k -> send(given().queryParam("api_key", ""), valid)));
        // origins
        cases.add(new Case(
                "disallowed origin",
                403,
                k -> send(given().header("X-API-Key", k.shopKey()).header("Origin", "https://evil.example"), valid)));
        cases.add(new Case(
                "origin that only starts like an allowed one",
                403,
                k -> send(
                        given().header("X-API-Key", k.shopKey()).header("Origin", "https://shop.example.evil.example"),
                        valid)));
        // content types
        for (String type : List.of(
                "application/xml", "application/octet-stream", "text/html", "image/png", "application/x-ndjson")) {
            cases.add(new Case(
                    "Content-Type " + type,
                    415,
                    k -> given().header("X-API-Key", k.key())
                            .contentType(type)
                            .body(valid.getBytes(StandardCharsets.UTF_8))
                            .post("/v1/events")));
        }
        // the seed's form
        cases.add(new Case("form without action", 400, k -> form(k.key(), null, "red")));
        cases.add(new Case("form without color", 400, k -> form(k.key(), "click", null)));
        cases.add(new Case("form with an unknown action", 400, k -> form(k.key(), "scroll", "red")));
        cases.add(new Case("form with an unknown color", 400, k -> form(k.key(), "click", "Red")));
        cases.add(new Case(
                "form without key",
                401,
                k -> given().formParam(EventsResource.FORM_ACTION, "click")
                        .formParam(EventsResource.FORM_COLOR, "red")
                        .post("/v1/events")));
        // methods
        cases.add(new Case(
                "PUT",
                405,
                k -> given().header("X-API-Key", k.key())
                        .contentType("application/json")
                        .body(valid)
                        .put("/v1/events")));
        cases.add(new Case(
                "DELETE", 405, k -> given().header("X-API-Key", k.key()).delete("/v1/events")));
        return cases.stream();
    }

    private static Response json(String apiKey, String body) {
        return send(given().header("X-API-Key", apiKey), body);
    }

    private static Response send(RequestSpecification request, String body) {
        return request.contentType("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/v1/events");
    }

    private static Response bytes(String apiKey, byte[] body) {
        return given().header("X-API-Key", apiKey)
                .contentType("application/json")
                .body(body)
                .post("/v1/events");
    }

    private static Response form(String apiKey, String action, String color) {
        RequestSpecification request = given().header("Authorization", "Token token=" + apiKey)
                .contentType("application/x-www-form-urlencoded");
        if (action != null) {
            request = request.formParam(EventsResource.FORM_ACTION, action);
        }
        if (color != null) {
            request = request.formParam(EventsResource.FORM_COLOR, color);
        }
        return request.post("/v1/events");
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] a = head.getBytes(StandardCharsets.UTF_8);
        byte[] c = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 60) + "…(" + text.length() + " chars)";
    }
}
