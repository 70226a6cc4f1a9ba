package io.colortracking.broadcast.ws;

import io.colortracking.broadcast.live.CursorViewers;
import io.colortracking.common.CloseCodes;
import io.colortracking.common.keys.KeyIdentity;
import io.colortracking.common.keys.RequestKeys;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * {@code /v1/live/cursors?api_key=KEY&token=READ_TOKEN}: the tenant's visitors now and their
 * pointers, live ({@link CursorViewers}). Private: only with the key's read token (checked for
 * this path by the one key check, {@link RequestKeys#admitReader}); the public key alone, a wrong
 * or rotated token, or a revoked key close it with 4401 (also later, once the token is rotated).
 */
@WebSocket(path = "/v1/live/cursors")
public class CursorsSocket {

    private final CursorViewers cursors;
    private final SecurityIdentity identity;

    public CursorsSocket(CursorViewers cursors, SecurityIdentity identity) {
        this.cursors = cursors;
        this.identity = identity;
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        WebSocketOutlet outlet = new WebSocketOutlet(connection, "cursors");
        RequestKeys.Admission admission = KeyIdentity.admission(identity);
        if (!admission.readsBehaviour()) {
            // a key admitted any other way (its public form) never reads behaviour
            outlet.close(
                    admission.admitted() ? CloseCodes.UNAUTHORIZED : admission.closeCode(),
                    admission.admitted() ? RequestKeys.NO_READ_TOKEN : admission.detail());
            return;
        }
        cursors.open(outlet, admission.key());
    }

    /** The endpoint only talks: a client that sends data is closed, 1008. */
    @OnTextMessage
    public void onText(String message, WebSocketConnection connection) {
        refuse(connection);
    }

    @OnBinaryMessage
    public void onBinary(io.vertx.core.buffer.Buffer message, WebSocketConnection connection) {
        refuse(connection);
    }

    private void refuse(WebSocketConnection connection) {
        if (!connection.isClosed()) {
            cursors.closed(connection.id());
            new WebSocketOutlet(connection, "cursors")
                    .close(CloseCodes.POLICY_VIOLATION, "/v1/live/cursors takes no messages");
        }
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        cursors.closed(connection.id());
    }
}
