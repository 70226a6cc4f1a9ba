package io.colortracking.system;

import io.colortracking.testing.TestKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The platform the fault scenarios break: a Kafka broker and a PostgreSQL in processes of their
 * own (so they can be stopped and started again), and the packaged services as processes (so they
 * can be killed), any number of counter and broadcast instances.
 */
final class FaultPlatform implements AutoCloseable {

    static final Duration STARTUP = Duration.ofSeconds(90);
    /** How long broadcast-service waits for a client that does not read before closing it (shipped: 30 s). */
    static final Duration STUCK_TIMEOUT = Duration.ofSeconds(20);

    final BrokerProcess broker;
    final PostgresProcess postgres;
    final Map<String, String> environment = new HashMap<>();
    final ServiceProcess ingest;
    final List<ServiceProcess> counters = new ArrayList<>();
    final List<ServiceProcess> broadcasts = new ArrayList<>();

    /** A request left unfinished on ingest since the platform started: the shipped idle timeout must end it. */
    final PartialRequest idleRequest;

    private int counterInstances;

    private static FaultPlatform shared;

    /**
     * One platform for every fault class of the run (started once: the short suite must stay
     * short). The fault classes run after all others ({@link FaultScenariosLast}); it is stopped
     * when the test JVM exits, right after them.
     */
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
        // a client that does not read is closed (4408) after 20 s instead of 30 s: R7 waits for it
        environment.put("COLORTRACKING_LIVE_STUCK_TIMEOUT", STUCK_TIMEOUT.toSeconds() + "s");
        ingest = ServiceProcess.start("ingest-service", environment);
        counters.add(ServiceProcess.start("counter-service", counterEnvironment()));
        broadcasts.add(ServiceProcess.start("broadcast-service", environment));
        ingest.awaitReady(STARTUP);
        counters.get(0).awaitReady(STARTUP);
        broadcasts.get(0).awaitReady(STARTUP);
        idleRequest = new PartialRequest(ingest.port);
    }

    /** A counter's settings: the platform's, and a group instance id of its own that a restart keeps. */
    private Map<String, String> counterEnvironment() {
        Map<String, String> settings = new HashMap<>(environment);
        settings.put("COLORTRACKING_CONSUMER_INSTANCE_ID", "counter-" + (counterInstances++));
        return settings;
    }

    /** Waits until the group has rebalanced: every running counter is a member with partitions of its own. */
    void awaitEveryCounterAssigned() throws Exception {
        String group = environment.get("COLORTRACKING_CONSUMER_GROUP_ID");
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            org.awaitility.Awaitility.await("every counter assigned partitions")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        var members = admin.describeConsumerGroups(List.of(group))
                                .all()
                                .get()
                                .get(group)
                                .members();
                        return members.size() == counters.size()
                                && members.stream()
                                        .allMatch(member -> !member.assignment()
                                                .topicPartitions()
                                                .isEmpty());
                    });
        }
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

    /** A key that records pointers, with this read token, once every service knows it. */
    String newPointerKey(String prefix, String readToken) throws Exception {
        String apiKey = prefix + "-" + UUID.randomUUID();
        TestKeys.registerReadableOn(broker.bootstrapServers(), apiKey, readToken, true);
        awaitKnown(apiKey);
        return apiKey;
    }

    void awaitKnown(String apiKey) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        org.awaitility.Awaitility.await("key " + apiKey + " known")
                .atMost(java.time.Duration.ofSeconds(15))
                .until(() -> {
                    // an empty event is 400 once ingest knows the key; counts and the SSE stream answer 200
                    int ingestStatus = http.send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    java.net.URI.create(ingest.baseUrl() + "/v1/events"))
                                            .header("Content-Type", "application/json")
                                            .header("X-API-Key", apiKey)
                                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    boolean known = ingestStatus == 400
                            && http.send(
                                                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                                    counter().baseUrl() + "/v1/counts?api_key="
                                                                            + apiKey))
                                                            .build(),
                                                    java.net.http.HttpResponse.BodyHandlers.discarding())
                                            .statusCode()
                                    == 200;
                    for (ServiceProcess broadcast : broadcasts) {
                        var stream = http.send(
                                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                broadcast.baseUrl() + "/v1/live/sse?api_key=" + apiKey))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
                        stream.body().close();
                        known &= stream.statusCode() == 200;
                    }
                    return known;
                });
    }

    /** Starts one more instance of a service with the platform's settings, and waits until it is ready. */
    ServiceProcess another(String service) throws Exception {
        ServiceProcess instance = ServiceProcess.start(
                        service, service.equals("counter-service") ? counterEnvironment() : environment)
                .awaitReady(STARTUP);
        (service.equals("counter-service") ? counters : broadcasts).add(instance);
        if (service.equals("counter-service")) {
            awaitEveryCounterAssigned();
        }
        return instance;
    }

    /** A separate instance with settings of its own on top of the platform's; the caller closes it. */
    ServiceProcess startWith(String service, Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>(environment);
        settings.putAll(extra);
        return ServiceProcess.start(service, settings).awaitReady(STARTUP);
    }

    /**
     * Kills counter instance {@code index} and starts it again on its port with the same settings
     * (its group instance id too); returns without waiting for it.
     */
    void restartCounter(int index) throws Exception {
        ServiceProcess old = counters.get(index);
        old.kill();
        counters.set(index, old.startAgain());
    }

    @Override
    public void close() throws Exception {
        List<AutoCloseable> parts = new ArrayList<>(List.of(idleRequest));
        parts.addAll(broadcasts);
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
