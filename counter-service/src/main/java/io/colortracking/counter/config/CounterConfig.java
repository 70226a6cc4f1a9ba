package io.colortracking.counter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** counter-service settings; every default runs locally as it is. */
@ConfigMapping(prefix = "colortracking")
public interface CounterConfig {

    /** The colors counted and listed (zeros included) by the read API. */
    @WithDefault("blue,green,red,yellow")
    List<String> palette();

    Consumer consumer();

    TopicSettings topics();

    interface Consumer {
        /** Kafka consumer group; also the owner of the offsets stored with the counts. */
        @WithDefault("counter-service")
        String groupId();

        /** Most records counted in one database transaction. */
        @WithDefault("5000")
        int maxBatchSize();

        /** First wait after a failed batch; doubles up to {@link #maxBackoff()}. */
        @WithDefault("200ms")
        Duration backoff();

        @WithDefault("5s")
        Duration maxBackoff();
    }

    interface TopicSettings {
        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }
}
