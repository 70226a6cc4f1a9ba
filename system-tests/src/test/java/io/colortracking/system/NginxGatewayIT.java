package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colortracking.testing.LiveClient;
import io.colortracking.testing.TestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway image's nginx configuration ({@code frontend/nginx/default.conf.template}), filled in
 * as the image does, run by a real nginx (Debian's) in front of the three packaged services: the
 * dashboard, both {@code /v1/events} routes, the read API, and the WebSocket, SSE and ActionCable
 * endpoints all work through it.
 */
class NginxGatewayIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static ThreeServices services;
    private static Process nginx;
    private static String gateway;

    private final String apiKey = "nginx-" + UUID.randomUUID();

    @BeforeAll
    static void start() throws Exception {
        assertThat(NGINX)
                .as("Debian's nginx (apt-get install nginx; .ci/run does)")
                .exists();
        services = ThreeServices.start(Map.of());
        Path dir = Files.createTempDirectory("nginx-gateway");
        Path html = dir.resolve("html");
        copy(ServiceProcess.root().resolve("frontend/public"), html);
        Files.createDirectories(html.resolve("vendor"));
        Files.copy(
                ServiceProcess.root().resolve("frontend/node_modules/d3/dist/d3.min.js"),
                html.resolve("vendor/d3.min.js"));
        readableByAll(dir);
        int port = ServiceProcess.freePort();
        // the image's environment, with the services' addresses a deployment sets
        Map<String, String> environment = new HashMap<>(imageEnvironment());
        environment.put("INGEST_UPSTREAM", "127.0.0.1:" + services.ingest().port);
        environment.put("COUNTER_UPSTREAM", "127.0.0.1:" + services.counter().port);
        environment.put("BROADCAST_UPSTREAM", "127.0.0.1:" + services.broadcast().port);
        String server = entrypointFill(
                        Files.readString(ServiceProcess.root().resolve("frontend/nginx/default.conf.template")),
                        environment)
                .replace("listen 8080;", "listen 127.0.0.1:" + port + ";")
                .replace("root /usr/share/nginx/html;", "root " + html + ";");
        assertThat(server).doesNotContainPattern("\\$\\{[A-Z_]+}");
        Files.writeString(dir.resolve("nginx.conf"), """
                %s
                pid %s/nginx.pid;
                error_log %s/error.log;
                events {}
                http {
                  include /etc/nginx/mime.types;
                  access_log off;
                  client_body_temp_path %s/body;
                  proxy_temp_path %s/proxy;
                  %s
                }
                """.formatted(
                System.getProperty("user.name").equals("root") ? "user root;" : "", dir, dir, dir, dir, server));
        nginx = new ProcessBuilder(
                        NGINX.toString(),
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString(),
                        "-g",
                        "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(ServiceProcess.root()
                        .resolve("system-tests/target/service-logs/nginx.log")
                        .toFile())
                .start();
        gateway = "http://127.0.0.1:" + port;
        await("nginx on " + port).atMost(Duration.ofSeconds(10)).until(() -> {
            assertThat(nginx.isAlive())
                    .as("nginx exited; see service-logs/nginx.log")
                    .isTrue();
            try {
                return get("/healthz").statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    /** The ENV of frontend/Dockerfile: what the gateway container starts with. */
    private static Map<String, String> imageEnvironment() throws IOException {
        String dockerfile = Files.readString(ServiceProcess.root().resolve("frontend/Dockerfile"))
                .replace("\\\n", " ");
        Map<String, String> environment = new HashMap<>();
        for (String line : dockerfile.split("\n")) {
            if (line.startsWith("ENV ")) {
                for (String pair : line.substring(4).trim().split("\\s+")) {
                    int at = pair.indexOf('=');
                    if (at > 0) {
                        environment.put(pair.substring(0, at), pair.substring(at + 1));
                    }
                }
            }
        }
        return environment;
    }

    /**
     * The template as the nginx image's entrypoint fills it: NGINX_LOCAL_RESOLVERS (the container's
     * DNS server; here 127.0.0.1) only when NGINX_ENTRYPOINT_LOCAL_RESOLVERS is set, then every
     * defined variable replaced and any other one left as written (envsubst with the defined names).
     */
    private static String entrypointFill(String template, Map<String, String> image) {
        Map<String, String> environment = new HashMap<>(image);
        if (!environment.getOrDefault("NGINX_ENTRYPOINT_LOCAL_RESOLVERS", "").isEmpty()) {
            environment.put("NGINX_LOCAL_RESOLVERS", "127.0.0.1");
        }
        return java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)")
                .matcher(template)
                .replaceAll(match -> {
                    String name = match.group(1) != null ? match.group(1) : match.group(2);
                    return java.util.regex.Matcher.quoteReplacement(environment.getOrDefault(name, match.group()));
                });
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        if (services != null) {
            for (ServiceProcess service :
                    new ServiceProcess[] {services.broadcast(), services.counter(), services.ingest()}) {
                service.close();
            }
        }
    }

    @Test
    void theDashboardAndTheTrackerAreServed() throws Exception {
        assertThat(get("/").body()).contains("Color Tracking");
        for (String path :
                new String[] {"/config.json", "/js/main.js", "/css/dashboard.css", "/vendor/d3.min.js", "/tracker.js"
                }) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(get("/js/main.js").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    }

    @Test
    void aHeaderTrickledInByteByByteIsCutOffByTheGateway() throws Exception {
        // given / when: a request whose header comes one byte a second, so no idle timeout ever fires
        try (PartialRequest request =
                new PartialRequest(gatewayPort(), "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n").trickle("X")) {
            // then: the gateway drops it once its header deadline (10 s) has passed
            PartialRequest.Ending ending = request.ending().get(30, TimeUnit.SECONDS);
            assertThat(ending.after()).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(20));
        }
    }

    @Test
    void aBodyTrickledInThroughTheGatewayIsAnswered408ByIngest() throws Exception {
        // given: a known key
        TestKeys.register(apiKey);
        await().atMost(Duration.ofSeconds(10)).until(() -> post("{}") == 400);

        // when: a request to the events route whose body comes one byte a second
        try (PartialRequest request = new PartialRequest(
                        gatewayPort(),
                        "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                + "Content-Type: application/json\r\nX-API-Key: " + apiKey
                                + "\r\nContent-Length: 1000\r\n\r\n{")
                .trickle(" ")) {
            // then: ingest's body deadline answered through the gateway (nginx passed the body on as it came)
            PartialRequest.Ending ending = request.ending().get(30, TimeUnit.SECONDS);
            assertThat(ending.answer()).startsWith("HTTP/1.1 408");
            assertThat(ending.after()).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(20));
        }
    }

    private static int gatewayPort() {
        return Integer.parseInt(gateway.substring(gateway.lastIndexOf(':') + 1));
    }

    @Test
    void postedEventsAreCountedAndReadBackThroughBothEventsRoutesLiveSseAndCable() throws Exception {
        // given: a key, and a live client, an SSE stream and a cable client, all through nginx
        TestKeys.register(apiKey);
        await().atMost(Duration.ofSeconds(10)).until(() -> post("{}") == 400);
        String ws = gateway.replace("http", "ws");
        try (LiveClient live = LiveClient.connectAdmitted(ws + "/v1/live?api_key=" + apiKey, Duration.ofSeconds(10));
                LiveClient cable =
                        LiveClient.connect(ws + "/v1/events/cable?api_key=" + apiKey, "actioncable-v1-json")) {
            HttpResponse<InputStream> sse = HTTP.send(
                    HttpRequest.newBuilder(URI.create(gateway + "/v1/live/sse?api_key=" + apiKey))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(sse.statusCode()).isEqualTo(200);
            assertThat(cable.subprotocol()).isEqualTo("actioncable-v1-json");
            cable.send("{\"command\":\"subscribe\",\"identifier\":\"{\\\"channel\\\":\\\"ClicksChannel\\\"}\"}");

            // when: POST /v1/events goes to ingest-service
            assertThat(post("{\"action\":\"click\",\"color\":\"red\"}")).isEqualTo(202);

            // then: GET /v1/events (the seed's read route) goes to counter-service
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(get("/v1/events?action_name=click&api_key=" + apiKey)
                                    .body())
                            .contains("{\"action\":\"click\",\"color\":\"red\",\"amount\":1}"));
            assertThat(get("/v1/counts?api_key=" + apiKey).body()).contains("\"red\":1");
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            live.frames().stream().anyMatch(frame -> frame.contains("\"color\":\"red\",\"amount\":1")));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> cable.frames().stream()
                            .anyMatch(
                                    frame -> frame.contains("{\"action\":\"click\",\"color\":\"red\",\"amount\":1}")));
            try (InputStream stream = sse.body()) {
                String first = new String(stream.readNBytes(100), StandardCharsets.UTF_8);
                assertThat(first).contains("data:").contains("\"type\":\"snapshot\"");
            }
        }
    }

    private int post(String json) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(gateway + "/v1/events"))
                                .header("Content-Type", "application/json")
                                .header("X-API-Key", apiKey)
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    /** nginx's workers run as another user than the test. */
    private static void readableByAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(
                        file, PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
