package io.colortracking.broadcast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** broadcast-service settings; every default runs locally as it is. */
@ConfigMapping(prefix = "colortracking")
public interface BroadcastConfig {

    /** The colors every snapshot lists, zeros included. */
    @WithDefault("blue,green,red,yellow")
    List<String> palette();

    Live live();

    Cable cable();

    Cursors cursors();

    interface Cursors {
        /** A viewer of live cursors gets at most one frame of positions per interval (50 ms = 20 frames/s). */
        @WithDefault("50ms")
        Duration flushInterval();

        /** A visitor without samples this long has left: viewers get {@code {"type": "left"}}. */
        @WithDefault("30s")
        Duration leftAfter();
    }

    interface Cable {
        /** The key the ActionCable endpoint serves when a client names none (the seed's clients do not). */
        @WithDefault("testing")
        String compatibilityKey();

        /** Commands a client may send in one second (it needs two subscribes); more closes it with 1008. */
        @WithDefault("20")
        int maxMessagesPerSecond();
    }

    interface Live {
        /**
         * A client gets at most one update frame per interval (50 ms = 20 frames/s): a change goes
         * out at once unless the client had a frame within the interval, and then when it is over.
         */
        @WithDefault("50ms")
        Duration flushInterval();

        /**
         * How long a frame may stay unread before its client is closed (4408): a stuck client
         * holds one pending value per counter meanwhile, never a queue, and never delays others.
         */
        @WithDefault("30s")
        Duration stuckTimeout();

        /** SO_SNDBUF of client connections in bytes; the operating system's default when unset. */
        java.util.Optional<Integer> sendBufferSize();
    }
}
