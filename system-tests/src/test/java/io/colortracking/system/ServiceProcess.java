package io.colortracking.system;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged service ({@code target/quarkus-app/quarkus-run.jar}) running as its own process. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final String name;
    final int port;
    private final Map<String, String> environment;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Map<String, String> environment, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.environment = environment;
        this.process = process;
        this.log = log;
    }

    /** Starts the service on a free port with the given environment. */
    static ServiceProcess start(String name, Map<String, String> environment) throws IOException {
        return start(name, environment, freePort(), false);
    }

    /** The same service started again, on the same port and with the same environment (after {@link #close()}). */
    ServiceProcess startAgain() throws IOException {
        return start(name, environment, port, true);
    }

    private static ServiceProcess start(String name, Map<String, String> environment, int port, boolean again)
            throws IOException {
        Path jar = root().resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build the services first (./mvnw verify from the root)");
        }
        Path logs = Files.createDirectories(root().resolve("system-tests/target/service-logs"));
        // one log per instance (a restart on the same port appends to it)
        Path log = logs.resolve(name + "-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m"));
        // as run.sh and the images start it: with the AOT cache its build trained, on Java 25 and newer
        Path cache = jar.resolveSibling("app.aot");
        if (Runtime.version().feature() >= 25 && Files.exists(cache)) {
            command.add("-XX:AOTCache=" + cache);
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        again
                                ? ProcessBuilder.Redirect.appendTo(log.toFile())
                                : ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        return new ServiceProcess(name, port, Map.copyOf(environment), builder.start(), log);
    }

    /** What the service has logged so far. */
    String logText() throws IOException {
        return Files.readString(log);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    ServiceProcess awaitReady(Duration timeout) {
        await(name + " ready (log: " + log + ")")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                    }
                    try {
                        HttpResponse<Void> response = HTTP.send(
                                HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                        return response.statusCode() == 200;
                    } catch (IOException notListeningYet) {
                        return false;
                    }
                });
        return this;
    }

    /** Kills the process at once (SIGKILL), as a crash or an out-of-memory kill would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** The status {@code GET path} answers, or -1 while the service does not answer. */
    int status(String path) {
        HttpResponse<String> response = get(path);
        return response == null ? -1 : response.statusCode();
    }

    /** The body {@code GET path} answers, or "" while the service does not answer. */
    String body(String path) {
        HttpResponse<String> response = get(path);
        return response == null ? "" : response.body();
    }

    /** {@code GET path}, or {@code null} while the service does not answer (within 5 s). */
    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException notAnswering) {
            return null;
        }
    }

    /** The key's red clicks as counter-service's read API answers them, or -1 while it does not. */
    long redClicks(String apiKey) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/counts"))
                            .header("X-API-Key", apiKey)
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    ? MAPPER.readTree(response.body()).at("/counts/click/red").asLong()
                    : -1;
        } catch (IOException | InterruptedException notAnswering) {
            return -1;
        }
    }

    /** Asks the process to stop (SIGTERM, as Kubernetes and ECS do) and returns at once. */
    void terminate() {
        process.destroy();
    }

    /** Waits until the process has exited; its exit code, or {@code null} if it is still running. */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** The project's root folder. */
    static Path root() {
        return Path.of(System.getProperty("platform.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A port free now, below the ephemeral range (32768 and up here), so an outgoing connection of
     * the machine cannot take it while an instance killed on it is being started again.
     */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate =
                    20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(candidate)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }
}
