package io.colortracking.system;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 17 in a process of its own ({@code ./run.sh}'s {@code LocalPostgres}), so a
 * test can stop it and start it again on the same port with the same data.
 */
final class PostgresProcess implements AutoCloseable {

    static final String DATABASE = "colortracking";

    private final Path state;
    private final int port;
    private final Path log;
    private Process process;

    PostgresProcess(Path state) throws IOException {
        this.state = state;
        this.port = ServiceProcess.freePort(); // below the ephemeral range: PostgreSQL comes back on it
        this.log = Files.createDirectories(ServiceProcess.root().resolve("system-tests/target/service-logs"))
                .resolve("postgres-" + port + ".log");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Starts PostgreSQL and waits until it accepts connections. */
    PostgresProcess start() throws IOException {
        Path platform = ServiceProcess.root().resolve("local-platform/target");
        String classpath =
                platform.resolve("classes") + File.pathSeparator + platform.resolve("lib") + File.separator + "*";
        process = new ProcessBuilder(List.of(
                        ServiceProcess.javaBinary(),
                        "-Xmx64m",
                        "-cp",
                        classpath,
                        "io.colortracking.platform.LocalPostgres",
                        state.toString(),
                        String.valueOf(port),
                        DATABASE))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        await("PostgreSQL on " + port + " (log: " + log + ")")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(this::answers);
        return this;
    }

    /** Stops PostgreSQL (fast shutdown: open connections are cut). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("PostgreSQL exited with " + process.exitValue() + "; see " + log);
        }
        try (var connection = DriverManager.getConnection(jdbcUrl(), "postgres", "")) {
            return connection.isValid(2);
        } catch (Exception notYet) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
