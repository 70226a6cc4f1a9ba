package io.colortracking.common.keys;

import io.colortracking.common.Serving;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the keys are loaded: before that, every key would look unknown (401/4401). */
@Readiness
@HealthGroup(Serving.GROUP)
@ApplicationScoped
public class ApiKeysReadiness implements HealthCheck {

    private final ApiKeys keys;

    public ApiKeysReadiness(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("api-keys").status(keys.isCaughtUp()).build();
    }
}
