package io.colortracking.testing;

import io.colortracking.platform.PostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL 17 server per test JVM. Each caller gets a database of its own, so every
 * service under test migrates a clean schema.
 */
public final class TestPostgres {

    /** Where a database lives and how to log in. */
    public record Database(String jdbcUrl, String username, String password) {}

    private static String baseUrl;
    private static String username;
    private static String password;
    private static PostgresServer embedded;

    private TestPostgres() {}

    /** A new, empty database. */
    public static synchronized Database newDatabase() {
        if (baseUrl == null) {
            if (Docker.useContainers()) {
                startContainer();
            } else {
                startEmbedded();
            }
        }
        String name = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(baseUrl + "postgres", username, password)) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return new Database(baseUrl + name, username, password);
    }

    /** The embedded server, for tests that stop and start PostgreSQL on purpose. */
    public static synchronized PostgresServer embeddedServer() {
        if (embedded == null) {
            throw new IllegalStateException("PostgreSQL runs in a container here, or has not been started");
        }
        return embedded;
    }

    /** Stops the embedded server when the test run ends. */
    static synchronized void stop() {
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void startEmbedded() {
        try {
            Path root = Files.createTempDirectory("colortracking-test-pg");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            // binaries are unpacked once per machine and reused; the data lives as long as the JVM
            Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "colortracking-postgres-binaries");
            embedded = new PostgresServer(binaries, root.resolve("data"), port);
            embedded.start(Duration.ofSeconds(60));
            baseUrl = "jdbc:postgresql://127.0.0.1:" + port + "/";
            username = PostgresServer.SUPERUSER;
            password = "";
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    embedded.stop();
                                    deleteRecursively(root);
                                } catch (InterruptedException | IOException ignored) {
                                    // the JVM is going away
                                }
                            },
                            "stop-test-postgres"));
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting PostgreSQL", e);
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static void startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
        container.start();
        baseUrl = "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/";
        username = container.getUsername();
        password = container.getPassword();
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
