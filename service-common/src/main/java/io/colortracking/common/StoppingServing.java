package io.colortracking.common;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * In the {@link Serving} group: down from the moment the service is asked to stop (SIGTERM), so
 * the load balancers and Kubernetes' endpoints drop it during {@code quarkus.shutdown.delay},
 * while it still answers everything; only then does the HTTP server refuse new requests, and it
 * waits up to {@code quarkus.shutdown.timeout} for those in flight. ({@code /q/health/ready} goes
 * down at the same moment through Quarkus's own shutdown check.)
 */
@HealthGroup(Serving.GROUP)
@ApplicationScoped
public class StoppingServing implements HealthCheck {

    private volatile boolean stopping;

    void onStopAsked(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("running").status(!stopping).build();
    }
}
