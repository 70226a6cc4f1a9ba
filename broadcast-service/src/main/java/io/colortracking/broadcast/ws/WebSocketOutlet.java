package io.colortracking.broadcast.ws;

import io.colortracking.broadcast.live.Outlet;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.concurrent.CompletionStage;

/** A session's frames as WebSocket text frames. */
final class WebSocketOutlet implements Outlet {

    private final WebSocketConnection connection;
    private final String endpoint;

    WebSocketOutlet(WebSocketConnection connection, String endpoint) {
        this.connection = connection;
        this.endpoint = endpoint;
    }

    @Override
    public String id() {
        return connection.id();
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public CompletionStage<?> send(String frame) {
        return connection.sendText(frame).subscribeAsCompletionStage();
    }

    @Override
    public void close(int code, String reason) {
        // a close reason holds at most 123 bytes
        String shown = reason.length() > 120 ? reason.substring(0, 120) : reason;
        connection.close(new CloseReason(code, shown)).subscribe().with(done -> {}, error -> {});
    }
}
