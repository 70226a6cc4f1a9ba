import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmarks' helpers, compiled by bench.sh against the local platform's classpath
 * ({@code java -cp ... BenchTools COMMAND ...}).
 *
 * <ul>
 *   <li>{@code payload FILE N KEY}: N events serialised exactly as ingest-service writes them
 *       (one per line), the payload file of ProducerPerformance for P1's ceiling;</li>
 *   <li>{@code backlog BOOTSTRAP KEY N REPEATS IDS_FILE [positions]}: N events with unique ids on
 *       the two event topics plus REPEATS of them sent again (client retries), the ids written to
 *       IDS_FILE for P3's COPY ceiling; prints the per-counter totals the counter must reach. With
 *       {@code positions}, every event also carries a position in the area {@code grid} (x, y
 *       uniform, 4 decimals as tracker.js sends them: the worst case, nearly every event its own
 *       heatmap cell in a batch), and a second line gives the heatmap totals per action;</li>
 *   <li>{@code compacted BOOTSTRAP KEYS_FILE}: for each key of the file (one per line), its 8
 *       counters on color_aggregates and a heatmap of 256 cells on heat_grids, for P6.</li>
 * </ul>
 */
public class BenchTools {

    static final String[] COLORS = {"blue", "green", "red", "yellow"};
    static final String[] ACTIONS = {"click", "hover"};

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "payload" -> payload(Path.of(args[1]), Integer.parseInt(args[2]), args[3]);
            case "backlog" -> backlog(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]),
                    args.length > 6 && args[6].equals("positions"));
            case "compacted" -> compacted(args[1], Files.readAllLines(Path.of(args[2]), StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /** The JSON ingest-service puts on the topic for an event posted without id, page or position. */
    static String event(UUID id, String key, String action, String color, Instant at) {
        return "{\"id\":\"" + id + "\",\"api_key\":\"" + key + "\",\"action\":\"" + action + "\",\"color\":\"" + color
                + "\",\"occurred_at\":\"" + at + "\",\"received_at\":\"" + at + "\"}";
    }

    /**
     * The compacted topics a platform in use holds, for P6: for each key, its 8 counters on
     * color_aggregates and an all-time heatmap of 256 cells on heat_grids, as counter-service
     * publishes them (the keys themselves are made through the key API, so api_keys holds them).
     */
    static void compacted(String bootstrap, List<String> keys) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        String at = Instant.now().toString();
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (String key : keys) {
                for (String action : ACTIONS) {
                    for (String color : COLORS) {
                        long amount = ThreadLocalRandom.current().nextLong(1, 100_000);
                        producer.send(new ProducerRecord<>("color_aggregates", key + ":" + action + ":" + color,
                                "{\"api_key\":\"" + key + "\",\"action\":\"" + action + "\",\"color\":\"" + color
                                        + "\",\"amount\":" + amount + ",\"version\":" + amount + ",\"updated_at\":\"" + at + "\"}"));
                    }
                }
                StringBuilder cells = new StringBuilder();
                for (int i = 0; i < 256; i++) {
                    cells.append(i == 0 ? "" : ",").append('[').append(i % 32).append(',').append(i / 32 * 4).append(',')
                            .append(ThreadLocalRandom.current().nextInt(1, 1000)).append(']');
                }
                producer.send(new ProducerRecord<>("heat_grids", key + ":grid:click:red",
                        "{\"api_key\":\"" + key + "\",\"area\":\"grid\",\"action\":\"click\",\"color\":\"red\",\"cells\":["
                                + cells + "],\"version\":1,\"updated_at\":\"" + at + "\"}"));
            }
            producer.flush();
        }
    }

    static void payload(Path file, int n, String key) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                out.write(event(UUID.randomUUID(), key, ACTIONS[i % 2], COLORS[i % 4], Instant.now()));
                out.write('\n');
            }
        }
    }

    /** The same with a position in the area {@code grid}, as ingest-service writes it. */
    static String placed(UUID id, String key, String action, String color, Instant at) {
        String plain = event(id, key, action, color, at);
        double x = ThreadLocalRandom.current().nextInt(10001) / 10000.0;
        double y = ThreadLocalRandom.current().nextInt(10001) / 10000.0;
        return plain.substring(0, plain.length() - 1) + ",\"area\":\"grid\",\"x\":" + x + ",\"y\":" + y + "}";
    }

    static void backlog(String bootstrap, String key, int n, int repeats, Path idsFile, boolean positions)
            throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long[] expected = new long[ACTIONS.length * COLORS.length];
        List<String> sent = new ArrayList<>(repeats);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
                BufferedWriter ids = Files.newBufferedWriter(idsFile, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                int action = ThreadLocalRandom.current().nextInt(2);
                int color = ThreadLocalRandom.current().nextInt(4);
                UUID id = UUID.randomUUID();
                String json = positions
                        ? placed(id, key, ACTIONS[action], COLORS[color], Instant.now())
                        : event(id, key, ACTIONS[action], COLORS[color], Instant.now());
                String topic = ACTIONS[action] + "_on_colors";
                producer.send(new ProducerRecord<>(topic, id.toString(), json), (metadata, error) -> {
                    if (error != null) {
                        failure.set(error);
                    }
                });
                expected[action * COLORS.length + color]++;
                ids.write(id.toString());
                ids.write('\n');
                if (sent.size() < repeats) {
                    sent.add(topic + "\t" + id + "\t" + json);
                }
            }
            for (String repeat : sent) { // the same events again: must not count twice
                String[] parts = repeat.split("\t", 3); // the same key (its id) as the original: the same partition
                producer.send(new ProducerRecord<>(parts[0], parts[1], parts[2]));
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        StringBuilder totals = new StringBuilder();
        for (int a = 0; a < ACTIONS.length; a++) {
            for (int c = 0; c < COLORS.length; c++) {
                totals.append(ACTIONS[a]).append(':').append(COLORS[c]).append('=').append(expected[a * COLORS.length + c]).append(' ');
            }
        }
        System.out.println(totals.toString().trim());
        if (positions) {
            long clicks = 0;
            for (int c = 0; c < COLORS.length; c++) {
                clicks += expected[c];
            }
            System.out.println("heat click=" + clicks + " hover=" + (n - clicks));
        }
    }
}
