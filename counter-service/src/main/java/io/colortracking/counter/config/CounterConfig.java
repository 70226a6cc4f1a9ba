package io.colortracking.counter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** counter-service settings; every default runs locally as it is. */
@ConfigMapping(prefix = "colortracking")
public interface CounterConfig {

    /** The colors counted and listed (zeros included) by the read API. */
    @WithDefault("blue,green,red,yellow")
    List<String> palette();

    /**
     * How long an event id is remembered, so a client's retry with the same id is counted once.
     * The contract asks for at least 24 h.
     */
    @WithDefault("48h")
    Duration dedupeWindow();

    /**
     * The admin token guarding the key API (ADMIN_TOKEN). Without one the key API refuses every
     * call; ./run.sh sets a local default.
     */
    @WithName("admin-token")
    Optional<String> adminToken();

    /**
     * The local demo key's read token (DEMO_READ_TOKEN; ./run.sh and compose set the local default
     * {@code demo-read}), given to the key, with pointer tracking, at every start. Unset: nothing is
     * changed (a fresh database's demo key has neither).
     */
    Optional<String> demoReadToken();

    Consumer consumer();

    RetentionSettings retention();

    interface Consumer {
        /** Kafka consumer group; also the owner of the offsets stored with the counts. */
        @WithDefault("counter-service")
        String groupId();

        /**
         * Kafka static membership ({@code group.instance.id}): a name this instance keeps across
         * restarts (a pod's name, a host's name), never shared by two running instances. A restarted
         * instance then takes its partitions back at once instead of waiting for the group to drop
         * its previous self (the session timeout, 45 s). Unset: dynamic membership.
         */
        Optional<String> instanceId();

        /** Most records counted in one database transaction. */
        @WithDefault("5000")
        int maxBatchSize();

        /** First wait after a failed batch; doubles up to {@link #maxBackoff()}. */
        @WithDefault("200ms")
        Duration backoff();

        @WithDefault("5s")
        Duration maxBackoff();
    }

    interface RetentionSettings {
        /** How often expired event ids, time buckets and heatmap days are deleted. */
        @WithDefault("1m")
        Duration interval();

        /**
         * How many UTC days of daily heatmap cells are kept, today included (the all-time heatmaps
         * are kept for ever).
         */
        @WithDefault("90")
        int heatmapDays();

        /**
         * How many UTC days of recorded sessions (pointer tracks) are kept, today included; a
         * session is kept by the day its first chunk was stored.
         */
        @WithDefault("7")
        int pointerDays();
    }
}
