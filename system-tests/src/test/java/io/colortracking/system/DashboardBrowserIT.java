package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and tracker.js in Debian's Chromium, driven by playwright-core: this class starts
 * the platform (three packaged services, the gateway of {@code ./run.sh}) and runs the Node browser
 * tests of {@code frontend/test/browser} against it, with a control endpoint through which they
 * stop and start broadcast-service mid-test. Needs {@code npm ci} in {@code frontend/} and
 * {@code /usr/bin/chromium} (or {@code CHROMIUM}); {@code .ci/run} provides both.
 */
class DashboardBrowserIT {

    private static final String ADMIN_TOKEN = "browser-test-admin-token";
    // HTTP/1.1: Java's default asks to upgrade to h2c, which a Node server takes for a WebSocket upgrade
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Path FRONTEND = ServiceProcess.root().resolve("frontend");
    private static final Path TARGET = ServiceProcess.root().resolve("system-tests/target");

    private static ServiceProcess ingest;
    private static ServiceProcess counter;
    private static volatile ServiceProcess broadcast;
    private static Process gateway;
    private static HttpServer control;
    private static int gatewayPort;

    @BeforeAll
    static void startPlatform() throws Exception {
        assertThat(FRONTEND.resolve("node_modules/playwright-core"))
                .as("run 'npm ci' in frontend/ first")
                .exists();
        assertThat(Path.of(chromium()))
                .as("Debian's chromium (apt-get install chromium), or CHROMIUM=path")
                .exists();
        ThreeServices services = ThreeServices.start(Map.of("ADMIN_TOKEN", ADMIN_TOKEN));
        ingest = services.ingest();
        counter = services.counter();
        broadcast = services.broadcast();
        gateway = startGateway();
        control = startControl();
    }

    @AfterAll
    static void stopPlatform() throws InterruptedException {
        if (control != null) {
            control.stop(0);
        }
        if (gateway != null) {
            gateway.destroy();
            gateway.waitFor(10, TimeUnit.SECONDS);
        }
        for (ServiceProcess service : new ServiceProcess[] {broadcast, counter, ingest}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void theDashboardAndTheTrackerWorkInARealBrowser() throws Exception {
        // given: the platform, the gateway and the control endpoint started above
        Path log = TARGET.resolve("service-logs/browser-tests.log");
        ProcessBuilder builder = new ProcessBuilder(
                        "node", "--test", "--test-reporter=spec", "--test-concurrency=1", "test/browser/")
                .directory(FRONTEND.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment()
                .putAll(Map.of(
                        "GATEWAY_URL", "http://127.0.0.1:" + gatewayPort,
                        "ADMIN_TOKEN", ADMIN_TOKEN,
                        "CONTROL_URL",
                                "http://127.0.0.1:" + control.getAddress().getPort(),
                        "SCREENSHOT_DIR", TARGET.resolve("screenshots").toString(),
                        "CHROMIUM", chromium(),
                        // for the dashboard served from elsewhere, calling the services directly
                        "INGEST_URL", ingest.baseUrl(),
                        "COUNTER_URL", counter.baseUrl(),
                        "BROADCAST_URL", broadcast.baseUrl()));

        Files.deleteIfExists(TARGET.resolve("screenshots/dashboard.png")); // a new one, not an earlier run's

        // when
        Process tests = builder.start();
        boolean finished = tests.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            tests.destroyForcibly().waitFor();
        }

        // then: every browser test ran and passed (the report is in the log)
        String report = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished)
                .as("browser tests finished in 5 minutes; see " + log)
                .isTrue();
        assertThat(tests.exitValue()).as(report).isZero();
        assertThat(report).contains("ℹ fail 0", "ℹ skipped 0", "ℹ cancelled 0").doesNotContain("ℹ pass 0");
        assertThat(TARGET.resolve("screenshots/dashboard.png")).exists();
    }

    private static Process startGateway() throws IOException {
        gatewayPort = ServiceProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder("node", "gateway.mjs")
                .directory(FRONTEND.toFile())
                .redirectErrorStream(true)
                .redirectOutput(TARGET.resolve("service-logs/gateway.log").toFile());
        builder.environment()
                .putAll(Map.of(
                        "GATEWAY_PORT", String.valueOf(gatewayPort),
                        "INGEST_URL", ingest.baseUrl(),
                        "COUNTER_URL", counter.baseUrl(),
                        "BROADCAST_URL", broadcast.baseUrl()));
        Process process = builder.start();
        await("gateway on " + gatewayPort).atMost(Duration.ofSeconds(20)).until(() -> {
            assertThat(process.isAlive())
                    .as("the gateway exited; see service-logs/gateway.log")
                    .isTrue();
            try {
                return HTTP.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        return process;
    }

    /** POST /broadcast/stop and /broadcast/start (answers once it is ready again): a restart mid-test. */
    private static HttpServer startControl() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/broadcast/stop", exchange -> answer(exchange, () -> broadcast.close()));
        server.createContext(
                "/broadcast/start",
                exchange -> answer(exchange, () -> {
                    broadcast = broadcast.startAgain().awaitReady(Duration.ofSeconds(60));
                }));
        server.start();
        return server;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void answer(HttpExchange exchange, Step step) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            try {
                step.run();
                exchange.sendResponseHeaders(204, -1);
            } catch (Exception e) {
                byte[] body = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static String chromium() {
        return System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    }
}
