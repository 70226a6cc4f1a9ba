package io.colortracking.counter.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while events are being counted; down while counting is paused (database or broker away). */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

    private final BatchCounting counting;

    public ConsumerReadiness(BatchCounting counting) {
        this.counting = counting;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("color-events-consumer")
                .status(counting.isHealthy())
                .build();
    }
}
