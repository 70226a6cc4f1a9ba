package io.colortracking.counter.keys;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the keys are on their topic (until then the other services would refuse
 * them) and read back (until then this service would).
 */
@Readiness
@ApplicationScoped
public class ApiKeysReadiness implements HealthCheck {

    private final ApiKeysPublisher publisher;
    private final ApiKeys keys;

    public ApiKeysReadiness(ApiKeysPublisher publisher, ApiKeys keys) {
        this.publisher = publisher;
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("api-keys")
                .status(publisher.isPublished() && keys.isCaughtUp())
                .withData("published", publisher.isPublished())
                .withData("caught-up", keys.isCaughtUp())
                .build();
    }
}
