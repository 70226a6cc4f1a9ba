package io.colortracking.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client that keeps every text frame it receives, and how it was closed. */
public final class LiveClient implements AutoCloseable {

    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private final WebSocket socket;

    private LiveClient(URI uri, String subprotocol) throws Exception {
        this(uri, subprotocol, null);
    }

    private LiveClient(URI uri, String subprotocol, String origin, String... more) throws Exception {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol, more);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        this.socket = builder.buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
    }

    public static LiveClient connect(String uri) throws Exception {
        return new LiveClient(URI.create(uri), null);
    }

    /** Connects asking for a subprotocol (ActionCable's {@code actioncable-v1-json}). */
    public static LiveClient connect(String uri, String subprotocol) throws Exception {
        return new LiveClient(URI.create(uri), subprotocol);
    }

    /** Connects offering several subprotocols, the most wanted first (the live cursors' token rides on one). */
    public static LiveClient connect(String uri, String subprotocol, String... more) throws Exception {
        return new LiveClient(URI.create(uri), subprotocol, null, more);
    }

    /** Connects as a page of {@code origin} would (its {@code Origin} header), with an optional subprotocol. */
    public static LiveClient connectFrom(String origin, String uri, String subprotocol) throws Exception {
        return new LiveClient(URI.create(uri), subprotocol, origin);
    }

    /** The subprotocol the server chose, or empty. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends a text frame and waits until it is written. */
    public void send(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    /**
     * Connects until the server sends a first frame (its snapshot): a key registered a moment ago
     * may not be known to the service yet (it closes with 4401 until it is).
     */
    public static LiveClient connectAdmitted(String uri, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            LiveClient client = connect(uri);
            while (client.frames.isEmpty() && client.closeCode() == null && System.nanoTime() < deadline) {
                try {
                    client.closeCode.get(20, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException stillOpen) {
                    // no frame yet
                }
            }
            if (!client.frames.isEmpty()) {
                return client;
            }
            client.close();
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("No snapshot from " + uri + " within " + timeout + "; last close code "
                        + client.closeCode() + " (" + client.closeReason() + ")");
            }
        }
    }

    /** Every text frame received so far, in order. */
    public List<String> frames() {
        return List.copyOf(frames);
    }

    /** The close code once the server closed, else {@code null}. */
    public Integer closeCode() {
        return closeCode.getNow(null);
    }

    public String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }
}
