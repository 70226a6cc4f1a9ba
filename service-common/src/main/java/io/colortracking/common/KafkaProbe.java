package io.colortracking.common;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the broker answers, within a bounded time. A readiness probe must answer quickly
 * whatever the broker does; Quarkus's own Kafka check waits for the admin client's default
 * timeout (60 s) when the broker is gone.
 */
public final class KafkaProbe implements AutoCloseable {

    private final Map<String, Object> adminConfig;
    private final Duration timeout;
    private Admin admin;

    public KafkaProbe(Map<String, Object> kafkaConfig, Duration timeout) {
        this.timeout = timeout;
        this.adminConfig = new HashMap<>();
        for (var entry : kafkaConfig.entrySet()) {
            if (AdminClientConfig.configNames().contains(entry.getKey())) {
                adminConfig.put(entry.getKey(), entry.getValue());
            }
        }
        int millis = (int) timeout.toMillis();
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "readiness-probe");
    }

    /** @return whether the cluster described itself within the timeout */
    public synchronized boolean reachable() {
        try {
            if (admin == null) {
                admin = Admin.create(adminConfig);
            }
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes()
                    .get(timeout.toMillis() + 200, TimeUnit.MILLISECONDS)
                    .isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
