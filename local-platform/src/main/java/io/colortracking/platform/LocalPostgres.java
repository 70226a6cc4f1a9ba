package io.colortracking.platform;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ./run.sh}'s PostgreSQL: a server whose data outlives the run, with the platform's
 * database created. Runs until stopped (SIGTERM or Ctrl-C), then shuts PostgreSQL down.
 *
 * <p>Arguments: {@code <state folder> <port> <database>}.
 */
public final class LocalPostgres {

    private LocalPostgres() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LocalPostgres <state folder> <port> <database>");
            System.exit(2);
        }
        Path state = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String database = args[2];

        PostgresServer server =
                new PostgresServer(state.resolve("postgres-binaries"), state.resolve("postgres-data"), port);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.stop();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "stop-postgres"));
        server.start(Duration.ofSeconds(60));
        server.createDatabase(database);
        System.out.println("PostgreSQL ready at " + server.jdbcUrl(database));
        Thread.currentThread().join();
    }
}
