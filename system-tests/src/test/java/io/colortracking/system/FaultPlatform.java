package io.colortracking.system;

import io.colortracking.testing.TestKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The platform the fault scenarios break: a Kafka broker and a PostgreSQL in processes of their
 * own (so they can be stopped and started again), and the packaged services as processes (so they
 * can be killed), any number of counter and broadcast instances.
 */
final class FaultPlatform implements AutoCloseable {

    static final Duration STARTUP = Duration.ofSeconds(90);

    final BrokerProcess broker;
    final PostgresProcess postgres;
    final Map<String, String> environment = new HashMap<>();
    final ServiceProcess ingest;
    final List<ServiceProcess> counters = new ArrayList<>();
    final List<ServiceProcess> broadcasts = new ArrayList<>();

    private static FaultPlatform shared;

    /** One platform for every fault class of the run (started once: the short suite must stay short). */
    static synchronized FaultPlatform shared() throws Exception {
        if (shared == null) {
            Path state = java.nio.file.Files.createTempDirectory("faults");
            shared = new FaultPlatform(state);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    shared.close();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
        }
        return shared;
    }

    FaultPlatform(Path state) throws Exception {
        broker = new BrokerProcess(state.resolve("kafka")).start();
        postgres = new PostgresProcess(state.resolve("postgres")).start();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        environment.put("COLORTRACKING_TOPICS_PARTITIONS", "6");
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl());
        environment.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        environment.put("QUARKUS_DATASOURCE_PASSWORD", "");
        environment.put("COLORTRACKING_CONSUMER_GROUP_ID", "faults-" + UUID.randomUUID());
        // small socket buffers, so a client that stops reading is stuck after kilobytes, not megabytes
        environment.put("COLORTRACKING_LIVE_SEND_BUFFER_SIZE", "4096");
        ingest = ServiceProcess.start("ingest-service", environment);
        counters.add(ServiceProcess.start("counter-service", environment));
        broadcasts.add(ServiceProcess.start("broadcast-service", environment));
        ingest.awaitReady(STARTUP);
        counters.get(0).awaitReady(STARTUP);
        broadcasts.get(0).awaitReady(STARTUP);
    }

    ServiceProcess counter() {
        return counters.get(0);
    }

    ServiceProcess broadcast() {
        return broadcasts.get(0);
    }

    /** A key of the test's own, once ingest, counter and every broadcast instance know it. */
    String newKey(String prefix) throws Exception {
        String apiKey = prefix + "-" + UUID.randomUUID();
        TestKeys.registerOn(broker.bootstrapServers(), apiKey);
        awaitKnown(apiKey);
        return apiKey;
    }

    void awaitKnown(String apiKey) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        org.awaitility.Awaitility.await("key " + apiKey + " known").atMost(java.time.Duration.ofSeconds(15)).until(() -> {
            // an empty event is 400 once ingest knows the key; counts and the SSE stream answer 200
            int ingestStatus = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(ingest.baseUrl() + "/v1/events"))
                    .header("Content-Type", "application/json").header("X-API-Key", apiKey)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            boolean known = ingestStatus == 400 && http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    counter().baseUrl() + "/v1/counts?api_key=" + apiKey)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            for (ServiceProcess broadcast : broadcasts) {
                var stream = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        broadcast.baseUrl() + "/v1/live/sse?api_key=" + apiKey)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofInputStream());
                stream.body().close();
                known &= stream.statusCode() == 200;
            }
            return known;
        });
    }

    /** Starts one more instance of a service with the platform's settings, and waits until it is ready. */
    ServiceProcess another(String service) throws Exception {
        ServiceProcess instance = ServiceProcess.start(service, environment).awaitReady(STARTUP);
        (service.equals("counter-service") ? counters : broadcasts).add(instance);
        return instance;
    }

    /** A separate instance with settings of its own on top of the platform's; the caller closes it. */
    ServiceProcess startWith(String service, Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>(environment);
        settings.putAll(extra);
        return ServiceProcess.start(service, settings).awaitReady(STARTUP);
    }

    /** Kills counter instance {@code index} and starts it again on its port; returns without waiting for it. */
    void restartCounter(int index) throws Exception {
        ServiceProcess old = counters.get(index);
        old.kill();
        counters.set(index, old.startAgain());
    }

    @Override
    public void close() throws Exception {
        List<AutoCloseable> parts = new ArrayList<>(broadcasts);
        parts.addAll(counters);
        parts.add(ingest);
        parts.add(postgres);
        parts.add(broker);
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception ignored) {
                // stopping the rest matters more
            }
        }
    }
}
