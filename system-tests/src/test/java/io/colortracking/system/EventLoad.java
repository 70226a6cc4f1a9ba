package io.colortracking.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that post events with ids of their own and send a batch again, with the same ids, until
 * it is acknowledged with a 202, as tracker.js does. What counts is what got a 202: the expected
 * count of every (action, color) is the number of distinct acknowledged ids for it.
 */
final class EventLoad implements AutoCloseable {

    static final List<String> COLORS = List.of("blue", "green", "red", "yellow");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final String endpoint;
    private final String apiKey;
    private final int total;
    private final int batchSize;
    private final double resendFraction;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>(); // id → action:color
    private final Map<String, String> acknowledgedPlaces = new ConcurrentHashMap<>(); // id → action:bx:by
    private volatile boolean positions;
    private final Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
    private final AtomicLong failedRequests = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final List<Thread> clients = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final java.util.Queue<Long> acknowledgedAt = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile long nanosPerBatch;
    private final AtomicLong nextSlot = new AtomicLong(System.nanoTime());

    /**
     * @param resendFraction the share of acknowledged batches a client sends once more, same ids
     *                       (a retry after a lost answer)
     */
    EventLoad(String ingestUrl, String apiKey, int total, int batchSize, double resendFraction) {
        this.endpoint = ingestUrl + "/v1/events";
        this.apiKey = apiKey;
        this.total = total;
        this.batchSize = batchSize;
        this.resendFraction = resendFraction;
    }

    /** Spreads the events over time: at most this many a second in all (0: as fast as answered). */
    EventLoad paced(int eventsPerSecond) {
        nanosPerBatch = eventsPerSecond == 0 ? 0 : 1_000_000_000L * batchSize / eventsPerSecond;
        return this;
    }

    /**
     * Every other event also carries a position in the area {@value #AREA}, the centre of a 32 × 32
     * cell that varies with the event, so the heatmaps can be checked as exactly as the counts.
     */
    EventLoad withPositions() {
        positions = true;
        return this;
    }

    static final String AREA = "grid";

    EventLoad start(int clientCount) {
        nextSlot.set(System.nanoTime());
        for (int i = 0; i < clientCount; i++) {
            Thread client = new Thread(this::run, "event-load-" + i);
            client.setDaemon(true);
            clients.add(client);
            client.start();
        }
        return this;
    }

    private void run() {
        for (int first = next.getAndAdd(batchSize); first < total; first = next.getAndAdd(batchSize)) {
            if (nanosPerBatch > 0) {
                // the client's own pace: each batch waits for its slot
                long wait = nextSlot.getAndAdd(nanosPerBatch) - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
            Map<String, String> batch = new TreeMap<>();
            Map<String, String> places = new TreeMap<>();
            StringBuilder body = new StringBuilder("{\"events\":[");
            for (int i = first; i < Math.min(first + batchSize, total); i++) {
                String id = UUID.randomUUID().toString();
                String action = i % 3 == 0 ? "hover" : "click";
                String color = COLORS.get(i % COLORS.size());
                batch.put(id, action + ":" + color);
                body.append(i == first ? "" : ",")
                        .append("{\"id\":\"")
                        .append(id)
                        .append("\",\"action\":\"")
                        .append(action)
                        .append("\",\"color\":\"")
                        .append(color)
                        .append('"');
                if (positions && i % 2 == 0) {
                    int bx = (i * 7) % 32;
                    int by = (i / 32 * 13) % 32;
                    places.put(id, action + ":" + bx + ":" + by);
                    // a cell's centre, (2k + 1) / 64: exact in binary, so no rounding moves it
                    body.append(",\"area\":\"" + AREA + "\",\"x\":")
                            .append((2 * bx + 1) / 64.0)
                            .append(",\"y\":")
                            .append((2 * by + 1) / 64.0);
                }
                body.append('}');
            }
            body.append("]}");
            if (!sendUntilAcknowledged(body.toString())) {
                return;
            }
            acknowledged.putAll(batch);
            acknowledgedPlaces.putAll(places);
            if (ThreadLocalRandom.current().nextDouble() < resendFraction && sendUntilAcknowledged(body.toString())) {
                resent.addAndGet(batch.size());
            }
        }
    }

    /** Sends until a 202; a 4xx other than 408/429 is a test failure (the events are valid). */
    private boolean sendUntilAcknowledged(String body) {
        long backoff = 100;
        for (; ; ) {
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(endpoint))
                                .header("Content-Type", "application/json")
                                .header("X-API-Key", apiKey)
                                .timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                answers.computeIfAbsent(response.statusCode(), status -> new AtomicLong())
                        .incrementAndGet();
                if (response.statusCode() == 202) {
                    acknowledgedAt.add(System.nanoTime());
                    return true;
                }
                if (response.statusCode() < 500 && response.statusCode() != 408 && response.statusCode() != 429) {
                    synchronized (errors) {
                        errors.add(response.statusCode() + " " + response.body());
                    }
                    return false;
                }
            } catch (IOException e) {
                failedRequests.incrementAndGet(); // the service is down, or the answer was lost: same ids again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(backoff); // a client's backoff between retries, not test synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            backoff = Math.min(backoff * 2, 1000);
        }
    }

    boolean done() {
        return clients.stream().noneMatch(Thread::isAlive);
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** "action:color" → the number of distinct acknowledged ids, every counter present. */
    Map<String, Long> expected() {
        Map<String, Long> expected = new TreeMap<>();
        for (String action : List.of("click", "hover")) {
            for (String color : COLORS) {
                expected.put(action + ":" + color, 0L);
            }
        }
        acknowledged.values().forEach(counter -> expected.merge(counter, 1L, Long::sum));
        return expected;
    }

    /**
     * For one action, "bx:by" → the number of distinct acknowledged ids with a position in that
     * cell of {@value #AREA}, all colors together: what its heatmap must hold.
     */
    Map<String, Long> expectedHeat(String action) {
        Map<String, Long> expected = new TreeMap<>();
        acknowledgedPlaces.values().stream()
                .filter(place -> place.startsWith(action + ":"))
                .forEach(place -> expected.merge(place.substring(action.length() + 1), 1L, Long::sum));
        return expected;
    }

    /** How many requests got their 202 between the two instants ({@link System#nanoTime()}). */
    long acknowledgedBetween(long fromNanos, long toNanos) {
        return acknowledgedAt.stream()
                .filter(at -> at >= fromNanos && at <= toNanos)
                .count();
    }

    /** Every HTTP status answered so far. */
    java.util.Set<Integer> statuses() {
        return java.util.Set.copyOf(answers.keySet());
    }

    long answered(int status) {
        return answers.getOrDefault(status, new AtomicLong()).get();
    }

    long failedRequests() {
        return failedRequests.get();
    }

    long resentEvents() {
        return resent.get();
    }

    List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    String summary() {
        return "acknowledged " + acknowledged.size() + " of " + total + ", answers " + answers + ", failed requests "
                + failedRequests + ", re-sent " + resent;
    }

    @Override
    public void close() {
        clients.forEach(Thread::interrupt);
    }
}
