package io.colortracking.broadcast.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.broadcast.live.HeatAreas;
import io.colortracking.broadcast.live.LiveFormat;
import io.colortracking.broadcast.live.LiveMetrics;
import io.colortracking.broadcast.live.LiveSession;
import io.colortracking.broadcast.live.LiveSessions;
import io.colortracking.broadcast.view.HeatView;
import io.colortracking.common.CloseCodes;
import io.colortracking.common.keys.KeyIdentity;
import io.colortracking.common.keys.RequestKeys;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/live?api_key=KEY[&heat=AREA,...]}: a snapshot of the tenant's counts (and the all-time
 * cells of up to four areas' heatmaps) first, then update frames with the counters that changed
 * and heat frames with the cells that changed. Closes with 4401 when the key is missing, malformed, unknown or
 * revoked (also later, when it is revoked while the client is connected), with 4403 when the
 * page's origin is not allowed for the key, and with 1008 when the client sends anything or {@code heat} is not a list of area names.
 */
@WebSocket(path = "/v1/live")
public class LiveSocket {

    private final LiveSessions sessions;
    private final SecurityIdentity identity;
    private final LiveFormat format;
    private final LiveMetrics metrics;

    public LiveSocket(
            LiveSessions sessions, SecurityIdentity identity, ObjectMapper mapper, HeatView heat, LiveMetrics metrics) {
        this.sessions = sessions;
        this.identity = identity;
        this.format = new LiveFormat(mapper, heat);
        this.metrics = metrics;
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        WebSocketOutlet outlet = new WebSocketOutlet(connection, "live");
        RequestKeys.Admission admission = KeyIdentity.admission(identity);
        if (!admission.admitted()) {
            metrics.closed(
                    switch (admission.closeCode()) {
                        case CloseCodes.TRY_AGAIN_LATER -> LiveMetrics.KEYS_LOADING;
                        case CloseCodes.FORBIDDEN -> LiveMetrics.FORBIDDEN;
                        default -> LiveMetrics.UNAUTHORIZED;
                    });
            outlet.close(admission.closeCode(), admission.detail());
            return;
        }
        Set<String> heatAreas;
        try {
            heatAreas = HeatAreas.parse(queryParameter(connection, "heat"));
        } catch (IllegalArgumentException e) {
            metrics.closed(LiveMetrics.POLICY);
            outlet.close(CloseCodes.POLICY_VIOLATION, e.getMessage());
            return;
        }
        sessions.open(new LiveSession(outlet, admission.key().apiKey(), format, heatAreas));
    }

    /** The endpoint only talks: a client that sends data (a flood, a confused client) is closed, 1008. */
    @OnTextMessage
    public void onText(String message, WebSocketConnection connection) {
        refuseMessages(connection);
    }

    @OnBinaryMessage
    public void onBinary(io.vertx.core.buffer.Buffer message, WebSocketConnection connection) {
        refuseMessages(connection);
    }

    private void refuseMessages(WebSocketConnection connection) {
        if (!connection.isClosed()) {
            sessions.closed(connection.id(), LiveMetrics.POLICY);
            new WebSocketOutlet(connection, "live").close(CloseCodes.POLICY_VIOLATION, "/v1/live takes no messages");
        }
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        sessions.closed(connection.id(), LiveMetrics.CLIENT);
    }

    static String queryParameter(WebSocketConnection connection, String name) {
        String query = connection.handshakeRequest().query();
        if (query == null || query.isEmpty()) {
            return null;
        }
        Map<String, List<String>> parameters = new QueryStringDecoder(query, false).parameters();
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
