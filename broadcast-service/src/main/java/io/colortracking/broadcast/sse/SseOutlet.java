package io.colortracking.broadcast.sse;

import io.colortracking.broadcast.live.Outlet;
import io.vertx.core.http.HttpServerResponse;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** A session's frames as Server-Sent Events: each frame one {@code data:} event. */
final class SseOutlet implements Outlet {

    private final String id = "sse-" + UUID.randomUUID();
    private final HttpServerResponse response;

    SseOutlet(HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String endpoint() {
        return "sse";
    }

    @Override
    public CompletionStage<?> send(String frame) {
        // a frame is one line of JSON, so one data line is the whole event
        return response.write("data: " + frame + "\n\n").toCompletionStage();
    }

    /** SSE has no close code: the reason goes out as a last event, then the stream ends. */
    @Override
    public void close(int code, String reason) {
        if (!response.ended() && !response.closed()) {
            response.end(
                    "event: close\ndata: {\"code\":" + code + ",\"reason\":\"" + reason.replace("\"", "'") + "\"}\n\n");
        }
    }
}
