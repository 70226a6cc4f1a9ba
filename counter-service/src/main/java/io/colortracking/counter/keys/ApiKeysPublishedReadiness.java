package io.colortracking.counter.keys;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the keys are on their topic: until then the other services would refuse them.
 * (That this instance has read them back is the shared {@code api-keys} check.)
 */
@Readiness
@ApplicationScoped
public class ApiKeysPublishedReadiness implements HealthCheck {

    private final ApiKeysPublisher publisher;

    public ApiKeysPublishedReadiness(ApiKeysPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("api-keys-published")
                .status(publisher.isPublished())
                .build();
    }
}
