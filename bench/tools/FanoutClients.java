import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * P5's and P5b's WebSocket clients: one process holds its share of the clients on one thread
 * (java.nio, one selector), a lighter load generator than Node's {@code ws} on the cores the server
 * shares (bench/README.md, P5). It speaks the worker side of {@code fanout.mjs}'s protocol, one JSON
 * message per line: it prints {@code ready} once every client has its snapshot, {@code closed} for
 * a client closed or never connected, {@code report} (the arrival times of a round's update, ms of
 * the monotonic clock, and its CPU since the last report) when told {@code report ROUND WAIT_MS} on its
 * input, and {@code stopped} (its CPU seconds) when told {@code stop}, then exits.
 *
 * <p>Each client follows the click/red counter: the snapshot's amount is its base, and an update
 * frame showing the amount base + n is round n's arrival (a frame covering several rounds at once
 * counts for each). Pings are answered; a client never sends anything else.
 *
 * <p>usage: {@code java FanoutClients HOST PORT KEY COUNT FIRST SOURCES}: COUNT clients, the
 * first numbered FIRST; with SOURCES > 0 client i connects from 127.0.0.(2 + i % SOURCES).
 */
public class FanoutClients {

    private static final int MAX_HANDSHAKES = 200; // in flight at once, as fanout.mjs's Node clients
    private static final byte[] NOTHING = new byte[0];
    private static final String CLICK_RED = "{\"action\":\"click\",\"color\":\"red\",\"amount\":";
    private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

    private final String host;
    private final int port;
    private final String key;
    private final int count;
    private final int first;
    private final int sources;
    private final Selector selector;
    private final Client[] clients;
    private final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(1 << 16);
    private final byte[] bytes = new byte[1 << 16];
    /** For each round, how many clients have seen it. */
    private int[] reached = new int[16];
    private int opened;
    private int connecting;
    private int ready;
    private long[] cpuMark = cpuTicks();

    /** One connection: its state, its bytes not yet a whole frame, and the rounds it has seen. */
    private static final class Client {
        final int number;
        SocketChannel channel;
        boolean upgraded;
        long base = -1;
        byte[] partial = NOTHING;
        double[] seen = new double[8];
        int rounds;
        int closeCode = -1;
        String error;
        boolean closed;

        Client(int number) {
            this.number = number;
        }
    }

    FanoutClients(String host, int port, String key, int count, int first, int sources) throws IOException {
        this.host = host;
        this.port = port;
        this.key = key;
        this.count = count;
        this.first = first;
        this.sources = sources;
        this.selector = Selector.open();
        this.clients = new Client[count];
    }

    public static void main(String[] args) throws Exception {
        FanoutClients fanout = new FanoutClients(
                args[0], Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        Thread input = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    fanout.commands.add(line.trim());
                    fanout.selector.wakeup();
                }
            } catch (IOException e) {
                // the coordinator is gone: stop as told
            }
            fanout.commands.add("stop");
            fanout.selector.wakeup();
        }, "input");
        input.setDaemon(true);
        input.start();
        fanout.run();
    }

    private void run() throws IOException {
        openMore();
        int reportRound = 0; // the round whose report is waited for (0: none) and until when
        double reportDeadline = 0;
        while (true) {
            selector.select(reportRound == 0 ? 0 : 5);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey selected = keys.next();
                keys.remove();
                Client client = (Client) selected.attachment();
                try {
                    if (selected.isConnectable()) {
                        connected(client, selected);
                    } else if (selected.isReadable()) {
                        readable(client);
                    }
                } catch (IOException e) {
                    failed(client, e.getMessage());
                }
            }
            for (String command; (command = commands.poll()) != null; ) {
                if (command.startsWith("report ")) {
                    String[] words = command.split(" ");
                    reportRound = Integer.parseInt(words[1]);
                    reportDeadline = nowMillis() + Double.parseDouble(words[2]);
                } else if (command.equals("stop")) {
                    stop();
                    return;
                }
            }
            if (reportRound > 0) {
                int missing = count - (reportRound < reached.length ? reached[reportRound] : 0);
                if (missing == 0 || nowMillis() >= reportDeadline) {
                    report(reportRound, missing);
                    reportRound = 0;
                }
            }
        }
    }

    /** Starts connections until MAX_HANDSHAKES are in flight or every client has been started. */
    private void openMore() {
        while (connecting < MAX_HANDSHAKES && opened < count) {
            Client client = new Client(opened);
            clients[opened++] = client;
            connecting++;
            try {
                SocketChannel channel = SocketChannel.open();
                client.channel = channel;
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (sources > 0) {
                    // as Node's ws clients (libuv sets it on a bind): Linux then hands these binds the
                    // ports bench.sh sizes the addresses for
                    channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    // round-robin over every client of every process, as fanout.mjs's Node clients
                    channel.bind(new InetSocketAddress("127.0.0." + (2 + (first + client.number) % sources), 0));
                }
                if (channel.connect(new InetSocketAddress(host, port))) {
                    sendHandshake(client);
                    channel.register(selector, SelectionKey.OP_READ, client);
                } else {
                    channel.register(selector, SelectionKey.OP_CONNECT, client);
                }
            } catch (IOException e) {
                failed(client, e.getMessage());
            }
        }
    }

    private void connected(Client client, SelectionKey selected) throws IOException {
        client.channel.finishConnect();
        selected.interestOps(SelectionKey.OP_READ);
        sendHandshake(client);
    }

    private void sendHandshake(Client client) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET /v1/live?api_key=" + key + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        writeFully(client.channel, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    }

    private void readable(Client client) throws IOException {
        readBuffer.clear();
        int read = client.channel.read(readBuffer);
        if (read < 0) {
            ended(client, client.closeCode < 0 ? 1006 : client.closeCode);
            return;
        }
        double now = nowMillis();
        readBuffer.flip();
        int have = client.partial.length;
        byte[] data = have + read <= bytes.length ? bytes : new byte[have + read];
        System.arraycopy(client.partial, 0, data, 0, have);
        readBuffer.get(data, have, read);
        int length = have + read;
        int at = 0;
        if (!client.upgraded) {
            int end = indexOf(data, length, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end < 0) {
                client.partial = Arrays.copyOf(data, length);
                return;
            }
            String status = new String(data, 0, Math.min(end, 12), StandardCharsets.US_ASCII);
            if (!status.equals("HTTP/1.1 101")) {
                failed(client, "handshake answered " + new String(data, 0, end, StandardCharsets.US_ASCII).split("\r\n")[0]);
                return;
            }
            client.upgraded = true;
            at = end + 4;
        }
        while (true) {
            if (length - at < 2) {
                break;
            }
            int opcode = data[at] & 0x0f;
            boolean fin = (data[at] & 0x80) != 0;
            long payload = data[at + 1] & 0x7f;
            int header = 2;
            if (payload == 126) {
                if (length - at < 4) {
                    break;
                }
                payload = ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
                header = 4;
            } else if (payload == 127) {
                if (length - at < 10) {
                    break;
                }
                payload = ByteBuffer.wrap(data, at + 2, 8).getLong();
                header = 10;
            }
            if ((data[at + 1] & 0x80) != 0 || !fin || payload < 0 || payload > (1 << 24)) {
                failed(client, "unexpected frame (masked, fragmented or over 16 MB)");
                return;
            }
            if (length - at - header < payload) {
                break;
            }
            frame(client, opcode, data, at + header, (int) payload, now);
            if (client.closed) {
                return;
            }
            at += header + (int) payload;
        }
        client.partial = at == length ? NOTHING : Arrays.copyOfRange(data, at, length);
    }

    private void frame(Client client, int opcode, byte[] data, int from, int length, double now) throws IOException {
        switch (opcode) {
            case 1 -> text(client, new String(data, from, length, StandardCharsets.UTF_8), now);
            case 8 -> {
                client.closeCode = length >= 2 ? ((data[from] & 0xff) << 8) | (data[from + 1] & 0xff) : 1005;
                ended(client, client.closeCode);
            }
            case 9 -> sendFrame(client, 10, Arrays.copyOfRange(data, from, from + length)); // pong
            default -> {} // pong or binary: nothing to see
        }
    }

    private void text(Client client, String frame, double now) {
        if (client.base < 0) {
            if (frame.startsWith("{\"type\":\"snapshot\"")) {
                int click = frame.indexOf("\"click\":{", frame.indexOf("\"counts\":"));
                int red = frame.indexOf("\"red\":", click);
                if (click < 0 || red < 0 || red > frame.indexOf('}', click)) {
                    failed(client, "a snapshot without counts.click.red");
                    return;
                }
                client.base = amountAfter(frame, red + 6);
                connecting--;
                if (++ready == count) {
                    cpuMark = cpuTicks();
                    OUT.println("{\"type\":\"ready\"}");
                    OUT.flush();
                }
                openMore();
            }
            return;
        }
        // {"type":"update","changes":[{"action":"click","color":"red","amount":N,"version":V},…]}
        int at = frame.indexOf(CLICK_RED);
        if (at < 0) {
            return;
        }
        long amount = amountAfter(frame, at + CLICK_RED.length());
        for (long round = client.rounds + 1; round <= amount - client.base; round++) {
            if (client.rounds == client.seen.length) {
                client.seen = Arrays.copyOf(client.seen, client.seen.length * 2);
            }
            client.seen[client.rounds++] = now;
            if (reached.length <= client.rounds) {
                reached = Arrays.copyOf(reached, reached.length * 2);
            }
            reached[client.rounds]++;
        }
    }

    private static long amountAfter(String text, int at) {
        long value = 0;
        for (int i = at; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    /** A client frame: masked, as RFC 6455 requires of clients. */
    private void sendFrame(Client client, int opcode, byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
        frame.put((byte) (0x80 | opcode)).put((byte) (0x80 | payload.length)); // control frames: ≤ 125 bytes
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        frame.flip();
        writeFully(client.channel, frame);
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        // a handshake or a pong: a few hundred bytes into an empty send buffer
        for (int spins = 0; buffer.hasRemaining(); spins++) {
            if (channel.write(buffer) == 0 && spins > 1000) {
                throw new IOException("socket not writable");
            }
        }
    }

    private void failed(Client client, String error) {
        client.error = error;
        ended(client, 1006);
    }

    private void ended(Client client, int code) {
        if (client.closed) {
            return;
        }
        client.closed = true;
        if (client.base < 0) {
            connecting--; // its handshake slot
            openMore();
        }
        try {
            if (client.channel != null) { // null: the socket could not even be opened
                client.channel.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        if (client.base < 0 || code != 1000) {
            OUT.println("{\"type\":\"closed\",\"code\":" + code + ",\"connected\":" + (client.base >= 0)
                    + (client.error == null ? "" : ",\"error\":\"" + client.error.replace("\\", "\\\\").replace("\"", "'") + "\"")
                    + "}");
            OUT.flush();
        }
    }

    private void report(int round, int missing) {
        long[] now = cpuTicks();
        StringBuilder line = new StringBuilder(count * 20 + 100);
        line.append("{\"type\":\"report\",\"missing\":").append(missing)
                .append(",\"cpuMs\":").append((now[0] + now[1] - cpuMark[0] - cpuMark[1]) * 10)
                .append(",\"sysMs\":").append((now[1] - cpuMark[1]) * 10)
                .append(",\"times\":[");
        cpuMark = now;
        boolean any = false;
        for (Client client : clients) {
            if (client.rounds >= round) {
                line.append(any ? "," : "").append(client.seen[round - 1]);
                any = true;
            }
        }
        OUT.println(line.append("]}"));
        OUT.flush();
    }

    private void stop() {
        for (Client client : clients) {
            if (client != null && client.channel != null) {
                try {
                    client.channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
        long[] cpu = cpuTicks();
        OUT.println("{\"type\":\"stopped\",\"cpuSeconds\":" + (cpu[0] + cpu[1]) / 100.0 + "}");
        OUT.flush();
    }

    /** This process's user and system CPU, in /proc's ticks of 10 ms. */
    private static long[] cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The machine's monotonic clock in ms (CLOCK_MONOTONIC, as the coordinator's
     * {@code process.hrtime}): one clock for every process, never adjusted.
     */
    private static double nowMillis() {
        return System.nanoTime() / 1_000_000.0;
    }

    private static int indexOf(byte[] data, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
