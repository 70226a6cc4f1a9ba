package io.colortracking.broadcast.ws;

import io.colortracking.broadcast.live.Outlet;
import io.colortracking.common.CloseCodes;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.concurrent.CompletionStage;

/** A session's frames as WebSocket text frames. */
final class WebSocketOutlet implements Outlet {

    private static final String SERVER_RESTART =
            "{\"type\":\"disconnect\",\"reason\":\"server_restart\",\"reconnect\":true}";

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
        if (code == CloseCodes.GOING_AWAY && endpoint.equals("cable")) {
            // ActionCable's clients reconnect on the protocol's own word, then see the close
            connection
                    .sendText(SERVER_RESTART)
                    .onItemOrFailure()
                    .transformToUni((sent, failed) -> connection.close(new CloseReason(code, shown)))
                    .subscribe()
                    .with(done -> {}, error -> {});
            return;
        }
        connection.close(new CloseReason(code, shown)).subscribe().with(done -> {}, error -> {});
    }
}
