package io.colortracking.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A request that is never finished: its start is sent once and then nothing, as a slowloris client
 * does. What the server answers (often nothing) and when it closes the connection are recorded in
 * the background.
 */
final class PartialRequest implements AutoCloseable {

    private final Socket socket;
    private final long sentAt;
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();

    /** How the server ended it: what it sent, and after how long since the last byte of the request. */
    record Ending(String answer, Duration after) {}

    PartialRequest(int port) throws IOException {
        this(port, "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: ");
    }

    PartialRequest(int port, String start) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        sentAt = System.nanoTime();
        Thread reader = new Thread(
                () -> {
                    try (InputStream in = socket.getInputStream()) {
                        byte[] answer = in.readAllBytes();
                        ending.complete(new Ending(
                                new String(answer, StandardCharsets.US_ASCII),
                                Duration.ofNanos(System.nanoTime() - sentAt)));
                    } catch (IOException e) {
                        ending.complete(
                                new Ending("(" + e.getMessage() + ")", Duration.ofNanos(System.nanoTime() - sentAt)));
                    }
                },
                "partial-request-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends more of the request (a trickle). */
    void send(String more) throws IOException {
        socket.getOutputStream().write(more.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /**
     * From now on sends {@code more} once a second (a trickle: never silent long enough for an idle
     * timeout) until the server ends the request.
     */
    PartialRequest trickle(String more) {
        Thread sender = new Thread(
                () -> {
                    while (!ending.isDone()) {
                        try {
                            send(more);
                            ending.get(1, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (java.util.concurrent.TimeoutException stillOpen) {
                            // the next byte
                        } catch (Exception ended) {
                            return;
                        }
                    }
                },
                "trickle-" + socket.getPort());
        sender.setDaemon(true);
        sender.start();
        return this;
    }

    /** How the server ended the request, once it has. */
    CompletableFuture<Ending> ending() {
        return ending;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
