package io.colortracking.system;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Kafka broker in a process of its own ({@code ./run.sh}'s {@code LocalKafka}), so a test
 * can take it away and bring it back on the same port with the same data.
 */
final class BrokerProcess implements AutoCloseable {

    private final Path state;
    private final int port;
    private final int controllerPort;
    private final Path log;
    private Process process;
    private int saslPort;
    private String scramUser;
    private String scramPassword;

    BrokerProcess(Path state) throws IOException {
        this.state = state;
        this.port = freePort();
        this.controllerPort = freePort();
        this.log = Files.createDirectories(ServiceProcess.root().resolve("system-tests/target/service-logs"))
                .resolve("kafka-" + port + ".log");
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Adds a {@code SASL_PLAINTEXT} listener that takes SCRAM-SHA-512 with this one user (before the
     * first start); the plain listener stays, for the test's own clients.
     */
    BrokerProcess withScram(String user, String password) throws IOException {
        this.saslPort = freePort();
        this.scramUser = user;
        this.scramPassword = password;
        return this;
    }

    /** The SCRAM listener's address ({@link #withScram}). */
    String saslBootstrapServers() {
        return "127.0.0.1:" + saslPort;
    }

    /** Starts the broker and waits until it answers. */
    BrokerProcess start() throws IOException {
        Path platform = ServiceProcess.root().resolve("local-platform/target");
        String classpath =
                platform.resolve("classes") + File.pathSeparator + platform.resolve("lib") + File.separator + "*";
        List<String> command = new ArrayList<>(List.of(
                ServiceProcess.javaBinary(),
                "-Xmx512m",
                "-cp",
                classpath,
                "io.colortracking.platform.LocalKafka",
                state.toString(),
                String.valueOf(port),
                String.valueOf(controllerPort)));
        if (scramUser != null) {
            command.addAll(List.of(String.valueOf(saslPort), scramUser, scramPassword));
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        await("Kafka on " + port + " (log: " + log + ")")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(this::answers);
        return this;
    }

    /** Kills the broker at once, as a crash or a network cut would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Kafka exited with " + process.exitValue() + "; see " + log);
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                2000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2000))) {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception notYet) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static int freePort() throws IOException {
        return ServiceProcess.freePort(); // below the ephemeral range: the broker comes back on it
    }
}
