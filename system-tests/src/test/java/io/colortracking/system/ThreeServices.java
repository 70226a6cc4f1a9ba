package io.colortracking.system;

import io.colortracking.testing.TestKafka;
import io.colortracking.testing.TestPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The three packaged services on the test broker and a fresh database, started side by side and awaited together. */
record ThreeServices(ServiceProcess ingest, ServiceProcess counter, ServiceProcess broadcast) implements AutoCloseable {

    /** Starts them with the broker's and a new database's settings, plus {@code extra}; returns once all are ready. */
    static ThreeServices start(Map<String, String> extra) throws IOException {
        return start(TestKafka.bootstrapServers(), extra);
    }

    /** The same on another broker than the JVM's shared one. */
    static ThreeServices start(String bootstrapServers, Map<String, String> extra) throws IOException {
        TestPostgres.Database database = TestPostgres.newDatabase();
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        environment.put("COLORTRACKING_TOPICS_PARTITIONS", String.valueOf(TestKafka.PARTITIONS));
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        environment.put("QUARKUS_DATASOURCE_USERNAME", database.username());
        environment.put("QUARKUS_DATASOURCE_PASSWORD", database.password());
        // side by side: the machine has two cores, and each waits mostly on its own start
        ThreeServices services = new ThreeServices(
                ServiceProcess.start("ingest-service", environment),
                ServiceProcess.start("counter-service", environment),
                ServiceProcess.start("broadcast-service", environment));
        Duration startup = Duration.ofSeconds(90);
        services.ingest.awaitReady(startup);
        services.counter.awaitReady(startup);
        services.broadcast.awaitReady(startup);
        return services;
    }

    @Override
    public void close() throws InterruptedException {
        broadcast.close();
        counter.close();
        ingest.close();
    }
}
