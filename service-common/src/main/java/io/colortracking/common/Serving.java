package io.colortracking.common;

/**
 * The health group {@code /q/health/group/serving}: what a service needs to answer its requests
 * usefully, and nothing it can answer without. Kubernetes' readiness and the load balancers ask
 * it, so an instance keeps getting traffic while something it does not need for its answers is
 * away: ingest-service answers its own 503 with {@code Retry-After} and CORS while Kafka is, and
 * counter-service's reads need only PostgreSQL. {@code /q/health/ready} stays the whole picture
 * (connected, caught up): what the local run, compose and the tests wait for.
 *
 * <p>Every check in the group is sticky where it waits for a start-up step (the keys read once,
 * the view caught up once), so a later broker outage leaves it up.
 */
public final class Serving {

    /** The group's name, as in {@code @HealthGroup(Serving.GROUP)}. */
    public static final String GROUP = "serving";

    private Serving() {}
}
