package io.colortracking.platform;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL 17 server in a child process, from the binaries zonky ships on Maven Central.
 *
 * <p>zonky's own launcher runs {@code initdb} directly, which PostgreSQL refuses as root (our
 * machines and CI run as root). Here {@code initdb} and {@code postgres} run under
 * {@code unshare -U} when the user is root: inside a fresh user namespace they are not root, and
 * the data directory's owner and the server's user both map to the same overflow id.
 *
 * <p>The server runs in the foreground (no {@code pg_ctl} daemon), so it dies with whoever owns it
 * and {@link #stop()} is a fast shutdown.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String SUPERUSER = "postgres";

    private final Path installRoot;
    private final Path dataDirectory;
    private final int port;
    private Process process;

    /**
     * @param installRoot where the binaries are unpacked once and reused
     * @param dataDirectory kept across starts; initialised when empty
     */
    public PostgresServer(Path installRoot, Path dataDirectory, int port) {
        this.installRoot = installRoot;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server and returns once it accepts connections. */
    public synchronized void start(Duration timeout) throws IOException, InterruptedException {
        if (isRunning()) {
            return;
        }
        Path bin = unpackBinaries().resolve("bin");
        if (!Files.exists(dataDirectory.resolve("PG_VERSION"))) {
            initdb(bin);
        }
        Path log = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
        List<String> command = asUnprivileged(List.of(
                bin.resolve("postgres").toString(),
                "-D",
                dataDirectory.toString(),
                "-p",
                String.valueOf(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "max_connections=200",
                "-c",
                "fsync=on"));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitConnections(timeout, log);
    }

    /** Fast shutdown: open transactions are rolled back, committed data is safe. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            signal(process.pid(), "INT");
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
                var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("CREATE DATABASE " + name);
            }
        }
    }

    private void initdb(Path bin) throws IOException, InterruptedException {
        Files.createDirectories(dataDirectory);
        List<String> command = asUnprivileged(List.of(
                bin.resolve("initdb").toString(),
                "-A",
                "trust",
                "-U",
                SUPERUSER,
                "-E",
                "UTF-8",
                "--locale=C",
                "-D",
                dataDirectory.toString()));
        Process initdb = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(initdb.getInputStream().readAllBytes());
        if (initdb.waitFor() != 0) {
            throw new IOException("initdb failed: " + output);
        }
    }

    private void awaitConnections(Duration timeout, Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("PostgreSQL exited with " + process.exitValue() + "; see " + log);
            }
            try (Connection ignored = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "")) {
                return;
            } catch (SQLException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    process.destroyForcibly();
                    throw new IOException("PostgreSQL did not accept connections within " + timeout + "; see " + log);
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    /** Unpacks the PostgreSQL archive once per archive size into the install root. */
    private Path unpackBinaries() throws IOException {
        String system = "Linux";
        String architecture = System.getProperty("os.arch");
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture)) {
            byte[] bytes = archive.readAllBytes();
            Path target = installRoot.resolve("pg-" + architecture + "-" + bytes.length);
            Path marker = target.resolve(".unpacked");
            if (Files.exists(marker)) {
                return target;
            }
            Path staging = Files.createDirectories(installRoot)
                    .resolve(target.getFileName() + ".tmp-"
                            + ProcessHandle.current().pid());
            untar(bytes, staging);
            Files.createFile(staging.resolve(".unpacked"));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException anotherProcessWon) {
                if (!Files.exists(marker)) {
                    throw anotherProcessWon;
                }
            }
            return target;
        }
    }

    private static void untar(byte[] txz, Path target) throws IOException {
        try (var tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(new java.io.ByteArrayInputStream(txz))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Archive entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions =
                EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        if ((mode & 0100) != 0) {
            permissions.addAll(Set.of(
                    PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        permissions.addAll(Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
        return permissions;
    }

    private static List<String> asUnprivileged(List<String> command) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("unshare", "-U"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void signal(long pid, String signal) throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(pid))
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("Could not signal PostgreSQL (pid " + pid + ")", e);
        }
    }
}
