package io.colortracking.broadcast.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.broadcast.view.CountsView;
import io.colortracking.broadcast.keys.ApiKeys;
import io.colortracking.common.keys.RequestKeys;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/live?api_key=KEY}: a snapshot of the tenant's counts first, then update frames with
 * the counters that changed. Closes with 4401 when the key is missing, malformed, unknown or
 * revoked (also later, when it is revoked while the client is connected), and with 4403 when the
 * page's origin is not allowed for the key.
 */
@WebSocket(path = "/v1/live")
public class LiveSocket {

    static final int UNAUTHORIZED = 4401;
    static final int FORBIDDEN = 4403;
    /** A client that did not read for {@code colortracking.live.stuck-timeout}. */
    static final int TOO_SLOW = 4408;

    private final LiveSessions sessions;
    private final CountsView view;
    private final ApiKeys keys;
    private final ObjectMapper mapper;

    public LiveSocket(LiveSessions sessions, CountsView view, ApiKeys keys, ObjectMapper mapper) {
        this.sessions = sessions;
        this.view = view;
        this.keys = keys;
        this.mapper = mapper;
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) throws JsonProcessingException {
        RequestKeys.Admission admission = RequestKeys.admit(keys::active, null, null,
                queryParameter(connection, "api_key"), connection.handshakeRequest().header("Origin"));
        if (!admission.admitted()) {
            // a close reason holds at most 123 bytes
            String reason = admission.detail().length() > 120 ? admission.detail().substring(0, 120) : admission.detail();
            return connection.close(new CloseReason(admission.status() == 403 ? FORBIDDEN : UNAUTHORIZED, reason));
        }
        Optional<String> apiKey = Optional.of(admission.key().apiKey());
        LiveSession session = new LiveSession(connection, apiKey.get());
        // registered before the snapshot is read, so no change falls between the two
        sessions.add(session);
        String snapshot = mapper.writeValueAsString(Frames.SnapshotFrame.of(apiKey.get(), view.snapshot(apiKey.get())));
        return connection.sendText(snapshot).invoke(() -> sessions.snapshotSent(session));
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        sessions.remove(connection.id());
    }

    private static String queryParameter(WebSocketConnection connection, String name) {
        String query = connection.handshakeRequest().query();
        if (query == null || query.isEmpty()) {
            return null;
        }
        Map<String, List<String>> parameters = new QueryStringDecoder(query, false).parameters();
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
