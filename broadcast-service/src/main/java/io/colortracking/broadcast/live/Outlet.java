package io.colortracking.broadcast.live;

import java.util.concurrent.CompletionStage;

/** Where a session's frames go: a WebSocket or a Server-Sent Events stream. */
public interface Outlet {

    /** Unique among open sessions. */
    String id();

    /** The endpoint, for metrics: {@code live}, {@code cable} or {@code sse}. */
    String endpoint();

    /** Completes once the frame is handed to the network (not while the client does not read). */
    CompletionStage<?> send(String frame);

    void close(int code, String reason);
}
