package io.colortracking.common.kafka;

import io.colortracking.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the platform's topics (as {@link Topics} declares them) that do not exist yet. Brokers
 * run with auto-create off, so every entry point (the services, the local run, the tests) calls
 * this one piece of code. The admin client takes every admin setting of the given Kafka
 * configuration: security protocol, SASL and TLS included, so it works wherever the services'
 * producers and consumers do.
 */
public final class TopicCreation {

    private TopicCreation() {}

    /** For a broker that needs nothing but its address (the local platform, the tests). */
    public static List<String> createMissing(
            String bootstrapServers, int partitions, short replicationFactor, Duration timeout) {
        return createMissing(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                partitions,
                replicationFactor,
                timeout);
    }

    /**
     * @param kafkaConfig the client configuration ({@code kafka.*}); settings an admin client does
     *     not know are left out
     * @return the names of the topics it created
     */
    public static List<String> createMissing(
            Map<String, Object> kafkaConfig, int partitions, short replicationFactor, Duration timeout) {
        Map<String, Object> config = adminConfig(kafkaConfig, timeout);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "topic-creation");
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : Topics.declarations(partitions, replicationFactor)) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    // another instance created it between our listing and our request
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Could not create topic " + entry.getKey() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                }
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka at " + config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                            + " refused to list the topics: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + " did not answer within "
                            + timeout,
                    e);
        }
    }

    /** The admin settings among {@code kafkaConfig}, with timeouts bounded by {@code timeout}. */
    public static Map<String, Object> adminConfig(Map<String, Object> kafkaConfig, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        Set<String> known = AdminClientConfig.configNames();
        kafkaConfig.forEach((name, value) -> {
            if (known.contains(name) || name.startsWith("sasl.") || name.startsWith("ssl.")) {
                config.put(name, value);
            }
        });
        int millis = (int) timeout.toMillis();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, 30_000));
        return config;
    }
}
