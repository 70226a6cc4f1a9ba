package io.colortracking.broadcast.messaging;

import io.colortracking.common.Serving;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the view (counters and heatmaps) has caught up, so no client gets a snapshot that is behind. */
@Readiness
@HealthGroup(Serving.GROUP)
@ApplicationScoped
public class ViewReadiness implements HealthCheck {

    private final AggregatesTail tail;
    private final HeatTail heat;

    public ViewReadiness(AggregatesTail tail, HeatTail heat) {
        this.tail = tail;
        this.heat = heat;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("color-aggregates-view")
                .status(tail.isCaughtUp() && heat.isCaughtUp())
                .withData("counters", tail.isCaughtUp())
                .withData("heatmaps", heat.isCaughtUp())
                .build();
    }
}
