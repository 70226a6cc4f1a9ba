package io.colortracking.common;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Down while the broker does not answer within a second; up again by itself when it does. */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private final KafkaProbe probe;

    public KafkaReadiness(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.probe = new KafkaProbe(kafkaConfig, Duration.ofSeconds(1));
    }

    @PreDestroy
    void close() {
        probe.close();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kafka").status(probe.reachable()).build();
    }
}
